/**
 * Every state change GitHub can make to an issue, shared by the HTTP routes (the app acting) and the
 * user-action API (a human acting). Each appends the timeline events GitHub records, bumps
 * `updated_at`, and returns the webhook deliveries GitHub would send, in GitHub's order.
 */
import { ChangeMutations } from "./change-mutations.js";
import { notFound, validationFailed } from "./errors.js";
import { PullMutations } from "./pull-mutations.js";
import { type PullIssue, pullJson } from "./pull-representations.js";
import { type Json, commentJson, issueJson, labelJson, repoJson, userJson } from "./representations.js";
import {
  type CommentRecord,
  type CommitRecord,
  type IssueEventKind,
  type IssueEventRecord,
  type IssueRecord,
  type LabelRecord,
  type ReactionRecord,
  type RepoRecord,
  type World,
  branchTree,
  findLabelByName,
  roleOf,
} from "./state.js";
import type { Delivery, ReactionContent, StateReason } from "./types.js";
import { buildDelivery, buildPushDelivery } from "./webhooks.js";

export interface Actor {
  login: string;
  /** True for the app's installation token: GitHub then fills `performed_via_github_app`. */
  viaApp: boolean;
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: "open" | "closed";
  stateReason?: StateReason | null;
  labels?: string[];
  assignees?: string[];
  /** The commit whose landing closes the issue ("Fixes #n" merged): its `closed` event names it. */
  closingCommit?: string;
}

/** GitHub's default colour for labels it creates implicitly. */
const IMPLICIT_LABEL_COLOR = "ededed";

export class Mutations {
  /** Opening, editing, reviewers and merging of pull requests (which are issues too). */
  readonly pulls: PullMutations;
  /** Releases, deployments and their statuses. */
  readonly changes: ChangeMutations;

  constructor(private readonly world: World) {
    this.pulls = new PullMutations(world, this);
    this.changes = new ChangeMutations(world);
  }

  private now(): string {
    return this.world.clock.iso();
  }

  /** An `issues` delivery, or a `pull_request` one when the issue is a pull request (as GitHub sends). */
  issueDelivery(
    repo: RepoRecord,
    issue: IssueRecord,
    actor: Actor,
    action: string,
    parts: { changes?: Json; label?: Json; assignee?: Json } = {},
    /** Top-level fields only pull requests' deliveries have (`before`/`after`, `requested_reviewer`). */
    pullExtra: Json = {},
  ): Delivery {
    if (issue.pull) {
      return buildDelivery(this.world, repo, "pull_request", actor.login, {
        action,
        ...parts,
        extra: { number: issue.number, pull_request: pullJson(this.world, repo, issue as PullIssue), ...pullExtra },
      });
    }
    return buildDelivery(this.world, repo, "issues", actor.login, {
      action,
      issue: issueJson(this.world, repo, issue),
      ...parts,
    });
  }

  appendEvent(
    issue: IssueRecord,
    actor: Actor,
    kind: IssueEventKind,
    fields: Partial<IssueEventRecord> = {},
  ): IssueEventRecord {
    const event: IssueEventRecord = {
      id: this.world.ids.event.next(),
      kind,
      actor: actor.login,
      viaApp: actor.viaApp,
      createdAt: this.now(),
      ...fields,
    };
    issue.timeline.push({ seq: this.world.ids.timeline.next(), type: "event", event });
    return event;
  }

  /** Labels GitHub auto-creates when an unknown name is applied to an issue. */
  ensureLabel(repo: RepoRecord, name: string): LabelRecord {
    const existing = findLabelByName(repo, name);
    if (existing) return existing;
    const label: LabelRecord = {
      id: this.world.ids.label.next(),
      name,
      color: IMPLICIT_LABEL_COLOR,
      description: null,
      default: false,
    };
    repo.labels.set(label.id, label);
    return label;
  }

