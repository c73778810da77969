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
  /** Throws GitHub's 422 when an assignee cannot be assigned (nothing is created then). */
  createIssue(issue: { title: string; body: string; labels: string[]; assignees?: string[] }): Promise<number>;
  addLabels(issueNumber: number, labels: string[]): Promise<void>;
  /** Takes one label off; nothing when the issue does not carry it (GitHub's 404). */
  removeLabel(issueNumber: number, label: string): Promise<void>;
  /** Issues (open or closed) the app created with `label`, updated since `since`: where a create may have landed. */
  listIssuesByApp(label: string, appLogin: string, since: string): Promise<{ number: number; body: string }[]>;
  /** Issues (open or closed) with `label` updated since `since`, newest first: one page of 100. */
  listLabelledSince(label: string, since: string): Promise<{ number: number; body: string }[]>;
  /** Open issues the app created carrying the given label, newest first. */
  listOpenIssuesByApp(label: string, appLogin: string): Promise<{ number: number; body: string }[]>;
  /**
   * Moves the issue, with its comments and history, to `to` (`owner/name`, same owner; GraphQL `transferIssue`),
   * creating there the labels it lacks. Reading it by its old number afterwards throws `IssueMoved`.
   */
  transferIssue(issueNumber: number, to: string): Promise<IssueLocation>;
}

export interface IssueLocation {
  owner: string;
  repo: string;
  number: number;
}

/** GitHub refused the transfer (no such repository, another owner, not installed there): said, not retried. */
export class TransferRefused extends Error {
  override readonly name = "TransferRefused";
}

/** The issue was transferred (a security incident moved to its private repository): where it is now. */
export class IssueMoved extends Error {
  override readonly name = "IssueMoved";
  constructor(readonly to: IssueLocation) {
    super(`the issue was moved to ${to.owner}/${to.repo}#${to.number}`);
  }
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
  /** Claims a name once for good (a Git ref): true for the one caller that created it. */
  claimOnce(name: string, defaultBranch: string): Promise<boolean>;
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
  pulls: PullRequestsPort;
  changes: ChangesPort;
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

/** A file on a branch, with the blob sha a later write must name. */
export interface BranchFile {
  text: string;
  sha: string;
}

/** Someone changed the file (409) or created it (422 without `sha`) since it was read: read again and merge. */
export class FileConflict extends Error {
  override readonly name = "FileConflict";
}

export interface PullSummary {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  mergedAt?: string;
  closedAt?: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  /** The commit a merge made on the base (merged pull requests). */
  mergeCommitSha?: string;
  author: string;
  title: string;
  body: string;
  url: string;
}

export interface CheckRunOutput {
  title: string;
  /** At most 65,535 characters (GitHub's limit); the adapter cuts longer text. */
  summary: string;
  text?: string;
}

/**
 * Branches, files on them, pull requests, reviewers and check runs: what a post-mortem pull request needs.
 * Creates are idempotent where GitHub allows (a branch that exists answers false, not an error).
 */
export interface PullRequestsPort extends RepoRef {
  /** The commit a branch points at, or undefined when there is no such branch. */
  branchHead(branch: string): Promise<string | undefined>;
  /** Creates the branch at `sha`; false when it exists already (GitHub's 422 "Reference already exists"). */
  createBranch(branch: string, sha: string): Promise<boolean>;
  /** A file on a branch (or any ref), or undefined when there is no file or no branch. */
  readFileAt(path: string, ref: string): Promise<BranchFile | undefined>;
  /**
   * Creates (no `sha`) or replaces (`sha` of the version read) a file on a branch with one commit. Throws
   * `FileConflict` when the file changed meanwhile (409) or appeared meanwhile (422). Returns the new commit
   * and blob shas.
   */
  writeFile(change: { path: string; branch: string; text: string; message: string; sha?: string }): Promise<{
    commit: string;
    sha: string;
  }>;
  /** The newest pull request whose head is this repository's `branch`, in any state; undefined when none. */
  findPullByHead(branch: string): Promise<PullSummary | undefined>;
  getPull(pullNumber: number): Promise<PullSummary>;
  createPull(pull: { title: string; body: string; head: string; base: string }): Promise<PullSummary>;
  updatePull(pullNumber: number, patch: { title?: string; body?: string }): Promise<void>;
  /** Requests reviews; the caller has filtered out the author and non-collaborators (GitHub fails the whole call). */
  requestReviewers(pullNumber: number, logins: string[]): Promise<void>;
  /** Pull requests a commit belongs to (`GET /commits/{sha}/pulls`): which one closed an issue "Fixes #n". */
  pullsOfCommit(sha: string): Promise<number[]>;
  /** The paths a pull request changes (its first 100 files): what a fix touched, to find repeat causes. */
  pullFiles(pullNumber: number): Promise<string[]>;
  /** The newest check run of this name on a commit, if any. */
  findCheckRun(headSha: string, name: string): Promise<{ id: number; conclusion?: string } | undefined>;
  createCheckRun(run: {
    name: string;
    headSha: string;
    conclusion: "success" | "failure" | "neutral";
    output: CheckRunOutput;
  }): Promise<number>;
  updateCheckRun(
    checkRunId: number,
    run: { conclusion: "success" | "failure" | "neutral"; output: CheckRunOutput },
  ): Promise<void>;
}

/** A commit of the default branch as the commits list shows it (files need a request of their own). */
export interface BranchCommit {
  sha: string;
  parents: string[];
  message: string;
  author?: string;
  at: string;
  url: string;
}

/** A deployment and its latest status (none yet: `pending`). */
export interface DeploymentSummary {
  id: number;
  sha: string;
  environment: string;
  creator?: string;
  description?: string;
  state: string;
  /** When its latest status was set (else when it was created). */
  at: string;
  url: string;
  /** The commit of the deployment before it to the same environment, when the page read has one. */
  previousSha?: string;
}

/**
 * What changed in the repository in a window of time, each read a page at a time and stopping early, so the cost
 * does not grow with the repository's history (the suspect changes of an incident).
 */
export interface ChangesPort extends RepoRef {
  /**
   * Pull requests merged into `base` in [since, until], newest first: closed pull requests by last update,
   * stopping at the first page whose last one was updated before `since` (a merge updates a pull request), at
   * most `pages` pages.
   */
  mergedPulls(base: string, since: string, until: string, pages: number): Promise<PullSummary[]>;
  /** The branch's commits in [since, until], newest first (one page of 100). */
  branchCommits(branch: string, since: string, until: string): Promise<BranchCommit[]>;
  /** The paths one commit changed (its first 300 files). */
  commitFiles(sha: string): Promise<string[]>;
  /** The paths `head` changed since its merge base with `base` (one compare; GitHub lists the first 300 files). */
  comparedFiles(base: string, head: string): Promise<string[]>;
  /** Releases published in [since, until] (the newest page of 100; drafts are not published). */
  releases(
    since: string,
    until: string,
  ): Promise<{ tag: string; name: string; author?: string; at: string; url: string; sha?: string }[]>;
  /** Deployments created before `until`, newest first (one page), with the latest status of the newest `statuses`. */
  deployments(since: string, until: string, statuses: number): Promise<DeploymentSummary[]>;
}
