/**
 * The demo's follow-up: the action items opened during the incident, the post-mortem pull request the
 * resolution opens, a developer's fix that closes an item ("Fixes #n"), a reviewer writing the post-mortem, and
 * its merge. Each act is a person in GitHub's UI; each check says what the app should have done, and adds a
 * problem when it did not.
 */
import type { Delivery, PullSnapshot } from "../github-standin/index.js";
import type { SweepStats } from "../src/sweep/sweep.js";
import type { Sandbox } from "../test/support/sandbox.js";

const BOT_CHECK = "Firebreak post-mortem";
const ITEM_LABEL = "incident:action-item";
const POSTMORTEM_LABEL = "incident:postmortem";
const PROMPT = "✍️ **To write:**";

/** What the demo knows as it goes: the incident, its id, the items opened, the pull requests. */
export interface Scene {
  sandbox: Sandbox;
  incident: number;
  id: string;
  problems: string[];
  /** Action items in the order they were opened. */
  items: number[];
  fixPull?: number;
  postmortemPull?: number;
  /** The statistics of each scheduled sweep, in order (demo/sweeps.ts). */
  sweeps: SweepStats[];
}

/** What a person did: a line for the log, and the webhooks GitHub sends for it. */
export interface Performed {
  what: string;
  deliveries: readonly Delivery[];
}

/** One person's act after the resolution, and the check of what the app made of it. */
export interface Act {
  /** `HH:MM` on the incident's day, or `YYYY-MM-DD HH:MM`. */
  at: string;
  who: string;
  act: (scene: Scene) => Performed | Promise<Performed>;
  /** `requests`: what the app did for the act itself (echoes not included). */
  check: (scene: Scene, requests: readonly string[]) => string;
}

/** An `/action` during the incident: the item it should open. */
export interface ItemExpectation {
  title: string;
  owner: string;
  /** The deadline's date, `YYYY-MM-DD`. */
  due: string;
  defaultDue?: true;
}

export const postmortemPath = (id: string) => `postmortems/${id}.md`;
const postmortemBranch = (id: string) => `postmortem/${id}`;
const botComments = (scene: Scene) =>
  scene.sandbox.issue(scene.incident).comments.filter((c) => c.user === scene.sandbox.gh.botLogin);

/** The item an `/action` step opened: labelled, assigned to its owner, dated, and recorded on the incident. */
export function checkItemOpened(scene: Scene, at: string, want: ItemExpectation): string {
  const { sandbox, problems } = scene;
  const item = sandbox.repo
    .issues()
    .find(
      (issue) => issue.title === want.title && issue.labels.includes(ITEM_LABEL) && !scene.items.includes(issue.number),
    );
  if (!item) {
    problems.push(`${at}: no action item "${want.title}" was opened`);
    return "no action item opened";
  }
  scene.items.push(item.number);
  const wrong = [
    item.assignees.join() === want.owner ? "" : `assigned to [${item.assignees.join(", ")}], expected ${want.owner}`,
    item.body?.includes(`**Deadline:** ${want.due}`) ? "" : `deadline is not ${want.due}`,
    !want.defaultDue || item.body?.includes("the default for the incident's severity") ? "" : "deadline not defaulted",
    botComments(scene).some((c) => c.body.includes(`Opened action item #${item.number}`)) ? "" : "no reply",
    sandbox.issue(scene.incident).body?.includes(`#${item.number} | ${want.title}`) ? "" : "not on the dashboard",
  ].filter(Boolean);
  if (wrong.length) problems.push(`${at}: action item #${item.number}: ${wrong.join("; ")}`);
  return `item #${item.number} @${item.assignees.join(", @")} due ${want.due}${want.defaultDue ? " (default)" : ""}`;
}

const latestCheck = (scene: Scene, pull: PullSnapshot) =>
  scene.sandbox.repo
    .checkRuns(pull.headSha)
    .filter((run) => run.name === BOT_CHECK)
    .at(-1);