  /**
   * GraphQL `transferIssue`: the issue moves with its comments and history to a new number in `target`; labels
   * the target lacks are dropped (or created, when asked), as are assignees it cannot assign. The old number
   * answers 301 to the new place; the old repository hears `transferred`, the new one `opened`.
   */
  transferIssue(
    source: RepoRecord,
    issue: IssueRecord,
    target: RepoRecord,
    actor: Actor,
    createLabelsIfMissing: boolean,
  ): { issue: IssueRecord; deliveries: Delivery[] } {
    const moved: IssueRecord = {
      ...issue,
      number: target.nextIssueNumber++,
      labelIds: [],
      assignees: issue.assignees.filter((login) => this.isAssignable(target, login)),
      updatedAt: this.now(),
    };
    for (const id of issue.labelIds) {
      const label = source.labels.get(id);
      const there =
        label &&
        (findLabelByName(target, label.name) ?? (createLabelsIfMissing ? this.copyLabel(target, label) : undefined));
      if (there) moved.labelIds.push(there.id);
    }
    source.issues.delete(issue.number);
    source.transferred.set(issue.number, { repoId: target.id, number: moved.number });
    target.issues.set(moved.number, moved);
    for (const comment of [...source.comments.values()]) {
      if (comment.issueNumber !== issue.number) continue;
      source.comments.delete(comment.id);
      target.comments.set(comment.id, { ...comment, issueNumber: moved.number });
    }
    const changes = { new_issue: issueJson(this.world, target, moved), new_repository: repoJson(this.world, target) };
    const left = buildDelivery(this.world, source, "issues", actor.login, {
      action: "transferred",
      issue: issueJson(this.world, source, issue),
      changes,
    });
    return { issue: moved, deliveries: [left, this.issueDelivery(target, moved, actor, "opened")] };
  }

  private copyLabel(repo: RepoRecord, label: LabelRecord): LabelRecord {
    const copy: LabelRecord = { ...label, id: this.world.ids.label.next(), default: false };
    repo.labels.set(copy.id, copy);
    return copy;
  }

  isAssignable(repo: RepoRecord, login: string): boolean {
    return roleOf(repo, login) !== undefined;
  }

  createIssue(
    repo: RepoRecord,
    actor: Actor,
    input: { title: string; body?: string | null; labels?: string[]; assignees?: string[] },
  ): { issue: IssueRecord; deliveries: Delivery[] } {
    checkBodyLength("Issue", input.body);
    checkTitleLength(input.title);
    const now = this.now();
    this.world.ensureUser(actor.login);
    const issue: IssueRecord = {
      id: this.world.ids.issue.next(),
      number: repo.nextIssueNumber++,
      title: input.title,
      body: input.body ?? null,
      user: actor.login,
      viaApp: actor.viaApp,
      state: "open",
      stateReason: null,
      labelIds: [],
      assignees: [],
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      locked: false,
      reactions: [],
      timeline: [],
    };
    repo.issues.set(issue.number, issue);
    const labeled = this.applyLabels(repo, issue, actor, input.labels ?? []);
    const assigned = this.applyAssignees(repo, issue, actor, input.assignees ?? []);
    const deliveries = [this.issueDelivery(repo, issue, actor, "opened")];
    deliveries.push(
      ...labeled.map((l) =>
        this.issueDelivery(repo, issue, actor, "labeled", { label: labelJson(this.world, repo, l) }),
      ),
    );
    deliveries.push(
      ...assigned.map((a) => this.issueDelivery(repo, issue, actor, "assigned", { assignee: userJson(this.world, a) })),
    );
    return { issue, deliveries };
  }

  /** Adds labels the issue lacks; returns the labels that were newly applied. */
  private applyLabels(repo: RepoRecord, issue: IssueRecord, actor: Actor, names: string[]): LabelRecord[] {
    const added: LabelRecord[] = [];
    for (const name of names) {
      const label = this.ensureLabel(repo, name);
      if (issue.labelIds.includes(label.id)) continue;
      issue.labelIds.push(label.id);
      this.appendEvent(issue, actor, "labeled", { label: { name: label.name, color: label.color } });
      added.push(label);
    }
    return added;
  }

  private unapplyLabel(issue: IssueRecord, actor: Actor, label: LabelRecord): void {
    issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
    this.appendEvent(issue, actor, "unlabeled", { label: { name: label.name, color: label.color } });
  }

  /** GitHub silently ignores assignees who cannot be assigned. Returns logins newly assigned. */
  private applyAssignees(repo: RepoRecord, issue: IssueRecord, actor: Actor, logins: string[]): string[] {
    const added: string[] = [];
    for (const raw of logins) {
      if (!this.isAssignable(repo, raw)) continue;
      const login = this.world.user(raw).login;
      if (issue.assignees.some((a) => a.toLowerCase() === login.toLowerCase())) continue;
      // GitHub caps assignees at 10 per issue.
      if (issue.assignees.length >= 10) break;
      issue.assignees.push(login);
      this.appendEvent(issue, actor, "assigned", { assignee: login });
      added.push(login);
    }
    return added;
  }

