/**
 * Git references in any namespace (`refs/heads/*`, `refs/firebreak/*`, ...). Firebreak uses refs as
 * compare-and-swap locks, so GitHub's answers for duplicates and missing objects matter.
 */
import { createHash } from "node:crypto";
import { notFound, unprocessable } from "../errors.js";
import { ancestors } from "../git-graph.js";
import { nodeId, repoUrl } from "../representations.js";
import { blobSha, type CommitRecord, type RepoRecord, type World } from "../state.js";
import { type RequestContext, type RouteTable, bodyObject, json, requireRepo, str } from "./context.js";

function refJson(world: World, repo: RepoRecord, ref: string, sha: string): Record<string, unknown> {
  return {
    ref,
    node_id: nodeId(
      "Ref",
      [...ref].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, repo.id),
    ),
    url: `${repoUrl(world, repo)}/git/${ref}`,
    object: { type: "commit", sha, url: `${repoUrl(world, repo)}/git/commits/${sha}` },
  };
}

/** Path params are given without the `refs/` prefix (`heads/main`). */
function fullRef(ctx: RequestContext): string {
  return `refs/${str(ctx, "ref").replace(/^refs\//, "")}`;
}

export const gitRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}/git/ref/{ref}": (ctx) => {
    const repo = requireRepo(ctx);
    const ref = fullRef(ctx);
    const sha = repo.refs.get(ref);
    if (!sha) throw notFound();
    return json(200, refJson(ctx.world, repo, ref, sha));
  },

  "GET /repos/{owner}/{repo}/git/matching-refs/{ref}": (ctx) => {
    const repo = requireRepo(ctx);
    const prefix = fullRef(ctx);
    const matches = [...repo.refs.entries()]
      .filter(([ref]) => ref.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ref, sha]) => refJson(ctx.world, repo, ref, sha));
    return json(200, matches);
  },

  "POST /repos/{owner}/{repo}/git/refs": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyObject(ctx);
    const ref = String(body.ref);
    const sha = String(body.sha);
    // GitHub requires a fully qualified name with at least two slashes.
    if (!/^refs\/[^/]+\/.+/.test(ref)) throw unprocessable("Reference name is invalid");
    if (!repo.commits.has(sha)) throw unprocessable("Object does not exist");
    if (repo.refs.has(ref)) throw unprocessable("Reference already exists");
    repo.refs.set(ref, sha);
    return json(201, refJson(ctx.world, repo, ref, sha), { location: `${repoUrl(ctx.world, repo)}/git/${ref}` });
  },

  "PATCH /repos/{owner}/{repo}/git/refs/{ref}": (ctx) => {
    const repo = requireRepo(ctx);
    const ref = fullRef(ctx);
    const body = bodyObject(ctx);
    const sha = String(body.sha);
    const current = repo.refs.get(ref);
    if (current === undefined) throw unprocessable("Reference does not exist");
    if (!repo.commits.has(sha)) throw unprocessable("Object does not exist");
    // Without `force`, the new commit must have the current one in its history.
    if (body.force !== true && !ancestors(repo, sha).has(current)) throw unprocessable("Update is not a fast forward");
    repo.refs.set(ref, sha);
    if (ref.startsWith("refs/heads/"))
      ctx.emit(ctx.mutations.synchronize(repo, ref.slice("refs/heads/".length), ctx.actor));
    return json(200, refJson(ctx.world, repo, ref, sha));
  },

  "DELETE /repos/{owner}/{repo}/git/refs/{ref}": (ctx) => {
    const repo = requireRepo(ctx);
    const ref = fullRef(ctx);
    if (!repo.refs.has(ref)) throw unprocessable("Reference does not exist");
    if (ref.startsWith("refs/heads/"))
      ctx.emit(ctx.mutations.deleteBranch(repo, ref.slice("refs/heads/".length), ctx.actor));
    else repo.refs.delete(ref);
    return { status: 204 };
  },
};

/**
 * The Git Data API's blobs, trees and commits over the stand-in's snapshot model: a tree is a whole path → text
 * map, its sha a content hash of its entries (stable, though not git's own bytes); a blob's sha is git's.
 */
