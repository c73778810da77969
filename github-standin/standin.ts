/**
 * `GitHubStandIn`: the test-facing facade. Set-up methods (repos, users, files) and user actions are
 * plain method calls; the app talks to it over real HTTP via `listen()`.
 */
import { randomBytes } from "node:crypto";
import { Clock } from "./clock.js";
import { FaultInjector } from "./faults.js";
import { type Actor, Mutations } from "./mutations.js";
import { loadSpec } from "./openapi-validator.js";
import { type PullIssue, checkRunJson } from "./pull-representations.js";
import { StandInServer } from "./server.js";
import { buildRerequestDelivery } from "./webhooks.js";
import { type IssueRecord, type RepoRecord, World, branchTree, findLabelByName, issueLabels, roleOf } from "./state.js";
import type {
  CheckRunSnapshot,
  Delivery,
  IssueSnapshot,
  PullSnapshot,
  RequestLogEntry,
  Role,
  TimelineEventSnapshot,
  UserType,
  Violation,
} from "./types.js";

export interface StandInOptions {
  /** App slug; the bot user is `<slug>[bot]`. Default `firebreak`. */
  appSlug?: string;
  appId?: number;
  installationId?: number;
  /** Initial clock time. Default `2026-11-25T12:00:00Z`. */
  now?: string;
  /** Validate our own responses against the spec too (slower; for the stand-in's tests). */
  validateResponses?: boolean;
  /** Reject tokens the stand-in did not issue (default false: unknown tokens act as the bot). */
  strictTokens?: boolean;
  /** Simulated round trip in milliseconds: every answer is delayed by this much (default 0). */
  latencyMs?: number;
}

export interface AddRepoOptions {
  files?: Record<string, string>;
  collaborators?: Record<string, Role>;
  /** Labels that exist before the test starts (no webhooks). */
  labels?: Array<{ name: string; color?: string; description?: string }>;
}

export type RepoRef = string | RepoHandle;

/** Read access and direct set-up for one repository. */
export class RepoHandle {
  constructor(
    private readonly world: World,
    readonly record: RepoRecord,
  ) {}

  get fullName(): string {
    return this.record.fullName;
  }
  get owner(): string {
    return this.record.owner;
  }
  get name(): string {
    return this.record.name;
  }
  get defaultBranch(): string {
    return this.record.defaultBranch;
  }
  /** Commit sha of the default branch. */
  get headSha(): string {
    const sha = this.record.refs.get(`refs/heads/${this.record.defaultBranch}`);
    if (sha === undefined) throw new Error(`${this.fullName} has no ${this.record.defaultBranch} branch`);
    return sha;
  }

  setFile(path: string, content: string): void {
    this.record.files.set(path.replace(/^\/+/, ""), content);
  }
  deleteFile(path: string): void {
    this.record.files.delete(path.replace(/^\/+/, ""));
  }
  file(path: string): string | undefined {
    return this.record.files.get(path.replace(/^\/+/, ""));
  }

  setCollaborator(login: string, role: Role | null): void {
    this.world.ensureUser(login);
    if (role === null) this.record.collaborators.delete(login.toLowerCase());
    else this.record.collaborators.set(login.toLowerCase(), role);
  }
  role(login: string): Role | undefined {
    return roleOf(this.record, login);
  }

  /** Creates a repo label directly (set-up, no webhook). */
  addLabel(name: string, color = "ededed", description: string | null = null): void {
    if (findLabelByName(this.record, name)) throw new Error(`label ${name} exists in ${this.fullName}`);
    const id = this.world.ids.label.next();
    this.record.labels.set(id, { id, name, color, description, default: false });
  }
  labels(): Array<{ name: string; color: string; description: string | null }> {
    return [...this.record.labels.values()].map(({ name, color, description }) => ({ name, color, description }));
  }

  /** Full ref name → sha, e.g. `{"refs/heads/main": "ab12..."}`. */
  refs(): Record<string, string> {
    return Object.fromEntries(this.record.refs);
  }
  ref(name: string): string | undefined {
    return this.record.refs.get(name.startsWith("refs/") ? name : `refs/${name}`);
  }
  /** Records a new commit that changes no file on a branch (created from the default branch if needed); returns its sha. */
  commit(branch = this.record.defaultBranch): string {
    const tree = new Map(branchTree(this.record, branch) ?? this.record.files);
    return this.world.commit(this.record, branch, { tree, message: "Empty commit", author: this.owner }).sha;
  }

