/**
 * Webhook payloads shaped like GitHub's: each starts as a deep copy of the matching
 * `@octokit/webhooks-examples` payload (so fields we do not model keep their realistic shape), and the
 * parts the stand-in owns — issue, comment, label, repository, sender, installation, changes — are
 * replaced with current objects.
 */
import { createHash, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { RepoRecord, World } from "./state.js";
import type { Delivery } from "./types.js";
import { organizationJson, repoJson, userJson, type Json } from "./representations.js";

interface ExampleGroup {
  name: string;
  examples: Json[];
}

let examples: ExampleGroup[] | undefined;

function loadExamples(): ExampleGroup[] {
  if (!examples) {
    const require = createRequire(import.meta.url);
    examples = require("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[];
  }
  return examples;
}

/** The richest example for name/action (prefers ones carrying `installation`, as app deliveries do). */
function example(name: string, action: string | undefined): Json {
  const group = loadExamples().find((g) => g.name === name);
  const candidates = (group?.examples ?? []).filter((e) => action === undefined || e.action === action);
  const [best] = [...candidates].sort(
    (a, b) =>
      Number("installation" in b) - Number("installation" in a) || Object.keys(b).length - Object.keys(a).length,
  );
  if (!best) throw new Error(`webhooks-examples has no ${name}.${action ?? ""} example`);
  return structuredClone(best);
}

/**
 * Examples lack a few actions GitHub sends; derive them from a sibling with the same shape
 * (`issues.closed` from `issues.reopened`: both carry only the issue).
 */
const DERIVED: Record<string, { from: string; action: string }> = {
  "issues.closed": { from: "reopened", action: "closed" },
  "pull_request.edited": { from: "reopened", action: "edited" },
};

export interface PayloadParts {
  action?: string;
  issue?: Json;
  comment?: Json;
  label?: Json;
  assignee?: Json;
  changes?: Json;
  extra?: Json;
}

export function buildDelivery(
  world: World,
  repo: RepoRecord,
  name: string,
  sender: string,
  parts: PayloadParts,
): Delivery {
  const key = `${name}.${parts.action ?? ""}`;
  const derived = DERIVED[key];
  // repository_dispatch's action is the caller's event_type, so any example of it will do.
  const exampleAction = name === "repository_dispatch" ? undefined : parts.action;
  const payload = derived ? example(name, derived.from) : example(name, exampleAction);
  delete payload.changes;
  // Keys are assigned in GitHub's order (action, [changes,] issue, comment, label, repository, ...).
  const ordered: Json = parts.action !== undefined ? { action: parts.action } : {};
  if (parts.changes) ordered.changes = parts.changes;
  for (const [k, v] of Object.entries(payload)) if (!(k in ordered)) ordered[k] = v;
  if (parts.issue) ordered.issue = parts.issue;
  if (parts.comment) ordered.comment = parts.comment;
  if (parts.label) ordered.label = parts.label;
  if (parts.assignee) ordered.assignee = parts.assignee;
  Object.assign(ordered, parts.extra ?? {});
  ordered.repository = repoJson(world, repo);
  const owner = world.user(repo.owner);
  if (owner.type === "Organization") ordered.organization = organizationJson(world, owner.login);
  else delete ordered.organization;
  ordered.sender = userJson(world, sender);
  ordered.installation = {
    id: world.installationId,
    node_id: Buffer.from(`0:Installation${world.installationId}`).toString("base64"),
  };
  return { id: randomUUID(), name, payload: ordered };
}

export interface PushParts {
  ref: string;
  before: string;
  after: string;
  added: string[];
  modified: string[];
  removed: string[];
  message: string;
}

/**
 * A `push` of one commit. Its repository differs from every other event's (GitHub's push payloads describe it
 * with the owner's `name` and `email` and Unix timestamps for `created_at` and `pushed_at`).
 */
export function buildPushDelivery(world: World, repo: RepoRecord, sender: string, parts: PushParts): Delivery {
  const user = world.user(sender);
  const who = { name: user.login, email: `${user.id}+${user.login}@users.noreply.github.com`, username: user.login };
  const html = `${world.htmlUrl}/${repo.fullName}`;
  const timestamp = world.clock.iso().replace(/\.\d{3}Z$/, "Z");
  const commit = {
    id: parts.after,
    tree_id: createHash("sha1").update(`tree:${parts.after}`).digest("hex"),
    distinct: true,
    message: parts.message,
    timestamp,
    url: `${html}/commit/${parts.after}`,
    author: who,
    committer: who,
    added: parts.added,
    modified: parts.modified,
    removed: parts.removed,
  };
  const delivery = buildDelivery(world, repo, "push", sender, {
    extra: {
      ref: parts.ref,
      before: parts.before,
      after: parts.after,
      created: /^0+$/.test(parts.before),
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `${html}/compare/${parts.before.slice(0, 12)}...${parts.after.slice(0, 12)}`,
      commits: [commit],
      head_commit: commit,
      pusher: { name: who.name, email: who.email },
    },
  });
  const repository = delivery.payload.repository as Json;
  const unix = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000);
  repository.created_at = unix(repository.created_at);
  repository.pushed_at = unix(world.clock.iso());
  repository.owner = { name: repo.owner, email: null, ...(repository.owner as Json) };
  return delivery;
}

/**
 * `check_run.rerequested` (someone pressed "Re-run"): the example's `check_run` with the run's own fields, and its
 * `check_suite` pointed at the same commit and pull requests.
 */
export function buildRerequestDelivery(world: World, repo: RepoRecord, sender: string, run: Json): Delivery {
  const template = example("check_run", "rerequested").check_run as Json;
  const suite = { ...(template.check_suite as Json), ...(run.check_suite as Json) };
  Object.assign(suite, {
    head_sha: run.head_sha,
    pull_requests: run.pull_requests,
    app: run.app,
    status: run.status,
    conclusion: run.conclusion,
  });
  return buildDelivery(world, repo, "check_run", sender, {
    action: "rerequested",
    extra: { check_run: { ...template, ...run, check_suite: suite } },
  });
}
