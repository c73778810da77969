/**
 * What changed before the demo's sev1: a day of the repository's history (pull requests merged into the default
 * branch, a direct push, a release, deployments to staging and production), made before the incident's first
 * step. The declaration lists them, and the production deploy of the pool change, which caused the outage, must
 * rank first.
 */
import type { Sandbox } from "../test/support/sandbox.js";
import type { Scene } from "./followups.js";

/** The stand-in's clock starts here: the repository's first commit is older than the suspects' 24-hour window. */
export const HISTORY_START = "2026-11-24T09:00:00Z";

/** The checkout service as the demo's config names it. */
export const SERVICES = ["services:", "  checkout:", '    paths: ["services/checkout/**"]', "    labels: []"].join(
  "\n",
);

/** What the history made that the checks look for. */
export interface History {
  /** The pull request that lowered the pool size, and its deploy to production. */
  poolPull: number;
  deployment: number;
}

const at = (sandbox: Sandbox, iso: string) => sandbox.gh.clock.advance(Date.parse(iso) - sandbox.gh.clock.nowMs());

/** Opens a pull request from a one-commit branch and merges it (webhooks not delivered: the app was not asked). */
function mergePull(sandbox: Sandbox, who: string, title: string, files: Record<string, string>) {
  const head = `change/${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  sandbox.as(who).push(sandbox.repo, { branch: head, files });
  const { pullNumber } = sandbox.as(who).openPull(sandbox.repo, { title, head });
  const { sha } = sandbox.as("erin").mergePull(sandbox.repo, pullNumber, "squash");
  return { pullNumber, sha };
}

function deploy(sandbox: Sandbox, sha: string, environment: string, description: string, done: string): number {
  const { deploymentId } = sandbox.as("erin").deploy(sandbox.repo, { ref: sha, environment, description });
  at(sandbox, done);
  sandbox
    .as("erin")
    .setDeploymentStatus(sandbox.repo, deploymentId, "success", `https://ci.example/runs/${deploymentId}`);
  return deploymentId;
}

export function landHistory(sandbox: Sandbox): History {
  at(sandbox, "2026-11-25T08:40:00Z");
  mergePull(sandbox, "erin", "Search: update EU synonyms", { "services/search/synonyms.txt": "rad,wheel\n" });
  at(sandbox, "2026-11-25T09:20:00Z");
  const { sha: image } = sandbox.as("bob").push(sandbox.repo, {
    files: { Dockerfile: "FROM node:22-slim\n" },
    message: "Bump the base image to node 22",
  });
  at(sandbox, "2026-11-25T09:40:00Z");
  deploy(sandbox, image, "staging", "Deploy 4210", "2026-11-25T09:48:00Z");
  at(sandbox, "2026-11-25T10:55:00Z");
  const pool = mergePull(sandbox, "alice", "Checkout: lower max_connections to 20 for EU", {
    "services/checkout/db-pool.yml": "max_connections: 20\n",
  });
  at(sandbox, "2026-11-25T11:05:00Z");
  sandbox.as("erin").publishRelease(sandbox.repo, { tag: "v2.31.0", name: "v2.31.0" });
  at(sandbox, "2026-11-25T11:40:00Z");
  mergePull(sandbox, "bob", "Docs: on-call handbook wording", { "docs/on-call.md": "Page early.\n" });
  at(sandbox, "2026-11-25T11:44:00Z");
  const deployment = deploy(sandbox, pool.sha, "production", "Deploy 4211", "2026-11-25T11:52:00Z");
  return { poolPull: pool.pullNumber, deployment };
}

/** The dashboard's "What changed" rows: the production deploy must be first, the pool change among the top. */
export function checkSuspects(scene: Scene, history: History): string {
  const body = scene.sandbox.issue(scene.incident).body ?? "";
  const rows = body.split("\n").filter((line) => /^\| [1-5] \| \[/.test(line));
  const first = rows[0] ?? "";
  if (!first.includes("[deploy to `production`]"))
    scene.problems.push(`the production deploy is not the first suspect: ${first || "no suspects listed"}`);
  if (!rows.some((row) => row.includes(`[#${history.poolPull}]`)))
    scene.problems.push(`the pool change #${history.poolPull} is not among the suspects shown`);
  return `suspects: ${rows.map((row) => row.split(" | ")[1]?.replace(/\]\(.*?\)/, "]")).join("; ")}`;
}
