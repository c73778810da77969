/** Issues, their labels, assignees, timeline and events. Mutations go through `Mutations`. */
import { notFound, validationFailed } from "../errors.js";
import type { IssuePatch } from "../mutations.js";
import { paginated } from "../pagination.js";
import { issueEventJson, issueJson, labelJson, timelineCommentJson, type Json } from "../representations.js";
import { type IssueRecord, type RepoRecord, issueLabels } from "../state.js";
import type { StateReason } from "../types.js";
import { type RequestContext, type RouteTable, bodyObject, json, requireIssue, requireRepo, str } from "./context.js";

/** Label lists may be names or `{ name }` objects; the add/set endpoints also accept a bare array. */
function labelNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [];
  return list
    .map((l: unknown) =>
      typeof l === "string"
        ? l
        : l && typeof l === "object" && "name" in l
          ? String((l as { name: unknown }).name)
          : "",
    )
    .filter((n) => n !== "");
}

function labelsFromBody(ctx: RequestContext): string[] {
  if (Array.isArray(ctx.body)) return labelNames(ctx.body);
  return labelNames(bodyObject(ctx).labels);
}

function logins(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.map(String) : [];
}

function issueLabelsJson(ctx: RequestContext, repo: RepoRecord, issue: IssueRecord): Json[] {
  return issueLabels(repo, issue).map((l) => labelJson(ctx.world, repo, l));
}

function listIssues(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const q = ctx.query;
  const state = (q.state as string | undefined) ?? "open";
  const wantedLabels =
    typeof q.labels === "string" && q.labels !== "" ? q.labels.split(",").map((l) => l.trim().toLowerCase()) : [];
  const since = typeof q.since === "string" ? Date.parse(q.since) : undefined;
  const assignee = q.assignee as string | undefined;
  const creator = q.creator as string | undefined;
  let issues = [...repo.issues.values()].filter((issue) => {
    if (state !== "all" && issue.state !== state) return false;
    const names = issueLabels(repo, issue).map((l) => l.name.toLowerCase());
    if (!wantedLabels.every((l) => names.includes(l))) return false;
    if (creator && issue.user.toLowerCase() !== creator.toLowerCase()) return false;
    if (assignee === "none" && issue.assignees.length > 0) return false;
    if (assignee === "*" && issue.assignees.length === 0) return false;
    if (
      assignee &&
      assignee !== "none" &&
      assignee !== "*" &&
      !issue.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())
    )
      return false;
    if (since !== undefined && Date.parse(issue.updatedAt) < since) return false;
    return true;
  });
  const sort = (q.sort as string | undefined) ?? "created";
  const key = (i: IssueRecord): number =>
    sort === "updated"
      ? Date.parse(i.updatedAt)
      : sort === "comments"
        ? [...repo.comments.values()].filter((c) => c.issueNumber === i.number).length
        : i.number;
  const dir = q.direction === "asc" ? 1 : -1;
  // Ties (same second) fall back to the issue number, like GitHub's stable ordering.
  issues = issues.sort((a, b) => dir * (key(a) - key(b) || a.number - b.number));
  return paginated(
    ctx,
    issues.map((i) => issueJson(ctx.world, repo, i)),
  );
}

function createIssue(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const body = bodyObject(ctx);
  const assignees = [...logins(body.assignees), ...logins(body.assignee)];
  // The API (unlike the UI, which offers only those who can be) refuses the whole issue for one unassignable login.
  const refused = assignees.find((login) => !ctx.mutations.isAssignable(repo, login));
  if (refused !== undefined)
    throw validationFailed([{ resource: "Issue", field: "assignees", code: "invalid", value: refused }]);
  const { issue, deliveries } = ctx.mutations.createIssue(repo, ctx.actor, {
    title: String(body.title),
    body: typeof body.body === "string" ? body.body : null,
    labels: labelNames(body.labels),
    assignees,
  });
  ctx.emit(deliveries);
  return json(201, issueJson(ctx.world, repo, issue), {
    location: `${ctx.world.apiUrl}/repos/${repo.fullName}/issues/${issue.number}`,
  });
}