  /** A file on a branch (or at a sha), undefined when the file or the branch does not exist. */
  fileAt(path: string, branch: string): string | undefined {
    const sha = this.record.refs.get(`refs/heads/${branch}`) ?? branch;
    return this.record.commits.get(sha)?.tree.get(path.replace(/^\/+/, ""));
  }

  /** A pull request as plain data. Throws when there is no pull request with that number. */
  pull(number: number): PullSnapshot {
    const issue = this.record.issues.get(number);
    if (!issue?.pull) throw new Error(`${this.fullName}#${number} is not a pull request`);
    const { pull } = issue;
    return {
      number,
      title: issue.title,
      body: issue.body,
      user: issue.user,
      state: issue.state,
      head: pull.head,
      headSha: pull.headSha,
      base: pull.base,
      merged: pull.merged,
      mergedBy: pull.mergedBy,
      mergeCommitSha: pull.mergeCommitSha,
      requestedReviewers: [...pull.requestedReviewers],
      labels: issueLabels(this.record, issue).map((l) => l.name),
    };
  }

  pulls(): PullSnapshot[] {
    return this.issueNumbers()
      .filter((n) => this.record.issues.get(n)?.pull)
      .map((n) => this.pull(n));
  }

  requestedReviewers(pullNumber: number): string[] {
    return this.pull(pullNumber).requestedReviewers;
  }

  /** The check runs on a commit, oldest first. */
  checkRuns(sha: string): CheckRunSnapshot[] {
    return [...this.record.checkRuns.values()]
      .filter((r) => r.headSha === sha)
      .sort((a, b) => a.id - b.id)
      .map(({ id, name, headSha, status, conclusion, externalId, output }) => ({
        id,
        name,
        headSha,
        status,
        conclusion,
        externalId,
        output: { ...output },
      }));
  }

  issueNumbers(): number[] {
    return [...this.record.issues.keys()].sort((a, b) => a - b);
  }

  /** The current state of an issue as plain data. Throws when it does not exist. */
  issue(number: number): IssueSnapshot {
    const issue = this.record.issues.get(number);
    if (!issue) throw new Error(`${this.fullName}#${number} does not exist`);
    return snapshot(this.record, issue);
  }

  issues(): IssueSnapshot[] {
    return this.issueNumbers().map((n) => this.issue(n));
  }
}

function snapshot(repo: RepoRecord, issue: IssueRecord): IssueSnapshot {
  const comments = [...repo.comments.values()]
    .filter((c) => c.issueNumber === issue.number)
    .sort((a, b) => a.id - b.id)
    .map((c) => ({
      id: c.id,
      user: c.user,
      body: c.body,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      reactions: c.reactions.map((r) => ({ user: r.user, content: r.content })),
    }));
  const timeline: TimelineEventSnapshot[] = [];
  for (const entry of [...issue.timeline].sort((a, b) => a.seq - b.seq)) {
    if (entry.type === "comment") {
      const c = repo.comments.get(entry.commentId);
      if (c)
        timeline.push({
          id: c.id,
          event: "commented",
          actor: c.user,
          createdAt: c.createdAt,
          commentId: c.id,
          body: c.body,
        });
      continue;
    }
    const e = entry.event;
    timeline.push({
      id: e.id,
      event: e.kind,
      actor: e.actor,
      createdAt: e.createdAt,
      ...(e.label ? { label: e.label.name } : {}),
      ...(e.assignee ? { assignee: e.assignee } : {}),
      ...(e.rename ? { rename: e.rename } : {}),
      ...(e.kind === "closed" || e.kind === "reopened" ? { stateReason: e.stateReason ?? null } : {}),
    });
  }
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    user: issue.user,
    state: issue.state,
    state_reason: issue.stateReason,
    labels: issueLabels(repo, issue).map((l) => l.name),
    assignees: [...issue.assignees],
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
    comments,
    reactions: issue.reactions.map((r) => ({ user: r.user, content: r.content })),
    timeline,
  };
}