function treeSha(tree: Map<string, string>): string {
  const hash = createHash("sha1").update("tree\0");
  for (const path of [...tree.keys()].sort()) hash.update(`${path}\0${blobSha(tree.get(path) ?? "")}\n`);
  return hash.digest("hex");
}

function findBlob(repo: RepoRecord, sha: string): string | undefined {
  const made = repo.blobs.get(sha);
  if (made !== undefined) return made;
  for (const commit of repo.commits.values())
    for (const text of commit.tree.values()) if (blobSha(text) === sha) return text;
  return undefined;
}

/** A tree by its sha, or the tree of a commit, branch or tag (GitHub's `GET /git/trees/{tree_sha}` takes either). */
function findTree(repo: RepoRecord, sha: string, refsToo: boolean): Map<string, string> | undefined {
  const made = repo.trees.get(sha);
  if (made) return made;
  for (const commit of repo.commits.values()) if (treeSha(commit.tree) === sha) return commit.tree;
  if (!refsToo) return undefined;
  const commit =
    repo.commits.get(sha) ??
    repo.commits.get(repo.refs.get(`refs/heads/${sha}`) ?? repo.refs.get(`refs/tags/${sha}`) ?? "");
  return commit?.tree;
}

/** The entries of one directory level (`prefix` "" or "dir/"), or of every level when recursive. */
function treeEntries(
  world: World,
  repo: RepoRecord,
  tree: Map<string, string>,
  recursive: boolean,
): Record<string, unknown>[] {
  const api = repoUrl(world, repo);
  const entries = new Map<string, Record<string, unknown>>();
  for (const [path, text] of tree) {
    const parts = path.split("/");
    for (let depth = 1; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join("/");
      if (!recursive && depth > 1) break;
      if (entries.has(dir)) continue;
      const sub = new Map(
        [...tree].filter(([p]) => p.startsWith(`${dir}/`)).map(([p, t]) => [p.slice(dir.length + 1), t]),
      );
      const sha = treeSha(sub);
      repo.trees.set(sha, sub);
      entries.set(dir, { path: dir, mode: "040000", type: "tree", sha, url: `${api}/git/trees/${sha}` });
    }
    if (!recursive && parts.length > 1) continue;
    const sha = blobSha(text);
    entries.set(path, {
      path,
      mode: "100644",
      type: "blob",
      sha,
      size: Buffer.byteLength(text),
      url: `${api}/git/blobs/${sha}`,
    });
  }
  return [...entries.values()].sort((a, b) => String(a.path).localeCompare(String(b.path)));
}

function treeJson(world: World, repo: RepoRecord, tree: Map<string, string>, recursive: boolean) {
  const sha = treeSha(tree);
  return {
    sha,
    url: `${repoUrl(world, repo)}/git/trees/${sha}`,
    tree: treeEntries(world, repo, tree, recursive),
    truncated: false,
  };
}

