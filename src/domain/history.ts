import type { Iso } from "./time.js";

/**
 * The issue and its timeline as Firebreak reads them: a neutral shape the GitHub adapter fills from the
 * REST timeline, so the domain never sees Octokit types.
 */
export interface Person {
  login: string;
  isBot: boolean;
}

export interface IssueSnapshot {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  author: Person;
  createdAt: Iso;
  closedAt?: Iso;
  /** Who closed it (for "Fixes #n", who merged the pull request). */
  closedBy?: string;
  isPullRequest?: boolean;
  /** The issue's page (`html_url`): GitHub's, or an Enterprise Server's. */
  url?: string;
}

interface ItemBase {
  /** GitHub's id of the comment or event; with `at` it orders items that share a second. */
  id: number;
  at: Iso;
}

export type TimelineItem =
  | (ItemBase & { kind: "comment"; author: Person; body: string })
  | (ItemBase & { kind: "labeled" | "unlabeled"; actor: Person; label: string })
  | (ItemBase & { kind: "assigned" | "unassigned"; actor: Person; assignee: string })
  /** `commitId`: the commit that closed it ("Fixes #n" landing), when one did. */
  | (ItemBase & { kind: "closed"; actor: Person; stateReason: string | null; commitId: string | null })
  /** Another issue or pull request mentioned this one (action items and post-mortems will be found so). GitHub gives these no id: 0. */
  | (ItemBase & {
      kind: "cross-referenced";
      actor: Person | undefined;
      source: { repository: string; number: number; isPullRequest: boolean };
    })
  /** A pull request was linked to this issue in the sidebar or by a closing keyword. */
  | (ItemBase & { kind: "connected"; actor: Person })
  | (ItemBase & { kind: "reopened"; actor: Person })
  | (ItemBase & { kind: "renamed"; actor: Person; from: string; to: string });

export interface IssueHistory {
  issue: IssueSnapshot;
  timeline: TimelineItem[];
}
