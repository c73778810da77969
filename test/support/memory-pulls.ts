import { createHash } from "node:crypto";
import {
  type BranchFile,
  type CheckRunOutput,
  FileConflict,
  type PullRequestsPort,
  type PullSummary,
} from "../../src/github/port.js";

type Conclusion = "success" | "failure" | "neutral";

const blobSha = (text: string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest("hex");

/**
 * Branches, files, pull requests and check runs in memory, behind `PullRequestsPort` (merging and the issues it
 * closes are the HTTP stand-in's business). Conflicts answer like GitHub: `FileConflict` for a stale or missing sha.
 */
/** Pull requests are numbered from here, far above the issues a test opens. */
export const MEMORY_PULL_NUMBERS = 1000;

export class MemoryPulls implements PullRequestsPort {
  /** Branch → its head commit; commit → its files. */
  private readonly branches = new Map<string, string>();
  private readonly trees = new Map<string, Map<string, string>>();
  private readonly pulls: PullSummary[] = [];
  private readonly checkRuns: { id: number; name: string; headSha: string; conclusion: Conclusion }[] = [];
  private nextCommit = 1;
  private nextId = 1;

  constructor(
    readonly owner: string,
    readonly repo: string,
    /** The first pull request's number (pull requests share the issue number space). */
    private nextNumber = MEMORY_PULL_NUMBERS,
  ) {
    this.branches.set("main", this.commit(new Map()));
  }

  private commit(tree: Map<string, string>): string {
    const sha = createHash("sha1")
      .update(`commit ${this.nextCommit++}`)
      .digest("hex");
    this.trees.set(sha, tree);
    return sha;
  }

  async branchHead(branch: string): Promise<string | undefined> {
    return this.branches.get(branch);
  }

  async createBranch(branch: string, sha: string): Promise<boolean> {
    if (this.branches.has(branch)) return false;
    if (!this.trees.has(sha)) throw new Error(`unknown commit ${sha}`);
    this.branches.set(branch, sha);
    return true;
  }

  async readFileAt(path: string, ref: string): Promise<BranchFile | undefined> {
    const text = this.trees.get(this.branches.get(ref) ?? ref)?.get(path);
    return text === undefined ? undefined : { text, sha: blobSha(text) };
  }

  async writeFile(change: { path: string; branch: string; text: string; message: string; sha?: string }) {
    const head = this.branches.get(change.branch);
    if (head === undefined) throw new Error(`no branch ${change.branch}`);
    const tree = new Map(this.trees.get(head));
    const current = tree.get(change.path);
    if (current === undefined ? change.sha !== undefined : change.sha !== blobSha(current))
      throw new FileConflict(`${change.path} changed`);
    tree.set(change.path, change.text);
    const commit = this.commit(tree);
    this.branches.set(change.branch, commit);
    return { commit, sha: blobSha(change.text) };
  }

  async findPullByHead(branch: string): Promise<PullSummary | undefined> {
    return structuredClone(this.pulls.filter((pull) => pull.headRef === branch).at(-1));
  }

  async getPull(pullNumber: number): Promise<PullSummary> {
    const pull = this.pulls.find((candidate) => candidate.number === pullNumber);
    if (!pull) throw new Error(`no pull request #${pullNumber}`);
    return structuredClone(pull);
  }

  async createPull(pull: { title: string; body: string; head: string; base: string }): Promise<PullSummary> {
    const headSha = this.branches.get(pull.head);
    if (headSha === undefined || !this.branches.has(pull.base)) throw new Error("unknown head or base");
    // GitHub refuses a second open pull request for the same head and base; OctokitPulls answers the open one.
    const open = this.pulls.find((p) => p.state === "open" && p.headRef === pull.head && p.baseRef === pull.base);
    if (open) return structuredClone(open);
    const summary: PullSummary = {
      number: this.nextNumber++,
      state: "open",
      merged: false,
      headRef: pull.head,
      headSha,
      baseRef: pull.base,
      author: "firebreak[bot]",
      title: pull.title,
      body: pull.body,
      url: `https://github.com/${this.owner}/${this.repo}/pull/${this.nextNumber - 1}`,
    };
    this.pulls.push(summary);
    return structuredClone(summary);
  }

  async updatePull(pullNumber: number, patch: { title?: string; body?: string }): Promise<void> {
    const pull = this.pulls.find((candidate) => candidate.number === pullNumber);
    if (pull) Object.assign(pull, patch);
  }

  async requestReviewers(): Promise<void> {}

  /** The in-memory pull requests record no diffs: none changes a file here. */
  async pullFiles(_pullNumber: number): Promise<string[]> {
    return [];
  }

  async pullsOfCommit(sha: string): Promise<number[]> {
    return this.pulls.filter((pull) => pull.headSha === sha).map((pull) => pull.number);
  }

  async findCheckRun(headSha: string, name: string): Promise<{ id: number; conclusion?: string } | undefined> {
    const run = this.checkRuns.filter((r) => r.headSha === headSha && r.name === name).at(-1);
    return run && { id: run.id, conclusion: run.conclusion };
  }

  async createCheckRun(run: { name: string; headSha: string; conclusion: Conclusion; output: CheckRunOutput }) {
    const id = this.nextId++;
    this.checkRuns.push({ id, name: run.name, headSha: run.headSha, conclusion: run.conclusion });
    return id;
  }

  async updateCheckRun(checkRunId: number, run: { conclusion: Conclusion }): Promise<void> {
    const found = this.checkRuns.find((r) => r.id === checkRunId);
    if (found) found.conclusion = run.conclusion;
  }
}