type WithIssue = Delivery[] & { issueNumber: number };
type WithComment = Delivery[] & { commentId: number };
type WithPull = Delivery[] & { pullNumber: number };
type WithSha = Delivery[] & { sha: string };

/** What a human does in GitHub's UI. Each call returns the webhook deliveries GitHub would send. */
export class UserActions {
  private readonly actor: Actor;

  constructor(
    private readonly gh: GitHubStandIn,
    private readonly world: World,
    private readonly mutations: Mutations,
    login: string,
  ) {
    this.actor = { login: world.ensureUser(login).login, viaApp: false };
  }

  private repo(ref: RepoRef): RepoRecord {
    return this.gh.repo(typeof ref === "string" ? ref : ref.fullName).record;
  }

  private issue(repo: RepoRecord, number: number): IssueRecord {
    const issue = repo.issues.get(number);
    if (!issue) throw new Error(`${repo.fullName}#${number} does not exist`);
    return issue;
  }

  /** GitHub's UI only offers triage actions (labels, assignees) to triage+ collaborators. */
  private requireRole(repo: RepoRecord, minimum: "triage" | "write", what: string, unlessAuthor?: IssueRecord): void {
    const rank: Record<Role, number> = { read: 0, triage: 1, write: 2, maintain: 3, admin: 4 };
    const role = roleOf(repo, this.actor.login);
    if (unlessAuthor && unlessAuthor.user.toLowerCase() === this.actor.login.toLowerCase()) return;
    if (!role || rank[role] < rank[minimum]) {
      throw new Error(
        `${this.actor.login} (${role ?? "no access"}) cannot ${what} in ${repo.fullName}: GitHub requires ${minimum}`,
      );
    }
  }

  openIssue(ref: RepoRef, input: { title: string; body?: string; labels?: string[]; assignees?: string[] }): WithIssue {
    const repo = this.repo(ref);
    // Non-triagers can open issues, but GitHub drops their labels and assignees.
    const canTriage = (() => {
      const role = roleOf(repo, this.actor.login);
      return role !== undefined && role !== "read";
    })();
    const { issue, deliveries } = this.mutations.createIssue(repo, this.actor, {
      title: input.title,
      body: input.body ?? null,
      labels: canTriage ? (input.labels ?? []) : [],
      assignees: canTriage ? (input.assignees ?? []) : [],
    });
    return Object.assign(deliveries, { issueNumber: issue.number });
  }

  comment(ref: RepoRef, number: number, body: string): WithComment {
    const repo = this.repo(ref);
    const { comment, deliveries } = this.mutations.createComment(repo, this.issue(repo, number), this.actor, body);
    return Object.assign(deliveries, { commentId: comment.id });
  }

  editComment(ref: RepoRef, commentId: number, body: string): Delivery[] {
    const repo = this.repo(ref);
    const comment = repo.comments.get(commentId);
    if (!comment) throw new Error(`comment ${commentId} does not exist in ${repo.fullName}`);
    if (comment.user.toLowerCase() !== this.actor.login.toLowerCase())
      this.requireRole(repo, "write", "edit others' comments");
    return this.mutations.editComment(repo, comment, this.actor, body);
  }

  deleteComment(ref: RepoRef, commentId: number): Delivery[] {
    const repo = this.repo(ref);
    const comment = repo.comments.get(commentId);
    if (!comment) throw new Error(`comment ${commentId} does not exist in ${repo.fullName}`);
    if (comment.user.toLowerCase() !== this.actor.login.toLowerCase())
      this.requireRole(repo, "write", "delete others' comments");
    return this.mutations.deleteComment(repo, comment, this.actor);
  }

  react(ref: RepoRef, commentId: number, content: import("./types.js").ReactionContent): void {
    const repo = this.repo(ref);
    const comment = repo.comments.get(commentId);
    if (!comment) throw new Error(`comment ${commentId} does not exist in ${repo.fullName}`);
    this.mutations.addReaction(comment, this.actor, content);
  }

  addLabels(ref: RepoRef, number: number, names: string[]): Delivery[] {
    const repo = this.repo(ref);
    this.requireRole(repo, "triage", "label issues");
    return this.mutations.addLabels(repo, this.issue(repo, number), this.actor, names);
  }