  private unapplyAssignees(issue: IssueRecord, actor: Actor, logins: string[]): string[] {
    const removed: string[] = [];
    for (const raw of logins) {
      const current = issue.assignees.find((a) => a.toLowerCase() === raw.toLowerCase());
      if (!current) continue;
      issue.assignees = issue.assignees.filter((a) => a !== current);
      this.appendEvent(issue, actor, "unassigned", { assignee: current });
      removed.push(current);
    }
    return removed;
  }

  updateIssue(repo: RepoRecord, issue: IssueRecord, actor: Actor, patch: IssuePatch): Delivery[] {
    checkBodyLength("Issue", patch.body);
    checkTitleLength(patch.title);
    const edited = this.editText(repo, issue, actor, patch);
    const state = this.changeState(repo, issue, actor, patch);
    const labelled = patch.labels === undefined ? [] : this.setLabels(repo, issue, actor, patch.labels);
    const assigned = patch.assignees === undefined ? [] : this.replaceAssignees(repo, issue, actor, patch.assignees);
    const deliveries = [...edited, ...state.deliveries, ...labelled, ...assigned];
    if (deliveries.length > 0 || state.touched) issue.updatedAt = this.now();
    return this.refreshIssue(repo, issue, deliveries);
  }

  /** A new title or body: one `issues.edited` with what changed. */
  private editText(repo: RepoRecord, issue: IssueRecord, actor: Actor, patch: IssuePatch): Delivery[] {
    const changes: Record<string, unknown> = {};
    if (patch.title !== undefined && patch.title !== issue.title) {
      changes.title = { from: issue.title };
      this.appendEvent(issue, actor, "renamed", { rename: { from: issue.title, to: patch.title } });
      issue.title = patch.title;
    }
    if (patch.body !== undefined && patch.body !== issue.body) {
      changes.body = { from: issue.body ?? "" };
      issue.body = patch.body;
    }
    if (Object.keys(changes).length === 0) return [];
    return [this.issueDelivery(repo, issue, actor, "edited", { changes })];
  }

  /** Closing, reopening, or a new reason on a closed issue (which GitHub records without a delivery). */
  private changeState(
    repo: RepoRecord,
    issue: IssueRecord,
    actor: Actor,
    patch: IssuePatch,
  ): { deliveries: Delivery[]; touched: boolean } {
    if (patch.state === "closed" && issue.state === "open") {
      issue.state = "closed";
      issue.stateReason = patch.stateReason === "not_planned" ? "not_planned" : "completed";
      issue.closedAt = this.now();
      issue.closedBy = actor.login;
      this.appendEvent(issue, actor, "closed", {
        stateReason: issue.stateReason,
        ...(patch.closingCommit ? { commitId: patch.closingCommit } : {}),
      });
      return { deliveries: [this.issueDelivery(repo, issue, actor, "closed")], touched: true };
    }
    if (patch.state === "open" && issue.state === "closed") {
      issue.state = "open";
      issue.stateReason = "reopened";
      issue.closedAt = null;
      this.appendEvent(issue, actor, "reopened", { stateReason: "reopened" });
      return { deliveries: [this.issueDelivery(repo, issue, actor, "reopened")], touched: true };
    }
    if (
      issue.state === "closed" &&
      patch.stateReason &&
      patch.stateReason !== "reopened" &&
      patch.stateReason !== issue.stateReason
    ) {
      issue.stateReason = patch.stateReason;
      return { deliveries: [], touched: true };
    }
    return { deliveries: [], touched: false };
  }

  /** Makes the assignees exactly `logins` (those who can be assigned): removals first, then additions. */
  private replaceAssignees(repo: RepoRecord, issue: IssueRecord, actor: Actor, logins: string[]): Delivery[] {
    const wanted = logins.filter((a) => this.isAssignable(repo, a));
    const removed = this.unapplyAssignees(
      issue,
      actor,
      issue.assignees.filter((a) => !wanted.some((w) => w.toLowerCase() === a.toLowerCase())),
    );
    const added = this.applyAssignees(repo, issue, actor, wanted);
    const delivery = (action: string, login: string) =>
      this.issueDelivery(repo, issue, actor, action, { assignee: userJson(this.world, login) });
    return [...removed.map((a) => delivery("unassigned", a)), ...added.map((a) => delivery("assigned", a))];
  }

