/**
 * Webhook payloads shaped like GitHub's: each starts as a deep copy of the matching
 * `@octokit/webhooks-examples` payload (so fields we do not model keep their realistic shape), and the
 * parts the stand-in owns — issue, comment, label, repository, sender, installation, changes — are
 * replaced with current objects.
 */
import { randomUUID } from "node:crypto";
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
