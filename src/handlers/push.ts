import type { Context } from "probot";
import type { AppRuntime } from "./incident-run.js";

/**
 * `push`: keeps the config cache honest. A push to the owner's `.github` repository (what `_extends: .github`
 * reads) drops every cached repository of that owner; a push to a repository's default branch drops its entry when
 * it adds, modifies or removes `.github/incident.yml` or a template the config names. A push whose commits are
 * not listed (forced, or too many for the payload) drops the entry too. Costs no request.
 */
export function onPush(context: Context<"push">, runtime: AppRuntime): void {
  const { payload } = context;
  const owner = payload.repository.owner?.login ?? payload.repository.owner?.name;
  if (!owner) return;
  const repo = payload.repository.name;
  const baseUrl = String(context.octokit.request.endpoint.DEFAULTS.baseUrl);
  if (repo.toLowerCase() === ".github") {
    const dropped = runtime.configCache.invalidateOwner({ baseUrl, owner });
    if (dropped) context.log.debug(`[${owner}] .github pushed: ${dropped} cached configs dropped`);
    return;
  }
  if (payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
  const where = { baseUrl, owner, repo };
  if (payload.forced || payload.deleted || payload.commits.length === 0) {
    runtime.configCache.invalidate(where);
    return;
  }
  const changed = payload.commits.flatMap((commit) => [
    ...(commit.added ?? []),
    ...(commit.modified ?? []),
    ...(commit.removed ?? []),
  ]);
  if (runtime.configCache.pushed(where, changed)) context.log.debug(`[${owner}/${repo}] config changed: cache dropped`);
}