  /**
   * Deliveries are built as changes happen, but GitHub sends them after the request commits, so the
   * embedded issue reflects the final state (e.g. `labels` in an `issues.labeled` payload).
   */
  refreshIssue(repo: RepoRecord, issue: IssueRecord, deliveries: Delivery[]): Delivery[] {
    const final = issueJson(this.world, repo, issue);
    const pull = issue.pull ? pullJson(this.world, repo, issue as PullIssue) : undefined;
    for (const d of deliveries) {
      if (d.payload.issue) d.payload.issue = structuredClone(final);
      if (d.payload.pull_request && pull) d.payload.pull_request = structuredClone(pull);
    }
    return deliveries;
  }

  addLabels(repo: RepoRecord, issue: IssueRecord, actor: Actor, names: string[]): Delivery[] {
    const added = this.applyLabels(repo, issue, actor, names);
    if (added.length > 0) issue.updatedAt = this.now();
    const deliveries = added.map((l) =>
      this.issueDelivery(repo, issue, actor, "labeled", { label: labelJson(this.world, repo, l) }),
    );
    return this.refreshIssue(repo, issue, deliveries);
  }

  setLabels(repo: RepoRecord, issue: IssueRecord, actor: Actor, names: string[]): Delivery[] {
    const wanted = names.map((n) => this.ensureLabel(repo, n));
    const deliveries: Delivery[] = [];
    for (const id of [...issue.labelIds]) {
      const label = repo.labels.get(id);
      if (!label || wanted.some((w) => w.id === id)) continue;
      this.unapplyLabel(issue, actor, label);
      deliveries.push(
        this.issueDelivery(repo, issue, actor, "unlabeled", { label: labelJson(this.world, repo, label) }),
      );
    }
    const added = this.applyLabels(
      repo,
      issue,
      actor,
      wanted.map((l) => l.name),
    );
    deliveries.push(
      ...added.map((l) => this.issueDelivery(repo, issue, actor, "labeled", { label: labelJson(this.world, repo, l) })),
    );
    if (deliveries.length > 0) issue.updatedAt = this.now();
    return this.refreshIssue(repo, issue, deliveries);
  }

  removeLabel(repo: RepoRecord, issue: IssueRecord, actor: Actor, name: string): Delivery[] {
    const label = findLabelByName(repo, name);
    if (!label || !issue.labelIds.includes(label.id)) throw notFound("Label does not exist");
    this.unapplyLabel(issue, actor, label);
    issue.updatedAt = this.now();
    return this.refreshIssue(repo, issue, [
      this.issueDelivery(repo, issue, actor, "unlabeled", { label: labelJson(this.world, repo, label) }),
    ]);
  }

  addAssignees(repo: RepoRecord, issue: IssueRecord, actor: Actor, logins: string[]): Delivery[] {
    const added = this.applyAssignees(repo, issue, actor, logins);
    if (added.length > 0) issue.updatedAt = this.now();
    return this.refreshIssue(
      repo,
      issue,
      added.map((a) => this.issueDelivery(repo, issue, actor, "assigned", { assignee: userJson(this.world, a) })),
    );
  }

  removeAssignees(repo: RepoRecord, issue: IssueRecord, actor: Actor, logins: string[]): Delivery[] {
    const removed = this.unapplyAssignees(issue, actor, logins);
    if (removed.length > 0) issue.updatedAt = this.now();
    return this.refreshIssue(
      repo,
      issue,
      removed.map((a) => this.issueDelivery(repo, issue, actor, "unassigned", { assignee: userJson(this.world, a) })),
    );
  }

  private commentDelivery(
    repo: RepoRecord,
    comment: CommentRecord,
    actor: Actor,
    action: string,
    changes?: Record<string, unknown>,
  ): Delivery {
    const issue = repo.issues.get(comment.issueNumber);
    if (!issue) throw new Error(`commentDelivery: ${repo.fullName}#${comment.issueNumber} does not exist`);
    return buildDelivery(this.world, repo, "issue_comment", actor.login, {
      action,
      issue: issueJson(this.world, repo, issue),
      comment: commentJson(this.world, repo, comment),
      ...(changes ? { changes } : {}),
    });
  }

