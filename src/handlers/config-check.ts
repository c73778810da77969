import type { Context } from "probot";
import { CONFIG_PATH, FORM_PATH, validateConfig, validationPasses, validationReport } from "../config/validate.js";
import { octokitPorts } from "../github/octokit/index.js";
import type { PullRequestsPort } from "../github/port.js";
import { reconcileConfigIssue, withUnsetChannels } from "../pipeline/config-issue.js";
import { loadRepositoryConfig } from "../pipeline/runner.js";
import type { AppRuntime } from "./incident-run.js";

/**
 * The "Firebreak config" check: mistakes in `.github/incident.yml` or a template it names are caught before they
 * merge, with the messages the config issue shows. It runs on pull requests and pushes that change one of those
 * files. A push to the default branch also opens, updates or closes the repository's config issue.
 */
const CONFIG_CHECK_NAME = "Firebreak config";

export async function onConfigPull(context: Context<"pull_request">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (!["opened", "reopened", "synchronize"].includes(payload.action)) return;
  const pr = payload.pull_request;
  const appLogin = await runtime.appLogin();
  // The app's own pull requests (post-mortems) change no configuration.
  if (pr.user?.login === appLogin) return;
  const { owner, repo } = context.repo();
  const { pulls } = octokitPorts(context.octokit, owner, repo);
  const atHead = reader(pulls, pr.head.sha);
  const atBase = reader(pulls, pr.base.sha);
  const [head, base] = await Promise.all([atHead(CONFIG_PATH), atBase(CONFIG_PATH)]);
  if (head === undefined && base === undefined) return;
  const result = await validateAt(atHead, `${owner}/${repo}`, "at the pull request's head");
  if (head === base) {
    // Only the templates or the issue form can have changed: checked when one of them did.
    const templates = [...(result.ok ? result.templates : []), FORM_PATH];
    const changed = await Promise.all(templates.map(async (path) => (await atHead(path)) !== (await atBase(path))));
    if (!changed.some(Boolean) && result.ok) return;
  }
  await writeCheck(pulls, pr.head.sha, result, `${owner}/${repo}`);
}

/** After the cache has been kept honest (`onPush`): the check, and on the default branch the config issue. */
export async function onConfigPush(context: Context<"push">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (payload.deleted || !payload.ref.startsWith("refs/heads/")) return;
  const { owner, repo } = context.repo();
  if (repo.toLowerCase() === ".github") return;
  const changed = payload.commits.flatMap((commit) => [
    ...(commit.added ?? []),
    ...(commit.modified ?? []),
    ...(commit.removed ?? []),
  ]);
  const configChanged = changed.includes(CONFIG_PATH) || changed.includes(FORM_PATH);
  if (!configChanged && !changed.some((path) => path.endsWith(".hbs"))) return;
  const ports = octokitPorts(context.octokit, owner, repo);
  const atCommit = reader(ports.pulls, payload.after);
  const result = await validateAt(atCommit, `${owner}/${repo}`, "at this commit");
  const templateChanged = result.ok && result.templates.some((path) => changed.includes(path));
  if (!configChanged && !templateChanged && result.ok) return;
  await writeCheck(ports.pulls, payload.after, result, `${owner}/${repo}`);
  if (payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
  // The configuration runs use (`_extends` followed), read again now the push dropped it from the cache.
  const loaded = await loadRepositoryConfig(context.octokit, owner, repo, context.log, runtime.configCache);
  await reconcileConfigIssue(ports.issues, withUnsetChannels(loaded.problem, loaded.config, `${owner}/${repo}`), {
    keys: runtime.keys,
    appLogin: await runtime.appLogin(),
    from: loaded.from,
    locks: runtime.locks,
  });
}

function reader(pulls: PullRequestsPort, sha: string): (path: string) => Promise<string | undefined> {
  return async (path) => (await pulls.readFileAt(path, sha))?.text;
}

function validateAt(read: (path: string) => Promise<string | undefined>, repository: string, where: string) {
  return validateConfig(read, { source: `${repository}/${CONFIG_PATH}`, repository, where });
}

async function writeCheck(
  pulls: PullRequestsPort,
  headSha: string,
  result: Awaited<ReturnType<typeof validateAt>>,
  repository: string,
): Promise<void> {
  const output = validationReport(result, `${repository}/${CONFIG_PATH}`);
  const conclusion = validationPasses(result) ? "success" : "failure";
  const existing = await pulls.findCheckRun(headSha, CONFIG_CHECK_NAME);
  if (existing) await pulls.updateCheckRun(existing.id, { conclusion, output });
  else await pulls.createCheckRun({ name: CONFIG_CHECK_NAME, headSha, conclusion, output });
}
