/** Public types shared by the stand-in's modules and its users (tests, demo). */

export type Role = "admin" | "maintain" | "write" | "triage" | "read";
export type UserType = "User" | "Bot" | "Organization";
export type StateReason = "completed" | "not_planned" | "reopened";
export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";
export const REACTION_CONTENTS: readonly ReactionContent[] = [
  "+1",
  "-1",
  "laugh",
  "confused",
  "heart",
  "hooray",
  "rocket",
  "eyes",
];

/** One webhook delivery, ready for `probot.receive(...)`. */
export interface Delivery {
  /** The `X-GitHub-Delivery` uuid. */
  id: string;
  /** The `X-GitHub-Event` name, e.g. `issues`. */
  name: string;
  payload: Record<string, unknown>;
}

export interface RequestLogEntry {
  method: string;
  /** Concrete path without query string, e.g. `/repos/acme/checkout/issues/1`. */
  path: string;
  /** OpenAPI path template, or null when no route matched. */
  route: string | null;
  status: number;
  /** Login the request acted as (`firebreak[bot]`, a user, `app` for JWT requests), null if unauthenticated. */
  actor: string | null;
  query: Record<string, string | string[]>;
  body: unknown;
  /** `performance.now()` when the request arrived, and when its answer was sent (after any simulated latency). */
  startedMs: number;
  endedMs: number;
}

export interface Violation {
  method: string;
  path: string;
  reason: string;
}

export interface FaultSpec {
  method?: string;
  /** OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}/comments`. */
  route?: string;
  /** Concrete path (string equality or RegExp), for targeting one issue. */
  path?: string | RegExp;
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Apply the write first, then still answer the error (GitHub saved it, the proxy failed). */
  afterCommit?: boolean;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ReactionSnapshot {
  user: string;
  content: ReactionContent;
}

export interface CommentSnapshot {
  id: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  reactions: ReactionSnapshot[];
}

export interface TimelineEventSnapshot {
  id: number;
  event: string;
  actor: string;
  createdAt: string;
  label?: string;
  assignee?: string;
  rename?: { from: string; to: string };
  stateReason?: string | null;
  commentId?: number;
  body?: string;
}

export interface IssueSnapshot {
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  state_reason: StateReason | null;
  labels: string[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  comments: CommentSnapshot[];
  reactions: ReactionSnapshot[];
  timeline: TimelineEventSnapshot[];
}

export interface PullSnapshot {
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  head: string;
  headSha: string;
  base: string;
  merged: boolean;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  requestedReviewers: string[];
  labels: string[];
}

export interface CheckRunSnapshot {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}