  createComment(
    repo: RepoRecord,
    issue: IssueRecord,
    actor: Actor,
    body: string,
  ): { comment: CommentRecord; deliveries: Delivery[] } {
    checkBodyLength("IssueComment", body);
    const now = this.now();
    this.world.ensureUser(actor.login);
    const comment: CommentRecord = {
      id: this.world.ids.comment.next(),
      issueNumber: issue.number,
      user: actor.login,
      body,
      createdAt: now,
      updatedAt: now,
      viaApp: actor.viaApp,
      reactions: [],
    };
    repo.comments.set(comment.id, comment);
    issue.timeline.push({ seq: this.world.ids.timeline.next(), type: "comment", commentId: comment.id });
    issue.updatedAt = now;
    return { comment, deliveries: [this.commentDelivery(repo, comment, actor, "created")] };
  }

  editComment(repo: RepoRecord, comment: CommentRecord, actor: Actor, body: string): Delivery[] {
    checkBodyLength("IssueComment", body);
    const from = comment.body;
    comment.body = body;
    comment.updatedAt = this.now();
    return [this.commentDelivery(repo, comment, actor, "edited", { body: { from } })];
  }

  deleteComment(repo: RepoRecord, comment: CommentRecord, actor: Actor): Delivery[] {
    const delivery = this.commentDelivery(repo, comment, actor, "deleted");
    repo.comments.delete(comment.id);
    const issue = repo.issues.get(comment.issueNumber);
    if (issue) issue.timeline = issue.timeline.filter((e) => !(e.type === "comment" && e.commentId === comment.id));
    return [delivery];
  }

  /** GitHub keeps one reaction per user and content; a repeat returns the existing one (200). */
  addReaction(
    target: { reactions: ReactionRecord[] },
    actor: Actor,
    content: ReactionContent,
  ): { reaction: ReactionRecord; created: boolean } {
    const existing = target.reactions.find(
      (r) => r.user.toLowerCase() === actor.login.toLowerCase() && r.content === content,
    );
    if (existing) return { reaction: existing, created: false };
    this.world.ensureUser(actor.login);
    const reaction: ReactionRecord = {
      id: this.world.ids.reaction.next(),
      user: actor.login,
      content,
      createdAt: this.now(),
    };
    target.reactions.push(reaction);
    return { reaction, created: true };
  }

