/**
 * The commit graph's questions a pull request asks: what the head changed since it left the base, whether the
 * base changed the same files (a conflict), and the tree a merge produces.
 */
import type { CommitRecord, RepoRecord } from "./state.js";

/** `sha` and every commit reachable from it. */
export function ancestors(repo: RepoRecord, sha: string): Set<string> {
  const seen = new Set<string>();
  const queue = [sha];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(repo.commits.get(next)?.parents ?? []));
  }
  return seen;
}

/** The newest commit both histories share (breadth-first from `head`), if any. */
export function mergeBase(repo: RepoRecord, base: string, head: string): CommitRecord | undefined {
  const reachable = ancestors(repo, base);
  const queue = [head];
  const seen = new Set<string>();
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (reachable.has(next)) return repo.commits.get(next);
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(repo.commits.get(next)?.parents ?? []));
  }
  return undefined;
}

/** Paths whose text differs between two trees → the text in `to` (null: deleted). */
function diffTrees(from: Map<string, string>, to: Map<string, string>): Map<string, string | null> {
  const changes = new Map<string, string | null>();
  for (const [path, text] of to) if (from.get(path) !== text) changes.set(path, text);
  for (const path of from.keys()) if (!to.has(path)) changes.set(path, null);
  return changes;
}

export interface Comparison {
  /** What the head changed since the merge base. */
  changes: Map<string, string | null>;
  /** Commits on the head that the base lacks. */
  commits: number;
  additions: number;
  deletions: number;
  /** Paths both sides changed differently: the merge would conflict. */
  conflicts: string[];
  /** The base's tree with the head's changes applied. */
  merged: Map<string, string>;
}

const lineCount = (text: string | null | undefined): number =>
  text ? text.split("\n").length - (text.endsWith("\n") ? 1 : 0) : 0;

export function compare(repo: RepoRecord, baseSha: string, headSha: string): Comparison {
  const base = repo.commits.get(baseSha);
  const head = repo.commits.get(headSha);
  if (!base || !head) throw new Error(`compare: unknown commit in ${repo.fullName}`);
  const ancestor = mergeBase(repo, baseSha, headSha);
  const origin = ancestor?.tree ?? new Map<string, string>();
  const changes = diffTrees(origin, head.tree);
  const theirs = diffTrees(origin, base.tree);
  const conflicts = [...changes.keys()].filter((path) => theirs.has(path) && theirs.get(path) !== changes.get(path));
  const merged = new Map(base.tree);
  let additions = 0;
  let deletions = 0;
  for (const [path, text] of changes) {
    if (text === null) merged.delete(path);
    else merged.set(path, text);
    additions += lineCount(text);
    deletions += lineCount(origin.get(path));
  }
  const reachable = ancestors(repo, baseSha);
  const commits = [...ancestors(repo, headSha)].filter((sha) => !reachable.has(sha)).length;
  return { changes, commits, additions, deletions, conflicts, merged };
}
