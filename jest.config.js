/** Jest runs the TypeScript sources as native ESM (Probot 14 is ESM-only); @swc/jest strips types, `tsc --noEmit` checks them. */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } },
    ],
  },
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testTimeout: 20000,
  // Jest's default leaves a core to itself (one worker on a 2-core CI machine), though it only waits on workers:
  // both cores run suites, which halves the suite's wall time there.
  maxWorkers: "100%",
};
