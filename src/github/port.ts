import type { IssueSnapshot, TimelineItem } from "../domain/history.js";
import type { LabelDefinition } from "../domain/labels.js";
import type { PermissionLevel } from "../domain/vocabulary.js";

/**
 * The narrow ports the pipeline talks to (prow's githubClient, release-please's Scm), one per capability,
 * so a later capability (pull requests, search) adds a port instead of growing one interface. One Octokit
 * adapter implements them over HTTP; tests also have an in-memory implementation.
 */
interface RepoRef {
  readonly owner: string;
  readonly repo: string;
}

/** Issues, their comments, labels, assignees and reactions. */
export interface IssuesPort extends RepoRef {
  getIssue(issueNumber: number): Promise<IssueSnapshot>;
  listTimeline(issueNumber: number): Promise<TimelineItem[]>;
  /** Makes sure the labels exist with Firebreak's colours and descriptions before first use. */
  ensureLabels(labels: LabelDefinition[]): Promise<void>;
  updateIssue(issueNumber: number, patch: IssuePatch): Promise<void>;
  addAssignees(issueNumber: number, logins: string[]): Promise<void>;
  removeAssignees(issueNumber: number, logins: string[]): Promise<void>;
  createComment(issueNumber: number, body: string): Promise<number>;
  /** Rewrites one of the app's own comments (its record line). */
  updateComment(commentId: number, body: string): Promise<void>;
  react(commentId: number, content: Reaction): Promise<void>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<number>;
  /** Open issues the app created carrying the given label, newest first. */
  listOpenIssuesByApp(label: string, appLogin: string): Promise<{ number: number; body: string }[]>;
}

/** Who may do what in the repository. */
export interface PermissionsPort extends RepoRef {
  /** `none` for someone who is not a collaborator (GitHub answers 404). */
  getPermission(login: string): Promise<PermissionLevel>;
}

/** Git refs: atomic claims. */
export interface RefsPort extends RepoRef {
  /**
   * Claims the next free `<prefix>-NNN` atomically (a Git ref under refs/firebreak/incidents/ can be
   * created only once), so two incidents declared at the same moment never share an id.
   */
  claimIncidentId(prefix: string, defaultBranch: string): Promise<string>;
}

/** Files on the default branch. */
export interface ContentsPort extends RepoRef {
  /** A file's text, or undefined when there is none. */
  readFile(path: string): Promise<string | undefined>;
}

export interface GitHubPorts {
  issues: IssuesPort;
  permissions: PermissionsPort;
  refs: RefsPort;
  contents: ContentsPort;
}

export interface IssuePatch {
  /** The issue's whole label set (GitHub replaces it). */
  labels?: string[];
  title?: string;
  body?: string;
  state?: "open" | "closed";
  state_reason?: "completed" | "not_planned" | "reopened";
}

export type Reaction = "+1" | "-1" | "confused" | "eyes" | "rocket";