  removeLabel(ref: RepoRef, number: number, name: string): Delivery[] {
    const repo = this.repo(ref);
    this.requireRole(repo, "triage", "unlabel issues");
    return this.mutations.removeLabel(repo, this.issue(repo, number), this.actor, name);
  }

  close(ref: RepoRef, number: number, stateReason: "completed" | "not_planned" = "completed"): Delivery[] {
    const repo = this.repo(ref);
    const issue = this.issue(repo, number);
    this.requireRole(repo, "triage", "close issues", issue);
    return this.mutations.updateIssue(repo, issue, this.actor, { state: "closed", stateReason });
  }

  reopen(ref: RepoRef, number: number): Delivery[] {
    const repo = this.repo(ref);
    const issue = this.issue(repo, number);
    this.requireRole(repo, "triage", "reopen issues", issue);
    return this.mutations.updateIssue(repo, issue, this.actor, { state: "open" });
  }

  rename(ref: RepoRef, number: number, title: string): Delivery[] {
    const repo = this.repo(ref);
    const issue = this.issue(repo, number);
    this.requireRole(repo, "triage", "rename issues", issue);
    return this.mutations.updateIssue(repo, issue, this.actor, { title });
  }

  editBody(ref: RepoRef, number: number, body: string): Delivery[] {
    const repo = this.repo(ref);
    const issue = this.issue(repo, number);
    this.requireRole(repo, "write", "edit issue bodies", issue);
    return this.mutations.updateIssue(repo, issue, this.actor, { body });
  }

  assign(ref: RepoRef, number: number, logins: string[]): Delivery[] {
    const repo = this.repo(ref);
    this.requireRole(repo, "triage", "assign issues");
    return this.mutations.addAssignees(repo, this.issue(repo, number), this.actor, logins);
  }

  unassign(ref: RepoRef, number: number, logins: string[]): Delivery[] {
    const repo = this.repo(ref);
    this.requireRole(repo, "triage", "unassign issues");
    return this.mutations.removeAssignees(repo, this.issue(repo, number), this.actor, logins);
  }

