import type { IssueSnapshot, Person, TimelineItem } from "../../src/domain/history.js";
import type { LabelDefinition } from "../../src/domain/labels.js";
import type { PermissionLevel } from "../../src/domain/vocabulary.js";
import type { ChangesPort, GitHubPorts, IssuePatch, Reaction } from "../../src/github/port.js";
import { MEMORY_PULL_NUMBERS, MemoryPulls } from "./memory-pulls.js";

/**
 * GitHub in memory, behind the same ports the Octokit adapter implements (prow's fakegithub): one repository,
 * its issues with their timelines, permissions, labels and id refs. For fast tests of the runner, the plan and
 * the executor; the HTTP stand-in (github-standin/) stays the end-to-end truth. Every port call is counted.
 */

/** A timeline item before GitHub stamps it with an id and a time. */
type TimelineEvent = TimelineItem extends infer Item
  ? Item extends TimelineItem
    ? Omit<Item, "id" | "at">
    : never
  : never;

/** Appends an event to an issue's timeline, stamped with an id and the current time; returns the id. */
type Stamp = (number: number, event: TimelineEvent) => number;

interface MemoryIssue extends IssueSnapshot {
  timeline: TimelineItem[];
  reactions: Map<number, { user: string; content: Reaction }[]>;
}

export class MemoryGitHub {
  readonly owner = "acme";
  readonly repo = "checkout";
  readonly appLogin = "firebreak[bot]";
  readonly calls: string[] = [];
  private readonly issues = new Map<number, MemoryIssue>();
  private readonly permissions = new Map<string, PermissionLevel>();
  private readonly labels = new Set<string>();
  private readonly refs = new Set<string>();
  /** Branches, files, pull requests and check runs (not counted in `calls`). */
  readonly pulls = new MemoryPulls(this.owner, this.repo);
  private nextId = 1000;
  private clock = Date.parse("2026-11-25T12:00:00Z");

  constructor(permissions: Record<string, PermissionLevel> = {}) {
    for (const [login, level] of Object.entries(permissions)) this.permissions.set(login.toLowerCase(), level);
  }

