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
export type IssueEventKind =
  | "labeled"
  | "unlabeled"
  | "assigned"
  | "unassigned"
  | "closed"
  | "reopened"
  | "renamed"
  | "merged";

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
  /** The commit that closed the issue (a merged "Fixes #n"), or a merge event's commit. */
  commitId?: string;
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
  /** Set when the issue is a pull request. */
  pull?: PullRecord;
}

/** A commit: its whole tree (path → text), like git's snapshot model. */
export interface CommitRecord {
  sha: string;
  tree: Map<string, string>;
  parents: string[];
  message: string;
  author: string;
  date: string;
}

/** The pull-request half of an issue that is a pull request (GitHub shares the number space). */
export interface PullRecord {
  id: number;
  head: string;
  base: string;
  /** The head commit; follows pushes to the head branch while open, kept after the branch is deleted. */
  headSha: string;
  /** The base branch's commit when the pull request was opened (or last synchronised). */
  baseSha: string;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  requestedReviewers: string[];
}

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: string;
  completedAt: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  checkSuiteId: number;
}

/** A published release (drafts are not modelled: the app reads what was published). */
export interface ReleaseRecord {
  id: number;
  tag: string;
  name: string;
  /** The commit the tag points at. */
  target: string;
  author: string;
  createdAt: string;
  publishedAt: string;
}

export interface DeploymentStatusRecord {
  id: number;
  state: "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";
  creator: string;
  description: string;
  logUrl: string;
  createdAt: string;
}

/** A deployment (the Deployments API): what was deployed where, and its statuses, oldest first. */
export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  description: string | null;
  creator: string;
  createdAt: string;
  statuses: DeploymentStatusRecord[];
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  createdAt: string;
  /** The default branch's tree (its head commit's; set-up writes change that commit in place). */
  readonly files: Map<string, string>;
  /** Full ref name (`refs/heads/main`) → commit sha. */
  refs: Map<string, string>;
  commits: Map<string, CommitRecord>;
  /** Trees made by `POST /git/trees` and not yet committed (a commit keeps its own tree): sha → path → text. */
  trees: Map<string, Map<string, string>>;
  /** Blobs made by `POST /git/blobs` (or inline tree content): sha → text. Committed blobs are found in commits. */
  blobs: Map<string, string>;
  checkRuns: Map<number, CheckRunRecord>;
  releases: Map<number, ReleaseRecord>;
  deployments: Map<number, DeploymentRecord>;
  labels: Map<number, LabelRecord>;
  issues: Map<number, IssueRecord>;
  comments: Map<number, CommentRecord>;
  collaborators: Map<string, Role>;
  nextIssueNumber: number;
  /** Issues transferred away: their old number → where they are now (GitHub answers 301 for the old one). */
  transferred: Map<number, { repoId: number; number: number }>;
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
    pull: new Sequence(2_100_000_001),
    checkRun: new Sequence(30_000_000_001),
    checkSuite: new Sequence(15_000_000_001),
    release: new Sequence(180_000_001),
    deployment: new Sequence(1_900_000_001),
    deploymentStatus: new Sequence(2_600_000_001),
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

  repoById(id: number): RepoRecord | undefined {
    return [...this.repos.values()].find((repo) => repo.id === id);
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
    const root: CommitRecord = {
      sha,
      tree: new Map(Object.entries(files)),
      parents: [],
      message: "Initial commit",
      author: ownerLogin,
      date: this.clock.iso(),
    };
    const repo: RepoRecord = {
      id: this.ids.repo.next(),
      owner: ownerLogin,
      name,
      fullName: `${owner}/${name}`,
      defaultBranch: "main",
      createdAt: this.clock.iso(),
      get files() {
        return branchTree(this, this.defaultBranch) ?? new Map<string, string>();
      },
      refs: new Map([["refs/heads/main", sha]]),
      commits: new Map([[sha, root]]),
      trees: new Map(),
      blobs: new Map(),
      checkRuns: new Map(),
      releases: new Map(),
      deployments: new Map(),
      labels: new Map(),
      issues: new Map(),
      comments: new Map(),
      collaborators: new Map(),
      nextIssueNumber: 1,
      transferred: new Map(),
    };
    for (const [login, role] of Object.entries(collaborators)) {
      this.ensureUser(login);
      repo.collaborators.set(login.toLowerCase(), role);
    }
    this.repos.set(repo.fullName.toLowerCase(), repo);
    return repo;
  }

  /** A new commit on `branch` (created from the default branch when missing) whose tree is `tree`. */
  commit(
    repo: RepoRecord,
    branch: string,
    change: { tree: Map<string, string>; message: string; author: string; parents?: string[] },
  ): CommitRecord {
    const parent = repo.refs.get(`refs/heads/${branch}`) ?? repo.refs.get(`refs/heads/${repo.defaultBranch}`);
    const commit: CommitRecord = {
      sha: this.newSha(`${repo.fullName}@${branch}`),
      tree: change.tree,
      parents: change.parents ?? (parent ? [parent] : []),
      message: change.message,
      author: change.author,
      date: this.clock.iso(),
    };
    repo.commits.set(commit.sha, commit);
    repo.refs.set(`refs/heads/${branch}`, commit.sha);
    return commit;
  }
}

/** The tree at a branch's head, or undefined when the branch does not exist. */
export function branchTree(repo: RepoRecord, branch: string): Map<string, string> | undefined {
  const sha = repo.refs.get(`refs/heads/${branch}`);
  return sha === undefined ? undefined : repo.commits.get(sha)?.tree;
}

/** The blob sha git would compute, so shas are stable and content-addressed like GitHub's. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
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
