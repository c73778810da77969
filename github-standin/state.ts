/**
 * The stand-in's in-memory GitHub: plain records plus id sequences. Records hold what GitHub stores
 * (logins, label ids, timestamps); the JSON GitHub returns is derived in `representations.ts`, so a
 * label rename or a comment edit is reflected everywhere at once.
 */
import { createHash } from "node:crypto";
import type { Clock } from "./clock.js";
import type { ReactionContent, Role, StateReason, UserType } from "./types.js";

export interface UserRecord {
  login: string;
  id: number;
  type: UserType;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface ReactionRecord {
  id: number;
  user: string;
  content: ReactionContent;
  createdAt: string;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  viaApp: boolean;
  reactions: ReactionRecord[];
}

/** Timeline entries other than comments (comments live in `comments` and are merged in order). */
export type IssueEventKind = "labeled" | "unlabeled" | "assigned" | "unassigned" | "closed" | "reopened" | "renamed";

export interface IssueEventRecord {
  id: number;
  kind: IssueEventKind;
  actor: string;
  viaApp: boolean;
  createdAt: string;
  /** Label name and colour as they were when the event happened (GitHub freezes them). */
  label?: { name: string; color: string };
  assignee?: string;
  rename?: { from: string; to: string };
  stateReason?: StateReason | null;
}

/** Ordered timeline: `seq` is a global monotonic counter so comments and events interleave correctly. */
type TimelineEntry =
  | { seq: number; type: "event"; event: IssueEventRecord }
  | { seq: number; type: "comment"; commentId: number };

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  viaApp: boolean;
  state: "open" | "closed";
  stateReason: StateReason | null;
  labelIds: number[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  locked: boolean;
  reactions: ReactionRecord[];
  timeline: TimelineEntry[];
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  createdAt: string;
  /** Files of the default branch (the stand-in does not model per-branch trees). */
  files: Map<string, string>;
  /** Full ref name (`refs/heads/main`) → commit sha. */
  refs: Map<string, string>;
  commits: Set<string>;
  labels: Map<number, LabelRecord>;
  issues: Map<number, IssueRecord>;
  comments: Map<number, CommentRecord>;
  collaborators: Map<string, Role>;
  nextIssueNumber: number;
}

export interface AppRecord {
  id: number;
  slug: string;
  name: string;
  owner: string;
  clientId: string;
  createdAt: string;
}

export interface InstallationToken {
  token: string;
  expiresAt: string;
  login: string;
}

/** Ids start at realistic magnitudes and only grow, so tests can rely on ordering. */
class Sequence {
  #next: number;
  constructor(start: number) {
    this.#next = start;
  }
  next(): number {
    return this.#next++;
  }
}

export class World {
  readonly clock: Clock;
  readonly users = new Map<string, UserRecord>();
  readonly repos = new Map<string, RepoRecord>();
  readonly tokens = new Map<string, InstallationToken>();
  readonly app: AppRecord;
  readonly installationId: number;
  /** Where API URLs in representations point; set to the server's base URL by `listen()`. */
  apiUrl = "https://api.github.com";
  readonly htmlUrl = "https://github.com";

  readonly ids = {
    user: new Sequence(1_000_001),
    repo: new Sequence(50_000_001),
    issue: new Sequence(300_000_001),
    comment: new Sequence(1_500_000_001),
    event: new Sequence(9_000_000_001),
    label: new Sequence(7_000_000_001),
    reaction: new Sequence(200_000_001),
    timeline: new Sequence(1),
    commit: new Sequence(1),
    token: new Sequence(1),
  };

  constructor(clock: Clock, opts: { appSlug: string; appId: number; installationId: number; appOwner: string }) {
    this.clock = clock;
    this.installationId = opts.installationId;
    this.app = {
      id: opts.appId,
      slug: opts.appSlug,
      name: opts.appSlug.charAt(0).toUpperCase() + opts.appSlug.slice(1),
      owner: opts.appOwner,
      clientId: `Iv1.${opts.appSlug}`,
      createdAt: clock.iso(),
    };
    this.ensureUser(this.botLogin, "Bot");
  }

  get botLogin(): string {
    return `${this.app.slug}[bot]`;
  }

  ensureUser(login: string, type: UserType = "User"): UserRecord {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = { login, id: this.ids.user.next(), type };
      this.users.set(key, user);
    }
    return user;
  }

  user(login: string): UserRecord {
    return this.ensureUser(login);
  }

  findRepo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** Deterministic 40-hex commit sha. */
  newSha(seed: string): string {
    return createHash("sha1").update(`${seed}:${this.ids.commit.next()}`).digest("hex");
  }

  addRepo(fullName: string, files: Record<string, string>, collaborators: Record<string, Role>): RepoRecord {
    const [owner, name] = fullName.split("/");
    if (!owner || !name) throw new Error(`addRepo: expected "owner/name", got ${fullName}`);
    if (this.findRepo(owner, name)) throw new Error(`addRepo: ${fullName} exists`);
    // Owners registered as users stay users; anything else is treated as an organization.
    const ownerLogin = (this.users.get(owner.toLowerCase()) ?? this.ensureUser(owner, "Organization")).login;
    const sha = this.newSha(fullName);
    const repo: RepoRecord = {
      id: this.ids.repo.next(),
      owner: ownerLogin,
      name,
      fullName: `${owner}/${name}`,
      defaultBranch: "main",
      createdAt: this.clock.iso(),
      files: new Map(Object.entries(files)),
      refs: new Map([["refs/heads/main", sha]]),
      commits: new Set([sha]),
      labels: new Map(),
      issues: new Map(),
      comments: new Map(),
      collaborators: new Map(),
      nextIssueNumber: 1,
    };
    for (const [login, role] of Object.entries(collaborators)) {
      this.ensureUser(login);
      repo.collaborators.set(login.toLowerCase(), role);
    }
    this.repos.set(repo.fullName.toLowerCase(), repo);
    return repo;
  }
}

export function findLabelByName(repo: RepoRecord, name: string): LabelRecord | undefined {
  const key = name.toLowerCase();
  for (const label of repo.labels.values()) if (label.name.toLowerCase() === key) return label;
  return undefined;
}

export function issueLabels(repo: RepoRecord, issue: IssueRecord): LabelRecord[] {
  return issue.labelIds.map((id) => repo.labels.get(id)).filter((l): l is LabelRecord => l !== undefined);
}

/** The role a login has on a repo; a user-owned repo's owner is admin. */
export function roleOf(repo: RepoRecord, login: string): Role | undefined {
  if (repo.owner.toLowerCase() === login.toLowerCase()) return "admin";
  return repo.collaborators.get(login.toLowerCase());
}
