import { runAction } from "./run.js";

/** The action's entry point (action.yml → dist-action/index.mjs, built by `npm run build:action`). */

const code = await runAction(process.env);
// Exit now: keep-alive sockets and timers left by Octokit would otherwise hold the job open until it times out.
process.exit(code);
