/**
 * The demo: a sev1 from declaration to resolution, then its follow-up (demo/followups.ts): two action items, the
 * post-mortem pull request the resolution opens, a developer's fix closing an item, the team writing the
 * post-mortem, and its merge. Scheduled sweeps (demo/sweeps.ts) run as the stand-in's clock passes what falls due:
 * the team lead's escalation before anyone acknowledges (then the same sweep again, writing nothing), a missed
 * status update, and an action item past its deadline a week later. The real Probot app and Octokit talk over HTTP to the GitHub stand-in, which validates
 * every request against GitHub's OpenAPI description. Each step is a person acting in GitHub's UI; the app's own
 * echoes are delivered after every step until none come, and may cause no write but a check run. `npm run demo`
 * (demo/run.ts) prints it and writes the final issue, the post-mortem, its pull request and the API cost of each
 * step to demo-output/;
 * `test/e2e/demo.test.ts` runs it in `npm test`, so a broken demo fails the build.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import type { CommentSnapshot, IssueSnapshot, ReactionSnapshot } from "../github-standin/index.js";
import type { SweepStats } from "../src/sweep/sweep.js";
import { Sandbox } from "../test/support/sandbox.js";
import {
  type Act,
  checkItemOpened,
  checkPostmortemOpened,
  FOLLOW_UPS,
  type ItemExpectation,
  type Performed,
  postmortemPath,
  type Scene,
} from "./followups.js";
import { postmortemMarkdown, pullMarkdown } from "./postmortem-output.js";
import { ESCALATION_SWEEPS, ITEM_SWEEP, MANAGEMENT, TEAM_LEAD, UPDATE_SWEEP } from "./sweeps.js";
import { checkSuspects, HISTORY_START, type History, landHistory, SERVICES } from "./changes.js";

const DAY = "2026-11-25";
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEMPLATE_PATH = ".github/ISSUE_TEMPLATE/incident.yml";
const CONFIG_PATH = ".github/incident.yml";

/** What alice types into the issue form, by field id; fields left out render as `_No response_`. */
const FORM = {
  title: "Checkout returns 500 for EU customers",
  answers: {
    severity: "sev1 — Critical",
    type: "Service outage",
    summary: "POST /checkout returns 500 for every EU request since about 11:55 UTC.",
    impact: "No EU customer can pay; roughly 40% of all orders are failing.",
    "detected-at": "11:56",
  } as Record<string, string>,
};

/** A comment may open an action item (`item`) or, resolving a sev1, the post-mortem pull request (`reviewers`). */
type Step = { at: string; who: string } & (
  | { form: typeof FORM }
  | { comment: string; refused?: true; item?: ItemExpectation; reviewers?: string[] }
);

/** The incident's steps and, between them, the scheduled sweeps that find something due (acts with `act`). */
const STEPS: [Step, ...(Step | Act)[]] = [
  { at: "12:00", who: "alice", form: FORM },
  ...ESCALATION_SWEEPS,
  { at: "12:07", who: "bob", comment: "/ack\n/ic @bob\n/tech @alice" },
  {
    at: "12:11",
    who: "bob",
    comment: "/status identified\n/root-cause Connection pool exhausted after deploy 4211 lowered max_connections",
  },
  { at: "12:12", who: "alice", comment: "/suspect #2" },
  { at: "12:14", who: "bob", comment: "/update Rolling back deploy 4211; EU checkout still failing. eta: 30 minutes" },
  { at: "12:16", who: "alice", comment: "/timeline 11:52 Deploy 4211 reached 100% of eu-west" },
  { at: "12:18", who: "carol", comment: "/sev 2", refused: true },
  { at: "12:21", who: "bob", comment: "/status fixing" },
  {
    at: "12:28",
    who: "alice",
    comment: "/update Rollback complete, pool back to 200 connections; error rate down from 40% to 2%.",
  },
  { at: "12:33", who: "bob", comment: "/status monitoring" },
  {
    at: "12:36",
    who: "bob",
    comment: "/action Alert on database pool saturation @alice due:2w",
    item: { title: "Alert on database pool saturation", owner: "alice", due: "2026-12-09" },
  },
  {
    at: "12:40",
    who: "alice",
    comment: "/action Review pool sizes per environment before rollout @bob",
    item: {
      title: "Review pool sizes per environment before rollout",
      owner: "bob",
      due: "2026-12-02",
      defaultDue: true,
    },
  },
  UPDATE_SWEEP,
  {
    at: "12:53",
    who: "bob",
    comment: "/resolve Rolled back deploy 4211; EU checkout error rate at baseline for 20 minutes.",
    reviewers: ["alice", "bob"],
  },
];

