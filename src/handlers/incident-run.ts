import type { Context } from "probot";
import type { SigningKeys } from "../domain/markers.js";
import type { Iso } from "../domain/time.js";
import type { Trigger } from "../pipeline/plan.js";
import type { ConfigCache } from "../config/cache.js";
import { defaultBranchOf, runIncident, type LoadedConfig, type RunResult } from "../pipeline/runner.js";
import type { KeyedLock } from "./issue-locks.js";
import type { IncidentIdClaims } from "../github/octokit/refs.js";
import type { SecondaryLimitOptions } from "../github/octokit/secondary-limits.js";

/** What every handler shares: who the app is, how it signs its records, the per-issue queue and the id claims. */
export interface AppRuntime {
  appLogin(): Promise<string>;
  keys: SigningKeys;
  locks: KeyedLock;
  claims: IncidentIdClaims;
  /** How rate-limit answers are waited out; GitHub's defaults unless a test scales them. */
  secondaryLimits?: SecondaryLimitOptions;
  /** Each repository's loaded config, until a push changes it or its TTL runs out. */
  configCache: ConfigCache<LoadedConfig>;
}

type RepoContext = Context<"issues" | "issue_comment" | "repository_dispatch" | "pull_request" | "check_run">;

/** Runs one incident issue for a webhook, one run at a time per issue, as of the event's time. */
export async function runForIssue(
  context: RepoContext,
  runtime: AppRuntime,
  issueNumber: number,
  trigger: Trigger = {},
  now: Iso = new Date().toISOString(),
  /** Another repository of the installation (a security alert's incident is opened in the security repository). */
  where: { owner: string; repo: string } = context.repo(),
): Promise<RunResult> {
  const { owner, repo } = where;
  const here = context.payload.repository;
  const elsewhere = here?.full_name.toLowerCase() !== `${owner}/${repo}`.toLowerCase();
  return runtime.locks.run(`${owner}/${repo}#${issueNumber}`, async () => {
    const result = await runIncident({
      octokit: context.octokit,
      owner,
      repo,
      issueNumber,
      defaultBranch: elsewhere ? await defaultBranchOf(context.octokit, owner, repo) : (here?.default_branch ?? "main"),
      now,
      trigger,
      log: context.log,
      keys: runtime.keys,
      claims: runtime.claims,
      secondaryLimits: runtime.secondaryLimits,
      configCache: runtime.configCache,
      locks: runtime.locks,
      appLogin: await runtime.appLogin(),
    });
    const { planned, performed, skippedAsDone, failed } = result.stats;
    context.log.debug(
      {
        incident: `${owner}/${repo}#${issueNumber}`,
        planned,
        performed,
        skippedAsDone,
        failed,
        requests: result.requests,
      },
      "run finished",
    );
    return result;
  });
}