  now(): string {
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** Time passes between people's actions: GitHub stamps events by the second. */
  tick(seconds = 60): void {
    this.clock += seconds * 1000;
  }

  issue(number: number): MemoryIssue {
    const issue = this.issues.get(number);
    if (!issue) throw new Error(`no issue #${number}`);
    return issue;
  }

  /** A person's (or the app's) actions; each is stamped with the current time. */
  as(login: string) {
    const actor: Person = { login, isBot: login.endsWith("[bot]") };
    const stamp: Stamp = (number, event) => {
      const entry = { ...event, id: this.nextId++, at: this.now() } as TimelineItem;
      this.issue(number).timeline.push(entry);
      return entry.id;
    };
    return { ...this.writingActions(actor, stamp), ...this.triageActions(actor, stamp) };
  }

  /** Opening issues, commenting, editing and reacting. */
  private writingActions(actor: Person, stamp: Stamp) {
    return {
      openIssue: (title: string, body = ""): number => {
        const number = this.issues.size + 1;
        this.issues.set(number, {
          number,
          title,
          body,
          state: "open",
          stateReason: null,
          labels: [],
          assignees: [],
          author: actor,
          createdAt: this.now(),
          timeline: [],
          reactions: new Map(),
        });
        return number;
      },
      comment: (number: number, body: string): number => stamp(number, { kind: "comment", author: actor, body }),
      editComment: (number: number, commentId: number, body: string): void => {
        const comment = this.issue(number).timeline.find((entry) => entry.id === commentId && entry.kind === "comment");
        if (comment?.kind === "comment") comment.body = body;
      },
      rename: (number: number, title: string): void => {
        const issue = this.issue(number);
        if (issue.title === title) return;
        stamp(number, { kind: "renamed", actor, from: issue.title, to: title });
        issue.title = title;
      },
      editBody: (number: number, body: string): void => {
        this.issue(number).body = body;
      },
      react: (number: number, commentId: number, content: Reaction): void => {
        const reactions = this.issue(number).reactions;
        const list = reactions.get(commentId) ?? [];
        if (!list.some((reaction) => reaction.user === actor.login && reaction.content === content))
          list.push({ user: actor.login, content });
        reactions.set(commentId, list);
      },
    };
  }

  /** Labels, open or closed, and assignees. */
  private triageActions(actor: Person, stamp: Stamp) {
    return {
      label: (number: number, name: string): void => {
        const issue = this.issue(number);
        if (issue.labels.some((label) => label.toLowerCase() === name.toLowerCase())) return;
        issue.labels.push(name);
        stamp(number, { kind: "labeled", actor, label: name });
      },
      unlabel: (number: number, name: string): void => {
        const issue = this.issue(number);
        const found = issue.labels.find((label) => label.toLowerCase() === name.toLowerCase());
        if (!found) return;
        issue.labels = issue.labels.filter((label) => label !== found);
        stamp(number, { kind: "unlabeled", actor, label: found });
      },
      close: (number: number, reason: "completed" | "not_planned" = "completed"): void => {
        const issue = this.issue(number);
        if (issue.state === "closed") return;
        Object.assign(issue, { state: "closed", stateReason: reason });
        stamp(number, { kind: "closed", actor, stateReason: reason, commitId: null });
      },
      reopen: (number: number): void => {
        const issue = this.issue(number);
        if (issue.state === "open") return;
        Object.assign(issue, { state: "open", stateReason: "reopened" });
        stamp(number, { kind: "reopened", actor });
      },
      assign: (number: number, logins: string[]): void => {
        const issue = this.issue(number);
        for (const login of logins) {
          if (issue.assignees.includes(login)) continue;
          issue.assignees.push(login);
          stamp(number, { kind: "assigned", actor, assignee: login });
        }
      },
      unassign: (number: number, logins: string[]): void => {
        const issue = this.issue(number);
        for (const login of logins) {
          if (!issue.assignees.includes(login)) continue;
          issue.assignees = issue.assignees.filter((assignee) => assignee !== login);
          stamp(number, { kind: "unassigned", actor, assignee: login });
        }
      },
    };
  }

  /** The app's own comments on an issue. */
  appComments(number: number): string[] {
    return this.issue(number).timeline.flatMap((entry) =>
      entry.kind === "comment" && entry.author.login === this.appLogin ? [entry.body] : [],
    );
  }

  ports(): GitHubPorts {
    const where = { owner: this.owner, repo: this.repo };
    const app = this.as(this.appLogin);
    const called = <T>(name: string, value: T): T => {
      this.calls.push(name);
      return value;
    };
    const snapshot = (number: number): IssueSnapshot => {
      const { timeline: _timeline, reactions: _reactions, ...issue } = this.issue(number);
      return structuredClone({ ...issue, labels: [...issue.labels], assignees: [...issue.assignees] });
    };
    return {
      issues: {
        ...where,
        getIssue: async (number) => called("getIssue", snapshot(number)),
        listTimeline: async (number) => called("listTimeline", structuredClone(this.issue(number).timeline)),
        ensureLabels: async (labels: LabelDefinition[]) => {
          for (const label of labels) this.labels.add(label.name.toLowerCase());
          called("ensureLabels", undefined);
        },
        updateIssue: async (number, patch: IssuePatch) => called("updateIssue", this.applyPatch(number, patch)),
        addAssignees: async (number, logins) => called("addAssignees", app.assign(number, logins)),
        removeAssignees: async (number, logins) => called("removeAssignees", app.unassign(number, logins)),
        createComment: async (number, body) => called("createComment", app.comment(number, body)),
        updateComment: async (commentId, body) => called("updateComment", this.updateAppComment(commentId, body)),
        react: async (commentId, content) => called("react", this.reactAsApp(commentId, content)),
        createIssue: async (issue) => called("createIssue", this.createIssueAsApp(issue)),
        addLabels: async (number, labels) => called("addLabels", this.addLabelsAsApp(number, labels)),
        removeLabel: async (number, label) =>
          called(
            "removeLabel",
            this.issues.get(number)?.labels.includes(label) ? app.unlabel(number, label) : undefined,
          ),
        listIssuesByApp: async (label) =>
          called(
            "listIssuesByApp",
            this.listed((i) => i.author.login === this.appLogin && i.labels.includes(label)),
          ),
        listLabelledSince: async (label) =>
          called(
            "listLabelledSince",
            this.listed((i) => i.labels.includes(label)),
          ),
        listOpenIssuesByApp: async () =>
          called(
            "listOpenIssuesByApp",
            this.listed((i) => i.author.login === this.appLogin && i.state === "open"),
          ),
        // One repository in memory: transfers are the HTTP stand-in's (test/e2e/security.test.ts).
        transferIssue: async () => {
          throw new Error("MemoryGitHub models one repository: it cannot transfer an issue");
        },
      },
      permissions: {
        ...where,
        getPermission: async (login) => called("getPermission", this.permissions.get(login.toLowerCase()) ?? "none"),
      },
      refs: {
        ...where,
        claimIncidentId: async (prefix) => called("claimIncidentId", this.claim(prefix)),
        claimOnce: async (name) => called("claimOnce", this.claimName(name)),
      },
      contents: { ...where, readFile: async () => called("readFile", undefined) },
      pulls: this.pulls,
      changes: this.changes(),
    };
  }

  private listed(matches: (issue: MemoryIssue) => boolean): { number: number; body: string }[] {
    return [...this.issues.values()].filter(matches).map((issue) => ({ number: issue.number, body: issue.body }));
  }

  /** A repository with no history: nothing changed before any incident. */
  private changes(): ChangesPort {
    const none = async <T>(name: string): Promise<T[]> => {
      this.calls.push(name);
      return [];
    };
    return {
      owner: this.owner,
      repo: this.repo,
      mergedPulls: () => none("mergedPulls"),
      branchCommits: () => none("branchCommits"),
      commitFiles: () => none("commitFiles"),
      comparedFiles: () => none("comparedFiles"),
      releases: () => none("releases"),
      deployments: () => none("deployments"),
    };
  }

  private applyPatch(number: number, patch: IssuePatch): void {
    const app = this.as(this.appLogin);
    const issue = this.issue(number);
    if (patch.title !== undefined) app.rename(number, patch.title);
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.labels !== undefined) this.setLabels(number, patch.labels);
    if (patch.state === "closed") app.close(number, patch.state_reason === "not_planned" ? "not_planned" : "completed");
    if (patch.state === "open") app.reopen(number);
  }