/** After the resolution: the follow-up (demo/followups.ts), then a sweep once an open item is past its deadline. */
const AFTER: readonly Act[] = [...FOLLOW_UPS, ITEM_SWEEP];

const ROTA = [
  "  schedule:",
  "    - { primary: bob, secondary: erin, escalation: frank }",
  "    - { primary: erin, secondary: bob, escalation: frank }",
].join("\n");

const EMOJI: Record<string, string> = {
  "+1": "👍",
  "-1": "👎",
  laugh: "😄",
  confused: "😕",
  heart: "❤️",
  hooray: "🎉",
  rocket: "🚀",
  eyes: "👀",
};

interface TemplateField {
  type: string;
  id?: string;
  attributes?: { label?: string };
}

/** The issue body GitHub renders for a form submission: `### <label>`, blank line, answer; markdown blocks are not part of it. */
function renderIssueForm(template: { labels?: string[]; title?: string; body: TemplateField[] }, form: typeof FORM) {
  const body = template.body
    .filter((field) => field.type !== "markdown")
    .map((field) => `### ${field.attributes?.label ?? field.id}\n\n${form.answers[field.id ?? ""] || "_No response_"}`)
    .join("\n\n");
  return { title: `${template.title ?? ""}${form.title}`, body, labels: template.labels ?? [] };
}

interface StepResult {
  time: string;
  who: string;
  what: string;
  requests: string[];
  echoes: number;
  echoRequests: string[];
}

const reactions = (list: readonly ReactionSnapshot[]) =>
  list.map((r) => `${EMOJI[r.content] ?? r.content} ${r.user}`).join(", ");
const oneLine = (text: string) => text.split("\n").join(" · ");
const short = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);

function tally(requests: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request, (counts.get(request) ?? 0) + 1);
  return [...counts].map(([request, n]) => `\`${request}\`${n > 1 ? ` ×${n}` : ""}`).join("<br>") || "—";
}

function issueMarkdown(issue: IssueSnapshot): string {
  const comment = (c: CommentSnapshot) =>
    `### ${c.user} · ${c.createdAt.replace("T", " ").replace("Z", " UTC")}${c.reactions.length ? ` · ${reactions(c.reactions)}` : ""}\n\n${c.body}\n`;
  return [
    `# ${issue.title} (#${issue.number})`,
    "",
    `- **State:** ${issue.state}${issue.state_reason ? ` (${issue.state_reason})` : ""}`,
    `- **Labels:** ${issue.labels.map((l) => `\`${l}\``).join(", ") || "none"}`,
    `- **Assignees:** ${issue.assignees.join(", ") || "none"}`,
    `- **Opened by:** ${issue.user} at ${issue.createdAt}${issue.closedAt ? `, closed at ${issue.closedAt}` : ""}`,
    "",
    "## Body",
    "",
    issue.body ?? "",
    "",
    `## Comments (${issue.comments.length})`,
    "",
    ...issue.comments.map(comment),
  ].join("\n");
}

function requestsMarkdown(results: readonly StepResult[]): string {
  const total = results.reduce((n, r) => n + r.requests.length + r.echoRequests.length, 0);
  const rows = results.map(
    (r) =>
      `| ${r.time} | ${r.who} | ${r.what.replace(/\|/g, "\\|")} | ${r.requests.length} | ${r.requests.filter((q) => !q.startsWith("GET ")).length} | ${tally(r.requests)} | ${r.echoes} | ${r.echoRequests.length} |`,
  );
  return [
    "# API requests per step",
    "",
    `${total} requests in all. "Writes" are requests other than GET. Echoes are the webhooks the app's own writes caused;`,
    "GitHub delivers them too and the app must ignore them, except that it checks each head it pushes to the post-mortem",
    "pull request (a check run); the last column is the requests they cost. Rows by `schedule` are scheduled sweeps",
    "(`sweepRepository`) as the stand-in's clock reaches them.",
    "",
    "| Time | Who | Step | Requests | Writes | Distinct `METHOD route` | Echoes | Echo requests |",
    "| --- | --- | --- | ---: | ---: | --- | ---: | ---: |",
    ...rows,
    "",
  ].join("\n");
}

