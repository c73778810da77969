/** App-level endpoints Probot calls with its JWT: app metadata, installations, installation tokens. */
import { randomBytes } from "node:crypto";
import { notFound } from "../errors.js";
import { appJson, repoJson, userJson } from "../representations.js";
import { paginate } from "../pagination.js";
import type { World } from "../state.js";
import { type RequestContext, type RouteTable, int, json, requireRepo } from "./context.js";

const PERMISSIONS = { contents: "write", issues: "write", metadata: "read", pull_requests: "write", checks: "write" };

function installationJson(world: World, account: string): Record<string, unknown> {
  const id = world.installationId;
  return {
    id,
    // GitHub's description of this operation joins the user and enterprise shapes with `allOf` (it means either),
    // so the account carries the enterprise fields too, as real responses that validate against it do.
    account: {
      ...userJson(world, account),
      name: account,
      slug: account.toLowerCase(),
      created_at: world.app.createdAt,
      updated_at: world.app.createdAt,
    },
    repository_selection: "all",
    access_tokens_url: `${world.apiUrl}/app/installations/${id}/access_tokens`,
    repositories_url: `${world.apiUrl}/installation/repositories`,
    html_url: `${world.htmlUrl}/settings/installations/${id}`,
    app_id: world.app.id,
    app_slug: world.app.slug,
    target_id: world.user(account).id,
    target_type: world.user(account).type === "User" ? "User" : "Organization",
    permissions: PERMISSIONS,
    events: ["issues", "issue_comment", "label", "repository_dispatch", "push", "pull_request", "check_run"],
    created_at: world.app.createdAt,
    updated_at: world.app.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

function firstAccount(world: World): string {
  const repo = world.repos.values().next().value;
  return repo ? repo.owner : world.app.owner;
}

function requireInstallation(ctx: RequestContext): void {
  if (int(ctx, "installation_id") !== ctx.world.installationId) throw notFound();
}

export const appRoutes: RouteTable = {
  "GET /app": (ctx) => json(200, appJson(ctx.world)),

  "GET /app/installations": (ctx) => json(200, [installationJson(ctx.world, firstAccount(ctx.world))]),

  "GET /app/installations/{installation_id}": (ctx) => {
    requireInstallation(ctx);
    return json(200, installationJson(ctx.world, firstAccount(ctx.world)));
  },

  "POST /app/installations/{installation_id}/access_tokens": (ctx) => {
    requireInstallation(ctx);
    const { world } = ctx;
    const token = `ghs_${randomBytes(18).toString("base64url")}`;
    const expiresAt = new Date(world.clock.nowMs() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    world.tokens.set(token, { token, expiresAt, login: world.botLogin });
    return json(201, { token, expires_at: expiresAt, permissions: PERMISSIONS, repository_selection: "all" });
  },

  /** The repositories the installation's token reaches: every repository of the stand-in. */
  "GET /installation/repositories": (ctx) => {
    const repos = [...ctx.world.repos.values()].map((repo) => repoJson(ctx.world, repo));
    const { page, headers } = paginate(ctx, repos);
    return json(200, { total_count: repos.length, repository_selection: "all", repositories: page }, headers);
  },

  "GET /repos/{owner}/{repo}/installation": (ctx) => {
    const repo = requireRepo(ctx);
    return json(200, installationJson(ctx.world, repo.owner));
  },
};