  /**
   * A `git push` of one commit to `branch` (the default branch unless given; created from it when missing): each
   * file with a string is written, each with `null` deleted. Returns the `push` delivery, whose commit lists what
   * was added, modified and removed, then `pull_request.synchronize` for open pull requests of the branch.
   */
  push(ref: RepoRef, input: { files: Record<string, string | null>; branch?: string; message?: string }): WithSha {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "push");
    const { commit, deliveries } = this.mutations.push(repo, this.actor, input.files, input.branch, input.message);
    return Object.assign(deliveries, { sha: commit.sha });
  }

  /** Opens a pull request from `head` into `base` (the default branch unless given), as GitHub's UI does. */
  openPull(ref: RepoRef, input: { title: string; body?: string; head: string; base?: string }): WithPull {
    const repo = this.repo(ref);
    const { issue, deliveries } = this.mutations.pulls.open(repo, this.actor, {
      title: input.title,
      body: input.body ?? null,
      head: input.head,
      base: input.base ?? repo.defaultBranch,
    });
    return Object.assign(deliveries, { pullNumber: issue.number });
  }

  /**
   * Presses "Merge pull request": the merge commit lands on the base; deliveries are its `push`, the
   * `pull_request.closed` (merged), and an `issues.closed` for each issue it fixes (on the default branch).
   */
  mergePull(ref: RepoRef, number: number, method: "merge" | "squash" | "rebase" = "merge"): WithSha {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "merge pull requests");
    const { commit, deliveries } = this.mutations.pulls.merge(repo, this.pullIssue(repo, number), this.actor, {
      method,
    });
    return Object.assign(deliveries, { sha: commit.sha });
  }

  /**
   * A pull request opened from a one-commit branch and squash-merged at once by `mergedBy` (default: this user),
   * made at set-up speed for repositories with a long history; no webhooks. Returns its number and merge commit.
   */
  landPull(
    ref: RepoRef,
    input: { title: string; files: Record<string, string>; mergedBy?: string },
  ): { pullNumber: number; sha: string } {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "push");
    const merger = input.mergedBy ? { login: this.world.ensureUser(input.mergedBy).login, viaApp: false } : this.actor;
    const { issue, commit } = this.mutations.pulls.landSquashed(repo, this.actor, merger, input);
    return { pullNumber: issue.number, sha: commit.sha };
  }

  /** Closes a pull request without merging it (`pull_request.closed`, `merged: false`). */
  closePull(ref: RepoRef, number: number): Delivery[] {
    const repo = this.repo(ref);
    const issue = this.pullIssue(repo, number);
    this.requireRole(repo, "triage", "close pull requests", issue);
    return this.mutations.updateIssue(repo, issue, this.actor, { state: "closed" });
  }

  /**
   * Deletes a branch (the "Delete branch" button after a merge). Pull requests keep their head commit; open ones
   * from the branch are closed, as GitHub does (their `pull_request.closed` deliveries are returned).
   */
  deleteBranch(ref: RepoRef, branch: string): Delivery[] {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "delete branches");
    if (branch === repo.defaultBranch) throw new Error(`cannot delete ${repo.fullName}'s default branch`);
    if (!repo.refs.has(`refs/heads/${branch}`)) throw new Error(`${repo.fullName} has no branch ${branch}`);
    return this.mutations.deleteBranch(repo, branch, this.actor);
  }

  /** Publishes a release of `target` (default branch head unless given); no deliveries (the app does not subscribe). */
  publishRelease(
    ref: RepoRef,
    input: { tag: string; name?: string; target?: string },
  ): Delivery[] & { releaseId: number } {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "publish releases");
    const release = this.mutations.changes.publishRelease(repo, this.actor, input);
    return Object.assign([] as Delivery[], { releaseId: release.id });
  }

  /** Creates a deployment of a branch, tag or sha (a CD system does this with its token). */
  deploy(
    ref: RepoRef,
    input: { ref: string; environment?: string; description?: string },
  ): Delivery[] & { deploymentId: number } {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "create deployments");
    const deployment = this.mutations.changes.deploy(repo, this.actor, {
      ref: input.ref,
      environment: input.environment ?? "production",
      description: input.description ?? null,
    });
    return Object.assign([] as Delivery[], { deploymentId: deployment.id });
  }

  /** Adds a status to a deployment (`success`, `failure`, `in_progress` …). */
  setDeploymentStatus(
    ref: RepoRef,
    deploymentId: number,
    state: "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success",
    logUrl?: string,
  ): Delivery[] {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "set deployment statuses");
    const deployment = repo.deployments.get(deploymentId);
    if (!deployment) throw new Error(`deployment ${deploymentId} does not exist in ${repo.fullName}`);
    this.mutations.changes.setStatus(repo.fullName, deployment, this.actor, { state, ...(logUrl ? { logUrl } : {}) });
    return [];
  }

  /** Presses "Re-run" on a check run: GitHub asks the app that made it with `check_run.rerequested`. */
  rerequestCheckRun(ref: RepoRef, checkRunId: number): Delivery[] {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "re-run checks");
    const run = repo.checkRuns.get(checkRunId);
    if (!run) throw new Error(`check run ${checkRunId} does not exist in ${repo.fullName}`);
    const json = checkRunJson(this.world, repo, run);
    return [buildRerequestDelivery(this.world, repo, this.actor.login, json)];
  }

  private pullIssue(repo: RepoRecord, number: number): PullIssue {
    const issue = this.issue(repo, number);
    if (!issue.pull) throw new Error(`${repo.fullName}#${number} is not a pull request`);
    return issue as PullIssue;
  }

  /** A `repository_dispatch` (sent through the API with a user's token, e.g. from a pager bridge). */
  dispatch(ref: RepoRef, eventType: string, clientPayload: Record<string, unknown> = {}): Delivery[] {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "send repository_dispatch");
    return this.mutations.dispatch(repo, this.actor, eventType, clientPayload);
  }

  /** Creates a repo label through the UI (sends `label.created`). */
  createLabel(ref: RepoRef, name: string, color?: string, description?: string): Delivery[] {
    const repo = this.repo(ref);
    this.requireRole(repo, "write", "create labels");
    return this.mutations.createLabel(repo, this.actor, {
      name,
      ...(color ? { color } : {}),
      ...(description ? { description } : {}),
    }).deliveries;
  }
}