export interface DemoOptions {
  /** Where the final issue and the request table are written (created if missing). */
  out: string;
  /** Where progress lines go (one per step, then a summary). */
  log?: (line: string) => void;
}

export interface DemoResult {
  /** What went wrong, one line each: empty when the demo ran as it should. */
  problems: string[];
  /** Requests GitHub would have rejected. */
  violations: number;
  /** Requests the app made, echoes included. */
  requests: number;
  issue: IssueSnapshot;
  files: string[];
  /** Each scheduled sweep's statistics, in order. */
  sweeps: SweepStats[];
}

/** Runs the demo; it never throws for a problem it can describe, it returns it in `problems`. */
export async function runDemo({ out, log = () => {} }: DemoOptions): Promise<DemoResult> {
  const templateText = readFileSync(resolve(ROOT, TEMPLATE_PATH), "utf8");
  const files = { [TEMPLATE_PATH]: templateText, [CONFIG_PATH]: demoConfig() };
  const sandbox = await Sandbox.start({ files, logLevel: "fatal", now: HISTORY_START });
  for (const login of [TEAM_LEAD, MANAGEMENT]) sandbox.gh.addUser(login);
  const history = landHistory(sandbox);
  const scene: Scene = { sandbox, incident: 0, id: "", problems: [], items: [], sweeps: [] };
  const results: StepResult[] = [];
  try {
    for (const step of STEPS) {
      const { result, line } =
        "act" in step ? await runAct(scene, step) : await runStep(scene, step, templateText, history);
      results.push(result);
      log(line);
    }
    for (const act of AFTER) {
      const { result, line } = await runAct(scene, act);
      results.push(result);
      log(line);
    }
    return finish(scene, results, out, log);
  } finally {
    await sandbox.close();
  }
}

/**
 * The repository's documented config, plus this team's on-call rota so the declaration pages real people, and the
 * team lead and management its later escalation steps name.
 */
function demoConfig(): string {
  const contact = (key: string, login: string) => (text: string) =>
    text.replace(new RegExp(`^( {2}${key}:\\n {4}description: .*\\n {4}github: )\\[\\]$`, "m"), `$1[${login}]`);
  const documented = readFileSync(resolve(ROOT, CONFIG_PATH), "utf8")
    .replace(/^ {2}schedule: \[\]$/m, ROTA)
    .replace(/^services: \{\}$/m, SERVICES);
  return [contact("team-lead", TEAM_LEAD), contact("management", MANAGEMENT)].reduce(
    (text, set) => set(text),
    documented,
  );
}

/** Check runs are the one write an echo may cause: the app checks each head it pushes to the post-mortem. */
const CHECK_RUN_WRITE = /^(POST|PATCH) \/repos\/\{owner\}\/\{repo\}\/check-runs/;

/** Delivers the webhooks the app's writes caused, and those their answers caused, until none come. */
async function deliverAllEchoes(sandbox: Sandbox): Promise<number> {
  let delivered = 0;
  for (let round = 0; round < 10; round++) {
    const echoes = await sandbox.deliverEchoes();
    if (!echoes) return delivered;
    delivered += echoes;
  }
  throw new Error("the app's echoes did not settle after 10 rounds");
}

/** Moves the clock to `at`, lets `who` act, delivers the act and its echoes, and measures what each cost. */
async function perform(scene: Scene, at: string, who: string, act: () => Performed | Promise<Performed>) {
  const { sandbox, problems } = scene;
  const when = Date.parse(`${at.includes(" ") ? at.replace(" ", "T") : `${DAY}T${at}`}:00Z`);
  if (!(when >= sandbox.gh.clock.nowMs())) throw new Error(`step at ${at} is earlier than the clock`);
  sandbox.gh.clock.advance(when - sandbox.gh.clock.nowMs());
  const { what, deliveries } = await act();
  await sandbox.deliver(deliveries);
  const requests = sandbox.requestsSince();
  const echoes = await deliverAllEchoes(sandbox);
  const echoRequests = sandbox.requestsSince();
  const result: StepResult = { time: at, who, what, requests, echoes, echoRequests };
  const echoWrites = echoRequests.filter((q) => !q.startsWith("GET "));
  const unexpected = echoWrites.filter((q) => !CHECK_RUN_WRITE.test(q));
  if (unexpected.length) problems.push(`${at}: echoes caused writes: ${unexpected.join(", ")}`);
  const checks = echoWrites.length - unexpected.length;
  const answered = unexpected.length
    ? `caused ${unexpected.length} writes!`
    : checks
      ? `answered with ${checks} check run${checks === 1 ? "" : "s"}`
      : "ignored";
  const writes = requests.filter((q) => !q.startsWith("GET ")).length;
  const cost = `${requests.length} requests, ${writes} writes · ${echoes} echo${echoes === 1 ? "" : "es"} ${answered}`;
  return { result, cost };
}

