/**
 * Git references in any namespace (`refs/heads/*`, `refs/firebreak/*`, ...). Firebreak uses refs as
 * compare-and-swap locks, so GitHub's answers for duplicates and missing objects matter.
 */
import { notFound, unprocessable } from "../errors.js";
import { nodeId, repoUrl } from "../representations.js";
import type { RepoRecord, World } from "../state.js";
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
    const sha = String(bodyObject(ctx).sha);
    if (!repo.refs.has(ref)) throw unprocessable("Reference does not exist");
    if (!repo.commits.has(sha)) throw unprocessable("Object does not exist");
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