  /** GitHub replaces the whole set, matching names case-insensitively; each change is a timeline event. */
  private setLabels(number: number, labels: string[]): void {
    const app = this.as(this.appLogin);
    const wanted = labels.map((label) => label.toLowerCase());
    for (const label of [...this.issue(number).labels])
      if (!wanted.includes(label.toLowerCase())) app.unlabel(number, label);
    for (const label of labels) app.label(number, label);
  }

  private updateAppComment(commentId: number, body: string): void {
    for (const issue of this.issues.values()) {
      const comment = issue.timeline.find((entry) => entry.id === commentId);
      if (comment?.kind === "comment") comment.body = body;
    }
  }

  private reactAsApp(commentId: number, content: Reaction): void {
    const issue = [...this.issues.values()].find((candidate) =>
      candidate.timeline.some((entry) => entry.id === commentId),
    );
    if (issue) this.as(this.appLogin).react(issue.number, commentId, content);
  }

  private createIssueAsApp(input: { title: string; body: string; labels: string[] }): number {
    const app = this.as(this.appLogin);
    const number = app.openIssue(input.title, input.body);
    for (const label of input.labels) app.label(number, label);
    return number;
  }

  private addLabelsAsApp(number: number, labels: string[]): void {
    // Pull requests live in MemoryPulls, which keeps no labels: labelling one changes nothing here.
    if (!this.issues.has(number) && number >= MEMORY_PULL_NUMBERS) return;
    for (const label of labels) this.as(this.appLogin).label(number, label);
  }

  private claimName(name: string): boolean {
    const ref = `claims/${name}`;
    if (this.refs.has(ref)) return false;
    this.refs.add(ref);
    return true;
  }

  private claim(prefix: string): string {
    for (let next = 1; ; next++) {
      const id = `${prefix}-${String(next).padStart(3, "0")}`;
      if (!this.refs.has(id)) {
        this.refs.add(id);
        return id;
      }
    }
  }
}
