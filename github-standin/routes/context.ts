/** What a route handler receives, plus helpers for the lookups every handler repeats. */
import type { IncomingHttpHeaders } from "node:http";
import { HttpError, notFound } from "../errors.js";
import type { Actor, Mutations } from "../mutations.js";
import type { Json } from "../representations.js";
import type { CommentRecord, IssueRecord, RepoRecord, World } from "../state.js";
import type { Delivery } from "../types.js";

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Non-JSON answers (raw file contents). */
  raw?: { contentType: string; text: string };
}

export interface RequestContext {
  world: World;
  mutations: Mutations;
  actor: Actor;
  /** Path parameters, coerced to their schema types by validation. */
  params: Record<string, unknown>;
  /** Query parameters, coerced to their schema types by validation. */
  query: Record<string, unknown>;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The full request URL (pagination links are built from it). */
  url: URL;
  /** Queues webhook deliveries caused by this request. */
  emit(deliveries: Delivery[]): void;
}

export type Handler = (ctx: RequestContext) => HandlerResult;

/** Keyed by `METHOD /openapi/template`. */
export type RouteTable = Record<string, Handler>;

export function str(ctx: RequestContext, name: string): string {
  return String(ctx.params[name]);
}

export function int(ctx: RequestContext, name: string): number {
  return Number(ctx.params[name]);
}

export function bodyObject(ctx: RequestContext): Json {
  return ctx.body && typeof ctx.body === "object" && !Array.isArray(ctx.body) ? (ctx.body as Json) : {};
}

export function requireRepo(ctx: RequestContext): RepoRecord {
  const repo = ctx.world.findRepo(str(ctx, "owner"), str(ctx, "repo"));
  if (!repo) throw notFound();
  return repo;
}

export function requireIssue(ctx: RequestContext, repo: RepoRecord): IssueRecord {
  const number = int(ctx, "issue_number");
  const issue = repo.issues.get(number);
  if (issue) return issue;
  const moved = repo.transferred.get(number);
  if (moved) throw movedPermanently(ctx, `/repositories/${moved.repoId}/issues/${moved.number}`);
  throw notFound();
}

/** A transferred issue's old address: GitHub redirects to the repository-id form of the new one. */
function movedPermanently(ctx: RequestContext, path: string): HttpError {
  const url = `${ctx.world.apiUrl}${path}`;
  return new HttpError(
    301,
    { message: "Moved Permanently", url, documentation_url: "https://docs.github.com/rest/issues/issues#get-an-issue" },
    { location: url },
  );
}

export function requireComment(ctx: RequestContext, repo: RepoRecord): CommentRecord {
  const comment = repo.comments.get(int(ctx, "comment_id"));
  if (!comment) throw notFound();
  return comment;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): HandlerResult {
  return headers ? { status, body, headers } : { status, body };
}