function gitCommitJson(world: World, repo: RepoRecord, commit: CommitRecord): Record<string, unknown> {
  const api = repoUrl(world, repo);
  const person = { name: commit.author, email: `${commit.author}@users.noreply.github.com`, date: commit.date };
  const tree = treeSha(commit.tree);
  return {
    sha: commit.sha,
    node_id: nodeId("Commit", Number.parseInt(commit.sha.slice(0, 8), 16)),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${world.htmlUrl}/${repo.fullName}/commit/${commit.sha}`,
    author: person,
    committer: person,
    tree: { sha: tree, url: `${api}/git/trees/${tree}` },
    message: commit.message,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${world.htmlUrl}/${repo.fullName}/commit/${sha}`,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

/** One entry of `POST /git/trees`: a blob by sha or inline content, or `sha: null` to delete the path. */
function applyTreeEntry(repo: RepoRecord, tree: Map<string, string>, entry: Record<string, unknown>): void {
  const path = String(entry.path ?? "");
  if (!path || path.startsWith("/") || path.endsWith("/") || path.split("/").includes(".."))
    throw unprocessable(`Invalid tree info: bad path ${JSON.stringify(path)}`);
  if (entry.type !== "blob") throw unprocessable("Invalid tree info: only blob entries are supported by the stand-in");
  const hasSha = "sha" in entry;
  if (hasSha && entry.content !== undefined)
    throw unprocessable("Invalid tree info: use either sha or content, not both");
  if (hasSha && entry.sha === null) {
    tree.delete(path);
    return;
  }
  const text = hasSha
    ? findBlob(repo, String(entry.sha))
    : entry.content === undefined
      ? undefined
      : String(entry.content);
  if (text === undefined)
    throw unprocessable(`Invalid tree info: ${hasSha ? "blob sha does not exist" : "sha or content required"}`);
  repo.blobs.set(blobSha(text), text);
  tree.set(path, text);
}

export const gitDataRoutes: RouteTable = {
  "POST /repos/{owner}/{repo}/git/blobs": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyObject(ctx);
    const encoding = String(body.encoding ?? "utf-8");
    if (encoding !== "utf-8" && encoding !== "base64") throw unprocessable(`encoding must be utf-8 or base64`);
    const text =
      encoding === "base64" ? Buffer.from(String(body.content), "base64").toString("utf8") : String(body.content);
    const sha = blobSha(text);
    repo.blobs.set(sha, text);
    return json(
      201,
      { url: `${repoUrl(ctx.world, repo)}/git/blobs/${sha}`, sha },
      {
        location: `${repoUrl(ctx.world, repo)}/git/blobs/${sha}`,
      },
    );
  },

  "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": (ctx) => {
    const repo = requireRepo(ctx);
    const tree = findTree(repo, str(ctx, "tree_sha"), true);
    if (!tree) throw notFound();
    const recursive = ctx.query.recursive !== undefined && ctx.query.recursive !== "" && ctx.query.recursive !== "0";
    return json(200, treeJson(ctx.world, repo, tree, recursive));
  },

  "POST /repos/{owner}/{repo}/git/trees": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyObject(ctx);
    let tree = new Map<string, string>();
    if (body.base_tree !== undefined) {
      const base = findTree(repo, String(body.base_tree), false);
      if (!base) throw unprocessable("Invalid tree info: base_tree is not a valid tree sha");
      tree = new Map(base);
    }
    const entries = Array.isArray(body.tree) ? (body.tree as Record<string, unknown>[]) : [];
    for (const entry of entries) applyTreeEntry(repo, tree, entry);
    repo.trees.set(treeSha(tree), tree);
    const result = treeJson(ctx.world, repo, tree, false);
    return json(201, result, { location: result.url });
  },

  "GET /repos/{owner}/{repo}/git/commits/{commit_sha}": (ctx) => {
    const repo = requireRepo(ctx);
    const commit = repo.commits.get(str(ctx, "commit_sha"));
    if (!commit) throw notFound();
    return json(200, gitCommitJson(ctx.world, repo, commit));
  },

  /** A commit object only: no ref moves until `PATCH` / `POST /git/refs`. */
  "POST /repos/{owner}/{repo}/git/commits": (ctx) => {
    const repo = requireRepo(ctx);
    const body = bodyObject(ctx);
    const tree = findTree(repo, String(body.tree), false);
    if (!tree) throw unprocessable("Tree SHA does not exist");
    const parents = Array.isArray(body.parents) ? body.parents.map(String) : [];
    for (const parent of parents)
      if (!repo.commits.has(parent)) throw unprocessable("Parent SHA does not exist or is not a commit object");
    const author = body.author as { name?: string; date?: string } | undefined;
    const commit: CommitRecord = {
      sha: ctx.world.newSha(`${repo.fullName}:git-data`),
      tree: new Map(tree),
      parents,
      message: String(body.message),
      author: ctx.actor.login,
      date: author?.date ?? ctx.world.clock.iso(),
    };
    repo.commits.set(commit.sha, commit);
    const result = gitCommitJson(ctx.world, repo, commit);
    return json(201, result, { location: String(result.url) });
  },
};
