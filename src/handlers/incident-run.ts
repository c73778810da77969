import type { Context } from "probot";
import { loadIncidentConfig } from "../config/load.js";
import type { ConfigError } from "../config/parse.js";
import { readMarkers, renderMarker, digest } from "../domain/markers.js";
import { OctokitIncidentGitHub } from "../github/octokit-adapter.js";
import type { IncidentGitHub } from "../github/port.js";
import { renderConfigError } from "../render/views.js";
import type { IssueLocks } from "./issue-locks.js";
import { reconcileIncident, type ReconcileResult, type Trigger } from "./reconcile.js";

/** What every handler shares: who the app is, how it signs its ledger, and the per-issue queue. */
export interface AppRuntime {
  appLogin(): Promise<string>;
  signingKey: string;
  locks: IssueLocks;
}

type RepoContext = Context<"issues" | "issue_comment" | "repository_dispatch">;

/** Loads config and reconciles one issue, one run at a time per issue; a broken config is reported once and nothing else happens. */
export async function runForIssue(context: RepoContext, runtime: AppRuntime, issueNumber: number, trigger: Trigger = {}): Promise<ReconcileResult | undefined> {
  const { owner, repo } = context.repo();
  return runtime.locks.run(`${owner}/${repo}#${issueNumber}`, async () => {
    const gh = new OctokitIncidentGitHub(context.octokit, owner, repo);
    const appLogin = await runtime.appLogin();
    const loaded = await loadIncidentConfig(context);
    if (!loaded.ok) {
      await reportConfigErrorOnce(gh, issueNumber, loaded.error, appLogin);
      context.log.warn(`[${owner}/${repo}#${issueNumber}] ${loaded.error.message}`);
      return undefined;
    }
    return reconcileIncident(
      { gh, config: loaded.config, appLogin, signingKey: runtime.signingKey, defaultBranch: context.payload.repository?.default_branch ?? "main", log: context.log },
      issueNumber,
      trigger,
    );
  });
}

/** One reply per distinct error on an issue: a redelivery, or the next command, does not repeat it. */
export async function reportConfigErrorOnce(gh: IncidentGitHub, issueNumber: number, error: ConfigError, appLogin: string): Promise<void> {
  const text = error.toMarkdown();
  const key = digest(text);
  const timeline = await gh.listTimeline(issueNumber);
  const reported = timeline.some((item) => item.kind === "comment" && item.author.login === appLogin && readMarkers(item.body, "config-error").some((marker) => marker.digest === key));
  if (!reported) await gh.createComment(issueNumber, `${renderConfigError(text)}\n${renderMarker("config-error", { digest: key })}`);
}