/** One of the incident's steps (the form, or a comment on the incident) and the app's answer to it. */
async function runStep(scene: Scene, step: Step, templateText: string, history: History) {
  const { sandbox } = scene;
  const user = sandbox.as(step.who);
  let commentId: number | undefined;
  const { result, cost } = await perform(scene, step.at, step.who, () => {
    if ("form" in step) {
      const form = renderIssueForm(load(templateText) as Parameters<typeof renderIssueForm>[0], step.form);
      const opened = user.openIssue(sandbox.repo, form);
      scene.incident = opened.issueNumber;
      const what = `opens issue #${opened.issueNumber} with the incident form (${step.form.answers.severity?.split(" ")[0]}, ${step.form.answers.type?.toLowerCase().replace(/ /g, "-")})`;
      return { what, deliveries: opened };
    }
    const commented = user.comment(sandbox.repo, scene.incident, step.comment);
    commentId = commented.commentId;
    return { what: `comments ${oneLine(step.comment)}`, deliveries: commented };
  });
  const issue = sandbox.issue(scene.incident);
  scene.id ||= /^\[([^\]]+)\]/.exec(issue.title)?.[1] ?? "";
  const verdict =
    commentId === undefined || "form" in step
      ? `${scene.id || "no incident id"}, labels ${issue.labels.join(", ")}; ${checkSuspects(scene, history)}`
      : stepVerdict(scene, issue, step, commentId);
  return { result, line: `${step.at} ${step.who} ${short(result.what)} → ${verdict} · ${cost}` };
}

/** The app's reaction to a comment, and what the comment should have made: an action item, the post-mortem. */
function stepVerdict(scene: Scene, issue: IssueSnapshot, step: Step, commentId: number): string {
  const verdict = commentVerdict(scene.sandbox, issue, step, commentId, scene.problems);
  if ("item" in step && step.item) return `${verdict} ${checkItemOpened(scene, step.at, step.item)}`;
  if ("reviewers" in step && step.reviewers)
    return `${verdict} ${checkPostmortemOpened(scene, step.at, step.reviewers)}`;
  return verdict;
}

/** A follow-up act after the resolution, and its check. */
async function runAct(scene: Scene, act: Act) {
  const { result, cost } = await perform(scene, act.at, act.who, () => act.act(scene));
  const verdict = act.check(scene, result.requests);
  return { result, line: `${act.at} ${act.who} ${short(result.what)} → ${verdict} · ${cost}` };
}

