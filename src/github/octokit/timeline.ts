import type { Person, TimelineItem } from "../../domain/history.js";

/** GitHub's timeline events, as the neutral items the domain reads. */
export interface RawUser {
  login: string;
  type?: string;
}

export interface RawTimelineEvent {
  event?: string;
  id?: number;
  created_at?: string;
  actor?: RawUser | null;
  user?: RawUser | null;
  body?: string;
  label?: { name: string };
  assignee?: RawUser | null;
  state_reason?: string | null;
  rename?: { from: string; to: string };
  commit_id?: string | null;
  source?: { issue?: { number: number; pull_request?: unknown; repository?: { full_name: string } } };
}

export function toTimelineItem(raw: RawTimelineEvent): TimelineItem | undefined {
  if (raw.event === "cross-referenced") return crossReference(raw);
  if (raw.id === undefined || !raw.created_at) return undefined;
  const base = { id: raw.id, at: raw.created_at };
  if (raw.event === "commented") {
    return raw.user ? { ...base, kind: "comment", author: toPerson(raw.user), body: raw.body ?? "" } : undefined;
  }
  return raw.actor ? actorEvent(raw, base, toPerson(raw.actor)) : undefined;
}

/** The events someone did (as opposed to wrote): every one needs its actor. */
function actorEvent(raw: RawTimelineEvent, base: { id: number; at: string }, actor: Person): TimelineItem | undefined {
  switch (raw.event) {
    case "labeled":
    case "unlabeled":
      return raw.label ? { ...base, kind: raw.event, actor, label: raw.label.name } : undefined;
    case "assigned":
    case "unassigned":
      return raw.assignee ? { ...base, kind: raw.event, actor, assignee: raw.assignee.login } : undefined;
    case "closed":
      return { ...base, kind: "closed", actor, stateReason: raw.state_reason ?? null, commitId: raw.commit_id ?? null };
    case "connected":
      return { ...base, kind: "connected", actor };
    case "reopened":
      return { ...base, kind: "reopened", actor };
    case "renamed":
      return raw.rename ? { ...base, kind: "renamed", actor, from: raw.rename.from, to: raw.rename.to } : undefined;
    default:
      return undefined;
  }
}

export function toPerson(user: RawUser | null | undefined): Person {
  return { login: user?.login ?? "ghost", isBot: user?.type === "Bot" };
}

function crossReference(raw: RawTimelineEvent): TimelineItem | undefined {
  const issue = raw.source?.issue;
  if (!issue || !raw.created_at) return undefined;
  const source = {
    repository: issue.repository?.full_name ?? "",
    number: issue.number,
    isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
  };
  return {
    id: 0,
    at: raw.created_at,
    kind: "cross-referenced",
    actor: raw.actor ? toPerson(raw.actor) : undefined,
    source,
  };
}
