import type { IssueHistory, IssueSnapshot, Person, TimelineItem } from "../../src/domain/history.js";

/** Builds an issue history the way GitHub's timeline would show it, one second per step unless told. */
export class HistoryBuilder {
  private readonly items: TimelineItem[] = [];
  private nextId = 1000;
  private clock = Date.parse("2026-11-25T12:00:00Z");
  readonly issue: IssueSnapshot;

  constructor(issue: Partial<IssueSnapshot> = {}) {
    this.issue = {
      number: 7,
      title: "Checkout returns 500",
      body: "",
      state: "open",
      stateReason: null,
      labels: [],
      assignees: [],
      author: user("reporter"),
      createdAt: "2026-11-25T12:00:00Z",
      ...issue,
    };
  }

  /** Moves the clock: "+5m", "+30s" or an ISO time. */
  at(time: string): this {
    const relative = /^\+(\d+)([smh])$/.exec(time);
    if (relative)
      this.clock += Number(relative[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[relative[2] as "s" | "m" | "h"];
    else this.clock = Date.parse(time);
    return this;
  }

  private now(): string {
    const iso = new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, "Z");
    this.clock += 1000;
    return iso;
  }

  comment(author: string | Person, body: string): this {
    this.items.push({
      kind: "comment",
      id: this.nextId++,
      at: this.now(),
      author: typeof author === "string" ? user(author) : author,
      body,
    });
    return this;
  }

  label(actor: string | Person, label: string, removed = false): this {
    this.items.push({
      kind: removed ? "unlabeled" : "labeled",
      id: this.nextId++,
      at: this.now(),
      actor: typeof actor === "string" ? user(actor) : actor,
      label,
    });
    return this;
  }

  close(actor: string, stateReason: "completed" | "not_planned" = "completed"): this {
    this.items.push({
      kind: "closed",
      id: this.nextId++,
      at: this.now(),
      actor: user(actor),
      stateReason,
      commitId: null,
    });
    return this;
  }

  reopen(actor: string): this {
    this.items.push({ kind: "reopened", id: this.nextId++, at: this.now(), actor: user(actor) });
    return this;
  }

  assign(actor: string | Person, assignee: string): this {
    this.items.push({
      kind: "assigned",
      id: this.nextId++,
      at: this.now(),
      actor: typeof actor === "string" ? user(actor) : actor,
      assignee,
    });
    return this;
  }

  rename(actor: string, to: string): this {
    this.items.push({
      kind: "renamed",
      id: this.nextId++,
      at: this.now(),
      actor: user(actor),
      from: this.issue.title,
      to,
    });
    return this;
  }

  build(): IssueHistory {
    return { issue: this.issue, timeline: [...this.items] };
  }
}

const user = (login: string): Person => ({ login, isBot: false });
export const bot = (login: string): Person => ({ login, isBot: true });