/** The app's reaction to a comment, and for a refused one the reason from its reply. */
function commentVerdict(
  sandbox: Sandbox,
  issue: IssueSnapshot,
  step: Step,
  commentId: number,
  problems: string[],
): string {
  const mine = issue.comments.find((c) => c.id === commentId);
  const got = (mine?.reactions ?? []).filter((r) => r.user === sandbox.gh.botLogin).map((r) => r.content);
  const want = "refused" in step ? "confused" : "+1";
  let verdict = got.map((c) => EMOJI[c] ?? c).join("") || "no reaction";
  if (got.join() !== want)
    problems.push(`${step.at}: expected the app to react ${EMOJI[want]} to ${step.who}'s comment, got ${verdict}`);
  if ("refused" in step) {
    const reply = issue.comments.find((c) => c.id > commentId && c.user === sandbox.gh.botLogin);
    const reason = reply?.body
      .split("\n")
      .find((line) => line.startsWith("- "))
      ?.slice(2)
      .replace(/`/g, "");
    verdict += reply ? ` refused, reply: "${reason ?? oneLine(reply.body)}"` : " but no reply explaining why";
    if (!reply) problems.push(`${step.at}: refused command got no reply`);
  }
  return verdict;
}

/** Writes the final issue, the post-mortem, its pull request and the request table. */
function writeOutputs(scene: Scene, issue: IssueSnapshot, results: readonly StepResult[], out: string): string[] {
  const { repo } = scene.sandbox;
  mkdirSync(out, { recursive: true });
  const written: Array<[string, string]> = [
    [resolve(out, `issue-${issue.number}.md`), issueMarkdown(issue)],
    [resolve(out, "requests.md"), requestsMarkdown(results)],
  ];
  if (scene.postmortemPull) {
    const document = postmortemMarkdown(repo, postmortemPath(scene.id), scene.postmortemPull);
    written.push([resolve(out, `postmortem-${scene.id}.md`), document]);
    written.push([resolve(out, "postmortem-pull.md"), pullMarkdown(repo, scene.postmortemPull)]);
  }
  for (const [path, text] of written) writeFileSync(path, text);
  return written.map(([path]) => path);
}

/** The first sweep of December reported November: the report issue, printed in part and written out whole. */
function logMonthlyReport(scene: Scene, out: string, log: (line: string) => void): string[] {
  const report = scene.sandbox.repo.issues().find((issue) => issue.labels.includes("incident:report"));
  if (!report?.body) {
    scene.problems.push("the first sweep of December opened no incident report for November");
    return [];
  }
  log("");
  log(`Monthly report: #${report.number} ${report.title} (opened by the first sweep of the month)`);
  for (const line of report.body.split("\n").filter((l) => /^\| (Incidents|MTT[DAMR])/.test(l))) log(`  ${line}`);
  const path = join(out, "report-2026-11.md");
  writeFileSync(path, report.body);
  return [path];
}

/** Writes the outputs, checks the end state, and logs the summary. */
function finish(scene: Scene, results: StepResult[], out: string, log: (line: string) => void): DemoResult {
  const { sandbox, problems } = scene;
  const issue = sandbox.issue(scene.incident);
  const files = writeOutputs(scene, issue, results, out);
  const total = results.reduce((n, r) => n + r.requests.length + r.echoRequests.length, 0);
  const violations = sandbox.gh.violations;
  const wanted = ["incident", "sev1", "status:resolved"];
  const labelsOk = [...issue.labels].sort().join() === wanted.join();
  const closed = issue.state === "closed";
  if (violations.length)
    problems.push(...violations.map((v) => `OpenAPI violation: ${v.method} ${v.path}: ${v.reason}`));
  if (!closed || !labelsOk)
    problems.push(
      `final issue is ${issue.state} with labels [${issue.labels.join(", ")}], expected closed with [${wanted.join(", ")}]`,
    );
  const items = scene.items.map((n) => sandbox.issue(n)).map((item) => `#${item.number} ${item.state}`);

  log("");
  log(`Final issue: ${issue.title}`);
  log(
    `  ${closed ? "closed" : "NOT closed"}${issue.state_reason ? ` (${issue.state_reason})` : ""}, labels ${issue.labels.join(", ")} ${labelsOk ? "✔" : `✘ expected ${wanted.join(", ")}`}`,
  );
  log(`  assignees ${issue.assignees.join(", ") || "none"}; ${issue.comments.length} comments`);
  log(`  action items ${items.join(", ") || "none"}; post-mortem ${postmortemState(scene)}`);
  log(
    `Requests: ${total} in all (${results.reduce((n, r) => n + r.echoes, 0)} echoes delivered, ${results.reduce((n, r) => n + r.echoRequests.length, 0)} requests for them)`,
  );
  log(`OpenAPI violations: ${violations.length}`);
  files.push(...logMonthlyReport(scene, out, log));
  for (const file of files) log(`Wrote ${file}`);
  return { problems, violations: violations.length, requests: total, issue, files, sweeps: scene.sweeps };
}

function postmortemState(scene: Scene): string {
  if (!scene.postmortemPull) return "none";
  const pull = scene.sandbox.repo.pull(scene.postmortemPull);
  return `#${pull.number} ${pull.merged ? `merged by ${pull.mergedBy}` : pull.state}`;
}