/** The resolution opened the post-mortem pull request: branch, document, label, reviewers, a failing check. */
export function checkPostmortemOpened(scene: Scene, at: string, reviewers: readonly string[]): string {
  const { sandbox, problems, id } = scene;
  const pull = sandbox.repo.pulls().find((p) => p.head === postmortemBranch(id) && p.user === sandbox.gh.botLogin);
  if (!pull) {
    problems.push(`${at}: no post-mortem pull request from ${postmortemBranch(id)}`);
    return "no post-mortem pull request";
  }
  scene.postmortemPull = pull.number;
  const check = latestCheck(scene, pull);
  const document = sandbox.repo.fileAt(postmortemPath(id), pull.head) ?? "";
  const wrong = [
    pull.state === "open" ? "" : `it is ${pull.state}`,
    pull.labels.includes(POSTMORTEM_LABEL) ? "" : `labels [${pull.labels.join(", ")}]`,
    [...pull.requestedReviewers].sort().join() === [...reviewers].sort().join()
      ? ""
      : `reviewers [${pull.requestedReviewers.join(", ")}], expected [${reviewers.join(", ")}]`,
    document.includes(id) && document.includes(PROMPT) ? "" : `${postmortemPath(id)} missing or without prompts`,
    scene.items.every((n) => document.includes(`#${n}`)) ? "" : "the document does not list the action items",
    check?.conclusion === "failure"
      ? ""
      : `check "${BOT_CHECK}" is ${check?.conclusion ?? "missing"}, expected failure`,
    botComments(scene).some((c) => c.body.includes(`Opened the post-mortem pull request #${pull.number}`))
      ? ""
      : "no reply on the incident",
  ].filter(Boolean);
  if (wrong.length) problems.push(`${at}: post-mortem pull request #${pull.number}: ${wrong.join("; ")}`);
  return `post-mortem pull request #${pull.number}, reviewers ${pull.requestedReviewers.join(", ")}, check ${check?.conclusion ?? "missing"} (${check?.output.title ?? ""})`;
}

const FIX_BRANCH = "fix/pool-saturation-alert";
const ALERT_PATH = "monitoring/alerts/checkout-db-pool.yml";
const ALERT = [
  "# Pages the checkout on-call before the EU database pool runs out (INC-2026-11-25-001).",
  "groups:",
  "  - name: checkout-db-pool",
  "    rules:",
  "      - alert: CheckoutDbPoolSaturation",
  "        expr: max by (region) (db_pool_in_use{service='checkout'} / db_pool_max{service='checkout'}) > 0.8",
  "        for: 2m",
  "        labels: { severity: page, team: checkout }",
  "        annotations:",
  "          summary: Checkout's database pool in {{ $labels.region }} is over 80% in use",
  "",
].join("\n");

/** alice fixes her item on a branch and opens a pull request that says `Fixes #<item>`; the app leaves it alone. */
function openFix(scene: Scene): Performed {
  const item = scene.items[0] ?? 0;
  const user = scene.sandbox.as("alice");
  const pushed = user.push(scene.sandbox.repo, {
    branch: FIX_BRANCH,
    files: { [ALERT_PATH]: ALERT },
    message: "Alert on checkout's database pool saturation",
  });
  const opened = user.openPull(scene.sandbox.repo, {
    title: "Alert on checkout's database pool saturation",
    body: `Pages checkout's on-call when a region's pool is over 80% in use for two minutes.\n\nFixes #${item}`,
    head: FIX_BRANCH,
  });
  scene.fixPull = opened.pullNumber;
  return {
    what: `pushes ${FIX_BRANCH} and opens pull request #${opened.pullNumber} (Fixes #${item})`,
    deliveries: [...pushed, ...opened],
  };
}

function checkFixOpened(scene: Scene, requests: readonly string[]): string {
  const writes = requests.filter((q) => !q.startsWith("GET "));
  if (writes.length) scene.problems.push(`the app wrote on a developer's pull request: ${writes.join(", ")}`);
  return writes.length
    ? `the app wrote ${writes.length} times!`
    : "not an incident's pull request: the app writes nothing";
}

