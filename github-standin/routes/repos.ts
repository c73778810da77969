/** Repository metadata, file contents (incl. the raw media type plugin-config uses) and permissions. */
import { createHash } from "node:crypto";
import { notFound } from "../errors.js";
import { repoJson, repoUrl, userJson } from "../representations.js";
import { type RepoRecord, type World, roleOf } from "../state.js";
import type { Role } from "../types.js";
import { type RequestContext, type RouteTable, json, requireRepo, str } from "./context.js";

/** The blob sha git would compute, so shas are stable and content-addressed like GitHub's. */
function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** GitHub wraps base64 content at 60 characters per line. */
function wrappedBase64(content: string): string {
  return `${(
    Buffer.from(content, "utf8")
      .toString("base64")
      .match(/.{1,60}/g) ?? []
  ).join("\n")}\n`;
}

/** Resolves the optional `ref` query (branch, tag, full ref or known sha). */
function resolveRef(repo: RepoRecord, ref: string | undefined): string {
  if (ref === undefined || ref === "") return repo.defaultBranch;
  const known =
    repo.refs.has(ref) ||
    repo.refs.has(`refs/heads/${ref}`) ||
    repo.refs.has(`refs/tags/${ref}`) ||
    repo.commits.has(ref);
  if (!known) throw notFound(`No commit found for the ref ${ref}`);
  return ref;
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
  const ref = resolveRef(repo, ctx.query.ref as string | undefined);
  const file = repo.files.get(path);
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
  for (const p of repo.files.keys()) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    const [head, ...tail] = rest.split("/");
    if (head) children.set(prefix + head, tail.length > 0 ? "dir" : "file");
  }
  if (children.size === 0) throw notFound();
  const listing = [...children.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, type]) => entryJson(ctx.world, repo, p, ref, type, type === "file" ? repo.files.get(p) : undefined));
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

export const repoRoutes: RouteTable = {
  "GET /repos/{owner}/{repo}": (ctx) => json(200, repoJson(ctx.world, requireRepo(ctx), ctx.actor.login)),

  "GET /repos/{owner}/{repo}/contents/{path}": getContents,

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
