import type { Context } from "probot";
import { loadIncidentConfig } from "../config/load.js";
import type { ConfigError } from "../config/parse.js";
import { appComments, recordsOfKind } from "../domain/inputs.js";
import { digest, renderRecord, type SigningKeys } from "../domain/markers.js";
import { OctokitIncidentGitHub } from "../github/octokit-adapter.js";
import type { IncidentGitHub } from "../github/port.js";
import { TemplateError } from "../render/environment.js";
import { loadTemplateOverrides, templateConfigError } from "../render/overrides.js";
import { renderConfigError } from "../render/views.js";
import type { IssueLocks } from "./issue-locks.js";
import { reconcileIncident, recordReader, type ReconcileResult, type Trigger } from "./reconcile.js";

/** What every handler shares: who the app is, how it signs its records, and the per-issue queue. */
export interface AppRuntime {
  appLogin(): Promise<string>;
  keys: SigningKeys;
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
      await reportConfigErrorOnce(gh, issueNumber, loaded.error, appLogin, runtime.keys);
      context.log.warn(`[${owner}/${repo}#${issueNumber}] ${loaded.error.message}`);
      return undefined;
    }
    const config = loaded.config;
    const repository = `${owner}/${repo}`;
    const overrides = await loadTemplateOverrides(config, (path) => gh.readFile(path), repository);
    if (!overrides.ok) {
      await reportConfigErrorOnce(gh, issueNumber, overrides.error, appLogin, runtime.keys);
      return undefined;
    }
    const defaultBranch = context.payload.repository?.default_branch ?? "main";
    const deps = { gh, config, appLogin, keys: runtime.keys, defaultBranch, templates: overrides.templates, log: context.log };
    try {
      return await reconcileIncident(deps, issueNumber, trigger);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      // A template that compiles but fails to render (an unknown helper, say): reported once, like a config error.
      await reportConfigErrorOnce(gh, issueNumber, templateConfigError(error, repository, config.templates[error.template]), appLogin, runtime.keys);
      return undefined;
    }
  });
}

/** One reply per distinct error on an issue: a redelivery, or the next command, does not repeat it. */
export async function reportConfigErrorOnce(gh: IncidentGitHub, issueNumber: number, error: ConfigError, appLogin: string, keys: SigningKeys): Promise<void> {
  const text = error.toMarkdown();
  const key = digest(text);
  const timeline = await gh.listTimeline(issueNumber);
  const comments = appComments(timeline, appLogin, recordReader(keys, gh.owner, gh.repo, issueNumber));
  const reported = recordsOfKind(comments, "config-error").some((record) => record.digest === key);
  if (!reported) await gh.createComment(issueNumber, `${renderConfigError(text)}\n${renderRecord("config-error", { digest: key }, `${gh.owner}/${gh.repo}#${issueNumber}`, keys)}`);
}
