import type { IssueSnapshot, TimelineItem } from "../domain/history.js";
import type { LabelDefinition } from "../domain/labels.js";
import type { PermissionLevel } from "../domain/vocabulary.js";

/**
 * The narrow port every handler talks to (prow's githubClient, release-please's Scm): what Firebreak
 * needs from one repository, nothing more. One Octokit adapter implements it.
 */
export interface IncidentGitHub {
  readonly owner: string;
  readonly repo: string;
  getIssue(issueNumber: number): Promise<IssueSnapshot>;
  /** A file's text on the default branch, or undefined when there is none. */
  readFile(path: string): Promise<string | undefined>;
  listTimeline(issueNumber: number): Promise<TimelineItem[]>;
  /** `none` for someone who is not a collaborator (GitHub answers 404). */
  getPermission(login: string): Promise<PermissionLevel>;
  /** Makes sure the labels exist with Firebreak's colours and descriptions before first use. */
  ensureLabels(labels: LabelDefinition[]): Promise<void>;
  addLabels(issueNumber: number, labels: string[]): Promise<void>;
  /** Removing a label that is already gone is success. */
  removeLabel(issueNumber: number, label: string): Promise<void>;
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
  /**
   * Claims the next free `<prefix>-NNN` atomically (a Git ref under refs/firebreak/incidents/ can be
   * created only once), so two incidents declared at the same moment never share an id.
   */
  claimIncidentId(prefix: string, defaultBranch: string): Promise<string>;
}

export interface IssuePatch {
  title?: string;
  body?: string;
  state?: "open" | "closed";
  state_reason?: "completed" | "not_planned" | "reopened";
}

export type Reaction = "+1" | "-1" | "confused" | "eyes" | "rocket";