/** bob merges the fix: GitHub closes the item with the merge commit, and the app records which pull request did. */
function mergeFix(scene: Scene): Performed {
  const merged = scene.sandbox.as("bob").mergePull(scene.sandbox.repo, scene.fixPull ?? 0);
  return { what: `merges pull request #${scene.fixPull}`, deliveries: merged };
}

function checkItemClosedByPull(scene: Scene): string {
  const { sandbox, problems, id } = scene;
  const item = scene.items[0] ?? 0;
  const pull = scene.fixPull ?? 0;
  const dashboard = sandbox.issue(scene.incident).body ?? "";
  const document = sandbox.repo.fileAt(postmortemPath(id), postmortemBranch(id)) ?? "";
  const closedRow = new RegExp(`\\| ✅ \\| #${item} \\|[^\\n]*closed by #${pull}`);
  const wrong = [
    sandbox.issue(item).state === "closed" ? "" : `item #${item} is still open`,
    botComments(scene).some((c) => c.body.includes(`Action item #${item} was closed by pull request #${pull}`))
      ? ""
      : "not recorded on the incident",
    closedRow.test(dashboard) ? "" : "the dashboard does not show it closed by the pull request",
    new RegExp(`closed by \\[?#${pull}\\b`).test(document)
      ? ""
      : "the post-mortem's action items do not show it closed",
  ].filter(Boolean);
  if (wrong.length) problems.push(`action item #${item} closed by #${pull}: ${wrong.join("; ")}`);
  return `item #${item} closed by pull request #${pull}, recorded on #${scene.incident}, dashboard and post-mortem updated`;
}

/** What the team writes in place of each prompt line of the template (lines are matched whole). */
const WRITTEN: Record<string, string> = {
  "> ✍️ **To write:** a detailed explanation of what caused the incident, and why it was not caught earlier.":
    "Deploy 4211 lowered `max_connections` of checkout's EU database pool from 200 to 20, a value meant for the staging profile. Under EU peak traffic the pool was exhausted within minutes and every request waiting for a connection timed out as a 500. The load test runs against staging, which has the same small pool, so nothing looked different before the rollout.",
  "> ✍️ **To write:** the contributing factors and the system vulnerabilities they exposed.":
    "- Pool sizes live in the same file for every environment, so a staging value reached production in review.\n- Nothing alerted on pool saturation: the first signal was the 500 rate, four minutes after the rollout completed.",
  "- **Users affected:** ✍️ **To write:** number or percentage":
    "- **Users affected:** every EU customer checking out between 11:52 and 12:28 UTC (about 40% of all orders)",
  "- **Services affected:** ✍️ **To write:** list": "- **Services affected:** checkout (EU), payments (EU)",
  "- **Data loss:** ✍️ **To write:** yes or no, with details":
    "- **Data loss:** no; failed checkouts left the baskets intact",
  "- **Financial impact:** ✍️ **To write:** cost": "- **Financial impact:** about €180k of orders delayed, most retried",
  "> ✍️ **To write:** what went well in detecting, responding to and resolving the incident.":
    "The incident was declared four minutes after the first errors and the rollback was the first thing tried. The on-call primary was commander from the declaration, but the page went unacknowledged for the five minutes a sev1 allows: the team lead was escalated to at 12:06, and the commander acknowledged a minute later and named the technical lead.",
  "> ✍️ **To write:** what could be improved, and why.":
    "Detection depended on the 500 rate. An alert on pool saturation would have fired before customers saw errors (action item below).",
  "> ✍️ **To write:** how well stakeholders and users were kept informed.":
    "Status updates went out at 12:14 and 12:28; support had an ETA to give customers from 12:14.",
  "> ✍️ **To write:** the key takeaways and learnings.":
    "Environment-specific capacity settings need their own review, and saturation needs an alert before errors do.",
  "- Logs: ✍️ **To write:** link":
    "- Logs: https://logs.acme.example/checkout?from=2026-11-25T11:45Z&to=2026-11-25T13:00Z",
  "- Metrics: ✍️ **To write:** link": "- Metrics: https://grafana.acme.example/d/checkout-db-pool?from=1764070800000",
};