  createLabel(
    repo: RepoRecord,
    actor: Actor,
    input: { name: string; color?: string; description?: string | null },
  ): { label: LabelRecord; deliveries: Delivery[] } {
    if (findLabelByName(repo, input.name))
      throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
    const label: LabelRecord = {
      id: this.world.ids.label.next(),
      name: input.name,
      color: (input.color ?? IMPLICIT_LABEL_COLOR).replace(/^#/, "").toLowerCase(),
      description: input.description ?? null,
      default: false,
    };
    repo.labels.set(label.id, label);
    const delivery = buildDelivery(this.world, repo, "label", actor.login, {
      action: "created",
      label: labelJson(this.world, repo, label),
    });
    return { label, deliveries: [delivery] };
  }

  updateLabel(
    repo: RepoRecord,
    label: LabelRecord,
    actor: Actor,
    input: { newName?: string; color?: string; description?: string | null },
  ): Delivery[] {
    const changes: Record<string, unknown> = {};
    if (input.newName !== undefined && input.newName !== label.name) {
      const clash = findLabelByName(repo, input.newName);
      if (clash && clash.id !== label.id)
        throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
      changes.name = { from: label.name };
      label.name = input.newName;
    }
    if (input.color !== undefined) {
      const color = input.color.replace(/^#/, "").toLowerCase();
      if (color !== label.color) {
        changes.color = { from: label.color };
        label.color = color;
      }
    }
    if (input.description !== undefined && input.description !== label.description) {
      changes.description = { from: label.description ?? "" };
      label.description = input.description;
    }
    if (Object.keys(changes).length === 0) return [];
    return [
      buildDelivery(this.world, repo, "label", actor.login, {
        action: "edited",
        label: labelJson(this.world, repo, label),
        changes,
      }),
    ];
  }

  /**
   * One commit on `branch` (the default branch unless given; created from it when missing) that writes each file
   * whose content is a string and deletes each that is `null`. Returns the `push` delivery (GitHub sends one for
   * every branch), then a `pull_request.synchronize` for each open pull request whose head is the branch.
   */
  push(
    repo: RepoRecord,
    actor: Actor,
    files: Record<string, string | null>,
    branch = repo.defaultBranch,
    message?: string,
  ): { commit: CommitRecord; deliveries: Delivery[] } {
    const ref = `refs/heads/${branch}`;
    const before = repo.refs.get(ref) ?? "0".repeat(40);
    const tree = new Map(branchTree(repo, branch) ?? repo.files);
    const added: string[] = [];
    const modified: string[] = [];
    const removed: string[] = [];
    for (const [raw, content] of Object.entries(files)) {
      const path = raw.replace(/^\/+/, "");
      const exists = tree.has(path);
      if (content === null) {
        if (!exists) throw new Error(`push: ${path} does not exist in ${repo.fullName}@${branch}`);
        removed.push(path);
        tree.delete(path);
        continue;
      }
      (exists ? modified : added).push(path);
      tree.set(path, content);
    }
    const text = message ?? `Update ${[...added, ...modified, ...removed].join(", ")}`;
    const commit = this.world.commit(repo, branch, { tree, message: text, author: actor.login });
    const parts = { ref, before, after: commit.sha, added, modified, removed, message: text };
    const deliveries = [
      buildPushDelivery(this.world, repo, actor.login, parts),
      ...this.synchronize(repo, branch, actor),
    ];
    return { commit, deliveries };
  }

  /** GitHub closes the open pull requests whose head branch is deleted (`pull_request.closed`, not merged). */
  deleteBranch(repo: RepoRecord, branch: string, actor: Actor): Delivery[] {
    repo.refs.delete(`refs/heads/${branch}`);
    return [...repo.issues.values()]
      .filter((issue) => issue.pull?.head === branch && issue.state === "open")
      .flatMap((issue) => this.updateIssue(repo, issue, actor, { state: "closed" }));
  }

  /** A new head for the open pull requests of `branch`: each sends `pull_request.synchronize`. */
  synchronize(repo: RepoRecord, branch: string, actor: Actor): Delivery[] {
    const head = repo.refs.get(`refs/heads/${branch}`);
    if (head === undefined) return [];
    const deliveries: Delivery[] = [];
    for (const issue of repo.issues.values()) {
      const pull = issue.pull;
      if (!pull || issue.state !== "open" || pull.head !== branch || pull.headSha === head) continue;
      const before = pull.headSha;
      pull.headSha = head;
      issue.updatedAt = this.now();
      deliveries.push(this.issueDelivery(repo, issue, actor, "synchronize", {}, { before, after: head }));
    }
    return deliveries;
  }

  dispatch(repo: RepoRecord, actor: Actor, eventType: string, clientPayload: Record<string, unknown>): Delivery[] {
    return [
      buildDelivery(this.world, repo, "repository_dispatch", actor.login, {
        action: eventType,
        extra: { branch: repo.defaultBranch, client_payload: structuredClone(clientPayload) },
      }),
    ];
  }
}

/** GitHub's limit on issue and comment bodies; it answers 422 and saves nothing (counted here in UTF-16 units, as JavaScript does). */
const BODY_LIMIT = 65_536;

function checkBodyLength(resource: "Issue" | "IssueComment", body: string | null | undefined): void {
  if (typeof body === "string" && body.length > BODY_LIMIT) {
    throw validationFailed([
      { resource, code: "custom", field: "body", message: `body is too long (maximum is ${BODY_LIMIT} characters)` },
    ]);
  }
}

/** GitHub's limit on issue titles (unverified against real GitHub: its UI and API refuse longer titles with 422). */
const TITLE_LIMIT = 256;

function checkTitleLength(title: string | null | undefined): void {
  if (typeof title === "string" && title.length > TITLE_LIMIT) {
    throw validationFailed([
      {
        resource: "Issue",
        code: "custom",
        field: "title",
        message: `title is too long (maximum is ${TITLE_LIMIT} characters)`,
      },
    ]);
  }
}
