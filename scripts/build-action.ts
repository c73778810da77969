import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BuildOptions, build } from "esbuild";

/**
 * Bundles the GitHub Action (src/action/main.ts and everything it imports, Probot included) into the one file
 * action.yml runs, so a repository can `uses:` it without installing anything. `npm run build:action`.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const ACTION_BUNDLE = "dist-action/index.mjs";

export function actionBuildOptions(outfile: string): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: ["src/action/main.ts"],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    // ESM: Probot 14 and its Octokit are ESM-only, and the templates are found from import.meta.url.
    format: "esm",
    // CommonJS dependencies (pino, ioredis, handlebars) call require() for Node's built-ins; ESM has none.
    banner: {
      js: 'import { createRequire as __firebreakRequire } from "node:module";\nconst require = __firebreakRequire(import.meta.url);',
    },
    // Reproducible, so a test can rebuild and compare: no source maps, no metafile, and module paths relative
    // to the repository even when node_modules is a symlink (without this they would follow it).
    sourcemap: false,
    preserveSymlinks: true,
    legalComments: "eof",
    charset: "utf8",
    logLevel: "warning",
  };
}

export async function buildAction(outfile: string = ACTION_BUNDLE): Promise<void> {
  await build(actionBuildOptions(resolve(root, outfile)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildAction(process.argv[2]);
