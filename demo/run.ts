/**
 * `npm run demo`: a sev1 from declaration to its merged post-mortem against the GitHub stand-in (see demo/demo.ts).
 * Prints each step and what it cost, writes the final issue, the post-mortem, its pull request and the API cost of
 * each step to demo-output/,
 * and exits 1 when anything went wrong (the problems are printed last).
 */
import { resolve } from "node:path";
import { runDemo } from "./demo.js";

process.on("unhandledRejection", (reason) => {
  console.error("unhandled rejection:", reason);
  process.exit(1);
});

runDemo({ out: resolve("demo-output"), log: (line) => console.log(line) }).then(
  ({ problems }) => {
    for (const problem of problems) console.error(`✘ ${problem}`);
    process.exit(problems.length ? 1 : 0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
