/** Pull requests, their review requests and merges, and the pull requests of a commit. */
import { notFound, unprocessable, validationFailed } from "../errors.js";
import { ancestors, compare } from "../git-graph.js";
import { paginate, paginated } from "../pagination.js";
import { type PullIssue, baseHead, pullJson, pullSimpleJson, pullsOf } from "../pull-representations.js";
import { userJson } from "../representations.js";
import { blobSha, type RepoRecord } from "../state.js";
import { type RequestContext, type RouteTable, bodyObject, int, json, requireRepo, str } from "./context.js";

function requirePull(ctx: RequestContext, repo: RepoRecord): PullIssue {
  const issue = repo.issues.get(int(ctx, "pull_number"));
  if (!issue?.pull) throw notFound();
  return issue as PullIssue;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function createPull(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const body = bodyObject(ctx);
  if (typeof body.title !== "string" || body.title === "")
    throw validationFailed([{ resource: "PullRequest", field: "title", code: "missing_field" }]);
  const { issue, deliveries } = ctx.mutations.pulls.open(repo, ctx.actor, {
    title: body.title,
    body: optionalString(body.body) ?? null,
    head: String(body.head),
    base: String(body.base),
  });
  ctx.emit(deliveries);
  return json(201, pullJson(ctx.world, repo, issue), {
    location: `${ctx.world.apiUrl}/repos/${repo.fullName}/pulls/${issue.number}`,
  });
}

function listPulls(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const q = ctx.query;
  const state = optionalString(q.state) ?? "open";
  const head = optionalString(q.head);
  const base = optionalString(q.base);
  const matches = pullsOf(repo).filter(
    (p) =>
      (state === "all" || p.state === state) &&
      (head === undefined || `${repo.owner}:${p.pull.head}`.toLowerCase() === head.toLowerCase()) &&
      (base === undefined || p.pull.base === base),
  );
  const sort = optionalString(q.sort) ?? "created";
  const key = (p: PullIssue): number => (sort === "updated" ? Date.parse(p.updatedAt) : p.number);
  // GitHub lists newest first unless asked otherwise (`direction` defaults to desc for every sort but none).
  const dir = q.direction === "asc" ? 1 : -1;
  matches.sort((a, b) => dir * (key(a) - key(b) || a.number - b.number));
  // Only the page asked for is rendered: a repository with thousands of pull requests answers as fast as GitHub.
  const { page, headers } = paginate(ctx, matches);
  return { status: 200, body: page.map((p) => pullSimpleJson(ctx.world, repo, p)), headers };
}

function updatePull(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const issue = requirePull(ctx, repo);
  const body = bodyObject(ctx);
  const state = body.state === "open" || body.state === "closed" ? body.state : undefined;
  ctx.emit(
    ctx.mutations.updateIssue(repo, issue, ctx.actor, {
      ...(typeof body.title === "string" ? { title: body.title } : {}),
      ...(body.body !== undefined ? { body: optionalString(body.body) ?? null } : {}),
      ...(state ? { state } : {}),
    }),
  );
  return json(200, pullJson(ctx.world, repo, issue));
}

function mergePull(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const issue = requirePull(ctx, repo);
  const body = bodyObject(ctx);
  const { commit, deliveries } = ctx.mutations.pulls.merge(repo, issue, ctx.actor, {
    ...(typeof body.sha === "string" ? { sha: body.sha } : {}),
    ...(typeof body.merge_method === "string" ? { method: body.merge_method } : {}),
    ...(typeof body.commit_title === "string" ? { title: body.commit_title } : {}),
    ...(typeof body.commit_message === "string" ? { message: body.commit_message } : {}),
  });
  ctx.emit(deliveries);
  return json(200, { sha: commit.sha, merged: true, message: "Pull Request successfully merged" });
}

/** A pull request's commits: those reachable from its head but not from its base (as it was when merged). */
function commitsOf(repo: RepoRecord, p: PullIssue): Set<string> {
  const base = ancestors(repo, p.pull.merged ? p.pull.baseSha : baseHead(repo, p.pull));
  return new Set([...ancestors(repo, p.pull.headSha)].filter((sha) => !base.has(sha)));
}

export const pullRoutes: RouteTable = {
  "POST /repos/{owner}/{repo}/pulls": createPull,
  "GET /repos/{owner}/{repo}/pulls": listPulls,
  "GET /repos/{owner}/{repo}/pulls/{pull_number}": (ctx) => {
    const repo = requireRepo(ctx);
    return json(200, pullJson(ctx.world, repo, requirePull(ctx, repo)));
  },
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}": updatePull,
  /** The files the pull request changes (against the base it was merged into, or the base's head while open). */
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files": (ctx) => {
    const repo = requireRepo(ctx);
    const p = requirePull(ctx, repo);
    const base = p.pull.merged ? p.pull.baseSha : baseHead(repo, p.pull);
    const { changes } = compare(repo, base, p.pull.headSha);
    const web = `${ctx.world.htmlUrl}/${repo.fullName}`;
    const files = [...changes.entries()].map(([filename, text]) => ({
      sha: text === null ? "0000000000000000000000000000000000000000" : blobSha(text),
      filename,
      status: text === null ? "removed" : repo.commits.get(base)?.tree.has(filename) ? "modified" : "added",
      additions: text === null ? 0 : text.split("\n").length,
      deletions: 0,
      changes: text === null ? 0 : text.split("\n").length,
      blob_url: `${web}/blob/${p.pull.headSha}/${filename}`,
      raw_url: `${web}/raw/${p.pull.headSha}/${filename}`,
      contents_url: `${ctx.world.apiUrl}/repos/${repo.fullName}/contents/${filename}?ref=${p.pull.headSha}`,
    }));
    return paginated(ctx, files);
  },
  "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge": mergePull,
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/merge": (ctx) => {
    const repo = requireRepo(ctx);
    if (!requirePull(ctx, repo).pull.merged) throw notFound();
    return { status: 204 };
  },

  "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers": (ctx) => {
    const repo = requireRepo(ctx);
    const issue = requirePull(ctx, repo);
    const reviewers = bodyObject(ctx).reviewers;
    const logins = Array.isArray(reviewers) ? reviewers.map(String) : [];
    ctx.emit(ctx.mutations.pulls.requestReviewers(repo, issue, ctx.actor, logins));
    return json(201, pullSimpleJson(ctx.world, repo, issue));
  },
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers": (ctx) => {
    const repo = requireRepo(ctx);
    const { pull } = requirePull(ctx, repo);
    return json(200, { users: pull.requestedReviewers.map((r) => userJson(ctx.world, r)), teams: [] });
  },

  "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls": (ctx) => {
    const repo = requireRepo(ctx);
    const sha = str(ctx, "commit_sha");
    if (!repo.commits.has(sha)) throw unprocessable(`No commit found for SHA: ${sha}`);
    const pulls = pullsOf(repo)
      .filter((p) => p.pull.mergeCommitSha === sha || commitsOf(repo, p).has(sha))
      .sort((a, b) => b.number - a.number);
    return paginated(
      ctx,
      pulls.map((p) => pullSimpleJson(ctx.world, repo, p)),
    );
  },
};
