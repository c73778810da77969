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
  const actor = raw.actor ? toPerson(raw.actor) : undefined;
  switch (raw.event) {
    case "commented":
      return raw.user ? { ...base, kind: "comment", author: toPerson(raw.user), body: raw.body ?? "" } : undefined;
    case "labeled":
    case "unlabeled":
      return actor && raw.label ? { ...base, kind: raw.event, actor, label: raw.label.name } : undefined;
    case "assigned":
    case "unassigned":
      return actor && raw.assignee ? { ...base, kind: raw.event, actor, assignee: raw.assignee.login } : undefined;
    case "closed":
      return actor ? { ...base, kind: "closed", actor, stateReason: raw.state_reason ?? null, commitId: raw.commit_id ?? null } : undefined;
    case "connected":
      return actor ? { ...base, kind: "connected", actor } : undefined;
    case "reopened":
      return actor ? { ...base, kind: "reopened", actor } : undefined;
    case "renamed":
      return actor && raw.rename ? { ...base, kind: "renamed", actor, from: raw.rename.from, to: raw.rename.to } : undefined;
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
  const source = { repository: issue.repository?.full_name ?? "", number: issue.number, isPullRequest: issue.pull_request !== undefined && issue.pull_request !== null };
  return { id: 0, at: raw.created_at, kind: "cross-referenced", actor: raw.actor ? toPerson(raw.actor) : undefined, source };
}