/** alice, a reviewer, pushes the team's text in place of the prompts to the post-mortem's branch. */
function writePostmortem(scene: Scene): Performed {
  const { sandbox, id } = scene;
  const document = sandbox.repo.fileAt(postmortemPath(id), postmortemBranch(id)) ?? "";
  const written = document
    .split("\n")
    .map((line) => WRITTEN[line] ?? line)
    .join("\n");
  const pushed = sandbox.as("alice").push(sandbox.repo, {
    branch: postmortemBranch(id),
    files: { [postmortemPath(id)]: written },
    message: "Post-mortem: root cause, impact, response and lessons",
  });
  return { what: `pushes the team's text for every ✍️ prompt to ${postmortemBranch(id)}`, deliveries: pushed };
}

function checkPostmortemWritten(scene: Scene): string {
  const { sandbox, problems, id } = scene;
  const pull = sandbox.repo.pull(scene.postmortemPull ?? 0);
  const document = sandbox.repo.fileAt(postmortemPath(id), pull.head) ?? "";
  const check = latestCheck(scene, pull);
  const wrong = [
    document.includes(PROMPT) ? "prompts are left in the document" : "",
    document.includes("a value meant for the staging profile") ? "" : "the team's text is gone",
    check?.conclusion === "success"
      ? ""
      : `check "${BOT_CHECK}" is ${check?.conclusion ?? "missing"}: ${check?.output.title ?? ""}`,
  ].filter(Boolean);
  if (wrong.length) problems.push(`post-mortem #${pull.number} after the team's edit: ${wrong.join("; ")}`);
  return `check ${check?.conclusion ?? "missing"} (${check?.output.title ?? ""})`;
}

/** erin merges the post-mortem; the app records it on the incident. */
function mergePostmortem(scene: Scene): Performed {
  const merged = scene.sandbox.as("erin").mergePull(scene.sandbox.repo, scene.postmortemPull ?? 0);
  return { what: `merges the post-mortem pull request #${scene.postmortemPull}`, deliveries: merged };
}

function checkPostmortemMerged(scene: Scene): string {
  const { sandbox, problems, id } = scene;
  const pull = sandbox.repo.pull(scene.postmortemPull ?? 0);
  const onMain = sandbox.repo.fileAt(postmortemPath(id), sandbox.repo.defaultBranch);
  const wrong = [
    pull.merged ? "" : "not merged",
    onMain && !onMain.includes(PROMPT)
      ? ""
      : `${postmortemPath(id)} is not on ${sandbox.repo.defaultBranch} as written`,
    botComments(scene).some((c) => c.body.includes("The post-mortem was merged")) ? "" : "merge not recorded",
    sandbox.issue(scene.incident).body?.includes(`#${pull.number} merged`) ? "" : "dashboard does not show it merged",
  ].filter(Boolean);
  if (wrong.length) problems.push(`post-mortem #${pull.number} merge: ${wrong.join("; ")}`);
  return `merged, recorded on #${scene.incident} ("The post-mortem was merged"), dashboard shows #${pull.number} merged`;
}

export const FOLLOW_UPS: readonly Act[] = [
  { at: "13:40", who: "alice", act: openFix, check: (scene, requests) => checkFixOpened(scene, requests) },
  { at: "14:05", who: "bob", act: mergeFix, check: checkItemClosedByPull },
  { at: "15:20", who: "alice", act: writePostmortem, check: checkPostmortemWritten },
  { at: "16:10", who: "erin", act: mergePostmortem, check: checkPostmortemMerged },
];