function updateIssue(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const issue = requireIssue(ctx, repo);
  const body = bodyObject(ctx);
  const patch: IssuePatch = {};
  if (body.title !== undefined && body.title !== null) patch.title = String(body.title);
  if (body.body !== undefined) patch.body = body.body === null ? null : String(body.body);
  if (body.state === "open" || body.state === "closed") patch.state = body.state;
  if (body.state_reason !== undefined) patch.stateReason = body.state_reason as StateReason | null;
  if (body.labels !== undefined) patch.labels = labelNames(body.labels);
  if (body.assignees !== undefined) patch.assignees = logins(body.assignees);
  else if (body.assignee !== undefined) patch.assignees = body.assignee === null ? [] : logins(body.assignee);
  ctx.emit(ctx.mutations.updateIssue(repo, issue, ctx.actor, patch));
  return json(200, issueJson(ctx.world, repo, issue));
}

function timeline(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const issue = requireIssue(ctx, repo);
  const entries = [...issue.timeline]
    .sort((a, b) => a.seq - b.seq)
    .map((entry) => {
      if (entry.type === "event") return issueEventJson(ctx.world, repo, entry.event);
      const comment = repo.comments.get(entry.commentId);
      return comment ? timelineCommentJson(ctx.world, repo, comment) : undefined;
    })
    .filter((e): e is Json => e !== undefined);
  return paginated(ctx, entries);
}

function events(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const issue = requireIssue(ctx, repo);
  const list = issue.timeline
    .flatMap((entry) => (entry.type === "event" ? [entry.event] : []))
    .map((event) => ({ ...issueEventJson(ctx.world, repo, event) }));
  return paginated(ctx, list);
}

export const issueRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}/issues": listIssues,
  "POST /repos/{owner}/{repo}/issues": createIssue,
  "GET /repos/{owner}/{repo}/issues/{issue_number}": (ctx) => {
    const repo = requireRepo(ctx);
    return json(200, issueJson(ctx.world, repo, requireIssue(ctx, repo)));
  },
  "PATCH /repos/{owner}/{repo}/issues/{issue_number}": updateIssue,
  "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline": timeline,
  "GET /repos/{owner}/{repo}/issues/{issue_number}/events": events,

  "GET /repos/{owner}/{repo}/issues/{issue_number}/labels": (ctx) => {
    const repo = requireRepo(ctx);
    return paginated(ctx, issueLabelsJson(ctx, repo, requireIssue(ctx, repo)));
  },
  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": (ctx) => {
    const repo = requireRepo(ctx);
    const issue = requireIssue(ctx, repo);
    ctx.emit(ctx.mutations.addLabels(repo, issue, ctx.actor, labelsFromBody(ctx)));
    return json(200, issueLabelsJson(ctx, repo, issue));
  },
  "PUT /repos/{owner}/{repo}/issues/{issue_number}/labels": (ctx) => {
    const repo = requireRepo(ctx);
    const issue = requireIssue(ctx, repo);
    ctx.emit(ctx.mutations.setLabels(repo, issue, ctx.actor, labelsFromBody(ctx)));
    return json(200, issueLabelsJson(ctx, repo, issue));
  },
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels": (ctx) => {
    const repo = requireRepo(ctx);
    const issue = requireIssue(ctx, repo);
    ctx.emit(ctx.mutations.setLabels(repo, issue, ctx.actor, []));
    return { status: 204 };
  },
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}": (ctx) => {
    const repo = requireRepo(ctx);
    const issue = requireIssue(ctx, repo);
    ctx.emit(ctx.mutations.removeLabel(repo, issue, ctx.actor, str(ctx, "name")));
    return json(200, issueLabelsJson(ctx, repo, issue));
  },

  "POST /repos/{owner}/{repo}/issues/{issue_number}/assignees": (ctx) => {
    const repo = requireRepo(ctx);
    const issue = requireIssue(ctx, repo);
    ctx.emit(ctx.mutations.addAssignees(repo, issue, ctx.actor, logins(bodyObject(ctx).assignees)));
    return json(201, issueJson(ctx.world, repo, issue));
  },
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees": (ctx) => {
    const repo = requireRepo(ctx);
    const issue = requireIssue(ctx, repo);
    ctx.emit(ctx.mutations.removeAssignees(repo, issue, ctx.actor, logins(bodyObject(ctx).assignees)));
    return json(200, issueJson(ctx.world, repo, issue));
  },
  "GET /repos/{owner}/{repo}/issues/{issue_number}/assignees/{assignee}": (ctx) => {
    const repo = requireRepo(ctx);
    requireIssue(ctx, repo);
    if (!ctx.mutations.isAssignable(repo, str(ctx, "assignee"))) throw notFound();
    return { status: 204 };
  },
};
