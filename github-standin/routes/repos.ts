/** Repository metadata, file contents (incl. the raw media type plugin-config uses) and permissions. */
import { createHash } from "node:crypto";
import { DOCS, HttpError, notFound, unprocessable } from "../errors.js";
import { fileCommitJson } from "../pull-representations.js";
import { repoJson, repoUrl, userJson } from "../representations.js";
import { type RepoRecord, type World, blobSha, branchTree, roleOf } from "../state.js";
import type { Role } from "../types.js";
import { type RequestContext, type RouteTable, bodyObject, json, requireRepo, str } from "./context.js";

/** GitHub wraps base64 content at 60 characters per line. */
function wrappedBase64(content: string): string {
  return `${(
    Buffer.from(content, "utf8")
      .toString("base64")
      .match(/.{1,60}/g) ?? []
  ).join("\n")}\n`;
}

/** Resolves the optional `ref` query (branch, tag, full ref or known sha) to its name and tree. */
function resolveRef(repo: RepoRecord, ref: string | undefined): { ref: string; tree: Map<string, string> } {
  if (ref === undefined || ref === "") return { ref: repo.defaultBranch, tree: repo.files };
  const sha = repo.refs.get(ref) ?? repo.refs.get(`refs/heads/${ref}`) ?? repo.refs.get(`refs/tags/${ref}`) ?? ref;
  const commit = repo.commits.get(sha);
  if (!commit) throw notFound(`No commit found for the ref ${ref}`);
  return { ref, tree: commit.tree };
}

function entryJson(
  world: World,
  repo: RepoRecord,
  path: string,
  ref: string,
  type: "file" | "dir",
  content?: string,
): Record<string, unknown> {
  const api = `${repoUrl(world, repo)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const sha = type === "file" ? blobSha(content ?? "") : createHash("sha1").update(`tree ${path}`).digest("hex");
  const html = `${world.htmlUrl}/${repo.fullName}/${type === "file" ? "blob" : "tree"}/${ref}/${path}`;
  const git = `${repoUrl(world, repo)}/git/${type === "file" ? "blobs" : "trees"}/${sha}`;
  return {
    type,
    size: type === "file" ? Buffer.byteLength(content ?? "", "utf8") : 0,
    name: path.split("/").pop() ?? path,
    path,
    sha,
    url: api,
    git_url: git,
    html_url: html,
    download_url: type === "file" ? `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${path}` : null,
    _links: { self: api, git, html },
  };
}

function wantsRaw(ctx: RequestContext): boolean {
  const accept = String(ctx.headers.accept ?? "");
  return /application\/vnd\.github(\.v3)?\.raw/.test(accept);
}

function getContents(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const path = str(ctx, "path").replace(/^\/+|\/+$/g, "");
  const { ref, tree } = resolveRef(repo, ctx.query.ref as string | undefined);
  const file = tree.get(path);
  if (file !== undefined) {
    // Real GitHub answers raw requests as text; plugin-config treats a JSON content-type as "directory".
    if (wantsRaw(ctx)) return { status: 200, raw: { contentType: "text/plain; charset=utf-8", text: file } };
    return json(200, {
      ...entryJson(ctx.world, repo, path, ref, "file", file),
      content: wrappedBase64(file),
      encoding: "base64",
    });
  }
  const prefix = path === "" ? "" : `${path}/`;
  const children = new Map<string, "file" | "dir">();
  for (const p of tree.keys()) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    const [head, ...tail] = rest.split("/");
    if (head) children.set(prefix + head, tail.length > 0 ? "dir" : "file");
  }
  if (children.size === 0) throw notFound();
  const listing = [...children.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, type]) => entryJson(ctx.world, repo, p, ref, type, type === "file" ? tree.get(p) : undefined));
  return json(200, listing);
}

/** GitHub folds maintain into "write" and triage into "read" in `permission`; `role_name` is exact. */
const LEGACY_PERMISSION: Record<Role, "admin" | "write" | "read"> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
};

function collaboratorJson(world: World, login: string, role: Role): Record<string, unknown> {
  return {
    ...userJson(world, login),
    permissions: {
      admin: role === "admin",
      maintain: role === "admin" || role === "maintain",
      push: role === "admin" || role === "maintain" || role === "write",
      triage: role !== "read",
      pull: true,
    },
    role_name: role,
  };
}

/**
 * Creates or replaces one file on a branch with one commit. GitHub insists on the blob sha of the version being
 * replaced: none for an existing file is a 422, a stale one a 409.
 */
function putContents(ctx: RequestContext) {
  const repo = requireRepo(ctx);
  const path = str(ctx, "path").replace(/^\/+|\/+$/g, "");
  const body = bodyObject(ctx);
  const branch = typeof body.branch === "string" ? body.branch.replace(/^refs\/heads\//, "") : repo.defaultBranch;
  const tree = branchTree(repo, branch);
  if (!tree) throw notFound(`Branch ${branch} not found`);
  const current = tree.get(path);
  const sha = typeof body.sha === "string" ? body.sha : undefined;
  if (current !== undefined && sha === undefined) throw unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.');
  if (sha !== undefined && (current === undefined || blobSha(current) !== sha))
    throw new HttpError(409, { message: `${path} does not match ${sha}`, documentation_url: DOCS, status: "409" });
  const text = Buffer.from(String(body.content), "base64").toString("utf8");
  const { commit, deliveries } = ctx.mutations.push(repo, ctx.actor, { [path]: text }, branch, String(body.message));
  ctx.emit(deliveries);
  return json(current === undefined ? 201 : 200, {
    content: entryJson(ctx.world, repo, path, branch, "file", text),
    commit: fileCommitJson(ctx.world, repo, commit),
  });
}

export const repoRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}": (ctx) => json(200, repoJson(ctx.world, requireRepo(ctx), ctx.actor.login)),

  "GET /repos/{owner}/{repo}/contents/{path}": getContents,
  "PUT /repos/{owner}/{repo}/contents/{path}": putContents,

  "GET /repos/{owner}/{repo}/collaborators/{username}/permission": (ctx) => {
    const repo = requireRepo(ctx);
    const username = str(ctx, "username");
    const role = roleOf(repo, username);
    if (!role) throw notFound(`${username} is not a user`);
    const login = ctx.world.user(username).login;
    return json(200, {
      permission: LEGACY_PERMISSION[role],
      role_name: role,
      user: collaboratorJson(ctx.world, login, role),
    });
  },

  "GET /repos/{owner}/{repo}/collaborators/{username}": (ctx) => {
    const repo = requireRepo(ctx);
    if (!roleOf(repo, str(ctx, "username"))) throw notFound();
    return { status: 204 };
  },

  "GET /repos/{owner}/{repo}/assignees/{assignee}": (ctx) => {
    const repo = requireRepo(ctx);
    if (!ctx.mutations.isAssignable(repo, str(ctx, "assignee"))) throw notFound();
    return { status: 204 };
  },
};
