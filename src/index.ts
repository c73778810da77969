import type { Probot } from "probot";
import { IssueLocks } from "./handlers/issue-locks.js";
import type { AppRuntime } from "./handlers/incident-run.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onIssues } from "./handlers/issues.js";
import { onRepositoryDispatch } from "./handlers/repository-dispatch.js";

export interface FirebreakOptions {
  /** The app's bot login (`<slug>[bot]`); asked of GitHub once when not given. */
  appLogin?: string;
  /** Signs the verdict ledger kept in issue bodies. Defaults to FIREBREAK_SIGNING_KEY, then WEBHOOK_SECRET. */
  signingKey?: string;
}

/** Builds the Probot app function: wires each webhook event family to its one handler, nothing else. */
export function createFirebreak(options: FirebreakOptions = {}) {
  return (app: Probot): void => {
    const signingKey = options.signingKey ?? process.env.FIREBREAK_SIGNING_KEY ?? process.env.WEBHOOK_SECRET;
    if (!signingKey) throw new Error("Firebreak needs FIREBREAK_SIGNING_KEY or WEBHOOK_SECRET to sign the state it keeps in issues");
    let login: Promise<string> | undefined = options.appLogin ? Promise.resolve(options.appLogin) : process.env.FIREBREAK_APP_LOGIN ? Promise.resolve(process.env.FIREBREAK_APP_LOGIN) : undefined;
    const runtime: AppRuntime = {
      signingKey,
      locks: new IssueLocks(),
      appLogin() {
        login ??= app
          .auth()
          .then((octokit) => octokit.rest.apps.getAuthenticated())
          .then(({ data }) => `${data?.slug ?? "firebreak"}[bot]`)
          .catch((error: unknown) => {
            login = undefined;
            throw error;
          });
        return login;
      },
    };
    app.on("issue_comment", (context) => onIssueComment(context, runtime));
    app.on("issues", (context) => onIssues(context, runtime));
    app.on("repository_dispatch", (context) => onRepositoryDispatch(context, runtime));
  };
}

export default createFirebreak();
