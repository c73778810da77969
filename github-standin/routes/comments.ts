/** Issue comments and reactions (on comments and on issues). */
import { notFound } from "../errors.js";
import { paginated } from "../pagination.js";
import { commentJson, reactionJson } from "../representations.js";
import type { ReactionRecord } from "../state.js";
import type { ReactionContent } from "../types.js";
import {
  type RequestContext,
  type RouteTable,
  bodyObject,
  int,
  json,
  requireComment,
  requireIssue,
  requireRepo,
} from "./context.js";

function reactionsResult(ctx: RequestContext, reactions: ReactionRecord[]) {
  const content = ctx.query.content as string | undefined;
  const list = reactions.filter((r) => content === undefined || r.content === content);
  return paginated(
    ctx,
    list.map((r) => reactionJson(ctx.world, r)),
  );
}

function react(ctx: RequestContext, target: { reactions: ReactionRecord[] }) {
  const content = String(bodyObject(ctx).content) as ReactionContent;
  const { reaction, created } = ctx.mutations.addReaction(target, ctx.actor, content);
  return json(created ? 201 : 200, reactionJson(ctx.world, reaction));
}

export const commentRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": (ctx) => {
    const repo = requireRepo(ctx);
    const issue = requireIssue(ctx, repo);
    const since = typeof ctx.query.since === "string" ? Date.parse(ctx.query.since) : undefined;
    const comments = [...repo.comments.values()]
      .filter((c) => c.issueNumber === issue.number && (since === undefined || Date.parse(c.updatedAt) >= since))
      .sort((a, b) => a.id - b.id);
    return paginated(
      ctx,
      comments.map((c) => commentJson(ctx.world, repo, c)),
    );
  },
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": (ctx) => {
    const repo = requireRepo(ctx);
    const issue = requireIssue(ctx, repo);
    const { comment, deliveries } = ctx.mutations.createComment(repo, issue, ctx.actor, String(bodyObject(ctx).body));
    ctx.emit(deliveries);
    return json(201, commentJson(ctx.world, repo, comment), {
      location: `${ctx.world.apiUrl}/repos/${repo.fullName}/issues/comments/${comment.id}`,
    });
  },
  "GET /repos/{owner}/{repo}/issues/comments": (ctx) => {
    const repo = requireRepo(ctx);
    const since = typeof ctx.query.since === "string" ? Date.parse(ctx.query.since) : undefined;
    const comments = [...repo.comments.values()]
      .filter((c) => since === undefined || Date.parse(c.updatedAt) >= since)
      .sort((a, b) => (ctx.query.direction === "desc" ? b.id - a.id : a.id - b.id));
    return paginated(
      ctx,
      comments.map((c) => commentJson(ctx.world, repo, c)),
    );
  },
  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}": (ctx) => {
    const repo = requireRepo(ctx);
    return json(200, commentJson(ctx.world, repo, requireComment(ctx, repo)));
  },
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}": (ctx) => {
    const repo = requireRepo(ctx);
    const comment = requireComment(ctx, repo);
    ctx.emit(ctx.mutations.editComment(repo, comment, ctx.actor, String(bodyObject(ctx).body)));
    return json(200, commentJson(ctx.world, repo, comment));
  },
  "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}": (ctx) => {
    const repo = requireRepo(ctx);
    ctx.emit(ctx.mutations.deleteComment(repo, requireComment(ctx, repo), ctx.actor));
    return { status: 204 };
  },

  "GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": (ctx) => {
    const repo = requireRepo(ctx);
    return reactionsResult(ctx, requireComment(ctx, repo).reactions);
  },
  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions": (ctx) => {
    const repo = requireRepo(ctx);
    return react(ctx, requireComment(ctx, repo));
  },
  "DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions/{reaction_id}": (ctx) => {
    const repo = requireRepo(ctx);
    const comment = requireComment(ctx, repo);
    const before = comment.reactions.length;
    comment.reactions = comment.reactions.filter((r) => r.id !== int(ctx, "reaction_id"));
    if (comment.reactions.length === before) throw notFound();
    return { status: 204 };
  },
  "GET /repos/{owner}/{repo}/issues/{issue_number}/reactions": (ctx) => {
    const repo = requireRepo(ctx);
    return reactionsResult(ctx, requireIssue(ctx, repo).reactions);
  },
  "POST /repos/{owner}/{repo}/issues/{issue_number}/reactions": (ctx) => {
    const repo = requireRepo(ctx);
    return react(ctx, requireIssue(ctx, repo));
  },
};