export class GitHubStandIn {
  readonly clock: Clock;
  readonly faults = new FaultInjector();
  /** Every HTTP request received, in order. */
  readonly requests: RequestLogEntry[] = [];
  /** Requests GitHub would have rejected (unknown route, schema failure). Tests assert it is empty. */
  readonly violations: Violation[] = [];
  /** Deliveries caused by the app's own writes, oldest first. */
  readonly outbox: Delivery[] = [];
  /** Simulated round trip: every answer is sent this many milliseconds after the request was handled. */
  latencyMs: number;
  readonly #world: World;
  readonly #mutations: Mutations;
  readonly #server: StandInServer;
  #baseUrl: string | undefined;

  constructor(options: StandInOptions = {}) {
    this.clock = new Clock(options.now);
    this.latencyMs = options.latencyMs ?? 0;
    const slug = options.appSlug ?? "firebreak";
    this.#world = new World(this.clock, {
      appSlug: slug,
      appId: options.appId ?? 424242,
      installationId: options.installationId ?? 1,
      appOwner: "firebreak-dev",
    });
    this.#mutations = new Mutations(this.#world);
    this.#server = new StandInServer({
      world: this.#world,
      mutations: this.#mutations,
      faults: this.faults,
      requests: this.requests,
      violations: this.violations,
      outbox: this.outbox,
      validateResponses: options.validateResponses ?? false,
      strictTokens: options.strictTokens ?? false,
      latencyMs: () => this.latencyMs,
    });
  }

  get installationId(): number {
    return this.#world.installationId;
  }
  get appId(): number {
    return this.#world.app.id;
  }
  get appSlug(): string {
    return this.#world.app.slug;
  }
  /** `firebreak[bot]`. */
  get botLogin(): string {
    return this.#world.botLogin;
  }
  get baseUrl(): string {
    if (!this.#baseUrl) throw new Error("GitHubStandIn: call listen() first");
    return this.#baseUrl;
  }

  addUser(login: string, opts: { type?: UserType } = {}): void {
    const existing = this.#world.users.get(login.toLowerCase());
    if (existing) {
      if (opts.type) existing.type = opts.type;
      return;
    }
    this.#world.ensureUser(login, opts.type ?? "User");
  }

  addRepo(fullName: string, opts: AddRepoOptions = {}): RepoHandle {
    const record = this.#world.addRepo(fullName, opts.files ?? {}, opts.collaborators ?? {});
    const handle = new RepoHandle(this.#world, record);
    for (const l of opts.labels ?? []) handle.addLabel(l.name, l.color, l.description ?? null);
    return handle;
  }

  repo(fullName: string): RepoHandle {
    const [owner, name] = fullName.split("/");
    const record = owner && name ? this.#world.findRepo(owner, name) : undefined;
    if (!record) throw new Error(`GitHubStandIn: no repo ${fullName}`);
    return new RepoHandle(this.#world, record);
  }

  as(login: string): UserActions {
    return new UserActions(this, this.#world, this.#mutations, login);
  }

  /** A personal access token acting as `login` (for tests that call the API as a human). */
  tokenFor(login: string): string {
    const token = `ghp_${randomBytes(18).toString("base64url")}`;
    const user = this.#world.ensureUser(login);
    this.#world.tokens.set(token, { token, expiresAt: "2099-01-01T00:00:00Z", login: user.login });
    return token;
  }

  /** Returns and clears the deliveries caused by the app's writes. */
  takeDeliveries(): Delivery[] {
    return this.outbox.splice(0, this.outbox.length);
  }

  resetRequestLog(): void {
    this.requests.length = 0;
  }

  /** Loads the OpenAPI description now (it is otherwise loaded by the first request). */
  static preload(): void {
    loadSpec();
  }

  async listen(): Promise<{ baseUrl: string }> {
    const baseUrl = await this.#server.listen();
    this.#baseUrl = baseUrl;
    this.#world.apiUrl = baseUrl;
    return { baseUrl };
  }

  async close(): Promise<void> {
    await this.#server.close();
  }
}
