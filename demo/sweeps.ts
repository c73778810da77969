/**
 * The demo's scheduled sweeps (`sweepRepository`, as the Action's schedule or the server's interval runs it) at
 * chosen moments of the stand-in's clock: the team lead's escalation while nobody has acknowledged the page, the
 * same sweep again writing nothing, a status update gone overdue, and an action item past its deadline. Each
 * check says what the sweep should have written, exactly once, and adds a problem when it did not.
 */
import type { CommentSnapshot } from "../github-standin/index.js";
import { describeSweep, type SweepStats } from "../src/sweep/sweep.js";
import type { Act, Scene } from "./followups.js";

/** The contacts the demo's config names for the escalation steps after the on-call page. */
export const TEAM_LEAD = "frank";
export const MANAGEMENT = "grace";

const SCHEDULE = "schedule";
const byBot = (scene: Scene, number: number): CommentSnapshot[] =>
  scene.sandbox.issue(number).comments.filter((c) => c.user === scene.sandbox.gh.botLogin);
const escalations = (scene: Scene) => byBot(scene, scene.incident).filter((c) => c.body.startsWith("⏫"));
const reminders = (scene: Scene, number: number, what: string) =>
  byBot(scene, number).filter((c) => c.body.startsWith("⏰") && c.body.includes(what));
const writesIn = (requests: readonly string[]) => requests.filter((q) => !q.startsWith("GET "));
const postedNow = (scene: Scene, comments: readonly CommentSnapshot[]) =>
  comments.filter((c) => Date.parse(c.createdAt) === scene.sandbox.gh.clock.nowMs());

/** The escalation steps this sweep fired, by their action: ` and ⏫ Notify stakeholders (due 12:15)`. */
function alsoEscalated(scene: Scene): string {
  const steps = postedNow(scene, escalations(scene)).flatMap((c) =>
    [...c.body.matchAll(/^- \*\*(.+?)\*\* \(due \d{4}-\d\d-\d\d (\d\d:\d\d)/gm)].map(
      ([, a, due]) => `${a} (due ${due})`,
    ),
  );
  return steps.length ? `; ⏫ caught up: ${steps.join(", ")}` : "";
}

/** A sweep at `at`: its statistics go to `scene.sweeps`, and `check` judges what it wrote. */
function sweepAt(at: string, check: (scene: Scene, stats: SweepStats, requests: readonly string[]) => string): Act {
  return {
    at,
    who: SCHEDULE,
    act: async (scene) => {
      scene.sweeps.push(await scene.sandbox.sweep());
      return { what: "sweeps the repository", deliveries: [] };
    },
    check: (scene, requests) => {
      const stats = scene.sweeps.at(-1);
      if (!stats) throw new Error(`${at}: the sweep left no statistics`);
      return `${check(scene, stats, requests)} · sweep: ${describeSweep(stats)}`;
    },
  };
}

/** Nobody has acknowledged the page five minutes in: the team lead's step fires, once, and only it. */
function checkEscalation(scene: Scene, stats: SweepStats, at: string): string {
  const fired = escalations(scene);
  const body = fired[0]?.body ?? "";
  const wrong = [
    fired.length === 1 ? "" : `${fired.length} escalation comments, expected 1`,
    body.includes(`@${TEAM_LEAD}`) ? "" : `it does not mention the team lead @${TEAM_LEAD}`,
    body.includes(`@${MANAGEMENT}`) ? `management @${MANAGEMENT} is mentioned before their step` : "",
    stats.escalations === 1 ? "" : `the sweep counted ${stats.escalations} escalations, expected 1`,
  ].filter(Boolean);
  if (wrong.length) scene.problems.push(`${at} sweep: ${wrong.join("; ")}`);
  const acks = reminders(scene, scene.incident, "acknowledged").length;
  return `⏫ escalation to @${TEAM_LEAD}${acks ? ` and ${acks} ⏰ reminder to acknowledge` : ""}`;
}

/** The same sweep again, at the same time: everything due was written already. */
function checkNothingNew(scene: Scene, stats: SweepStats, requests: readonly string[], at: string): string {
  const writes = writesIn(requests);
  const wrong = [
    writes.length ? `it wrote ${writes.join(", ")}` : "",
    stats.escalations || stats.reminders || stats.repairs
      ? `it counted ${stats.escalations} escalations, ${stats.reminders} reminders, ${stats.repairs} repairs`
      : "",
    escalations(scene).length === 1 ? "" : `${escalations(scene).length} escalation comments, expected 1`,
  ].filter(Boolean);
  if (wrong.length) scene.problems.push(`${at} repeated sweep: ${wrong.join("; ")}`);
  return writes.length ? `wrote ${writes.length} times!` : "nothing new is due: no writes";
}

/** The last update was at 12:28 and sev1 wants one every 15 minutes: one reminder to the commander. */
function checkUpdateReminder(scene: Scene, stats: SweepStats, at: string): string {
  const posted = reminders(scene, scene.incident, "status update");
  const body = posted[0]?.body ?? "";
  const commander = scene.sandbox.issue(scene.incident).assignees[0] ?? "";
  const wrong = [
    posted.length === 1 ? "" : `${posted.length} status update reminders, expected 1`,
    commander && body.includes(`@${commander}`) ? "" : `the reminder does not mention the commander @${commander}`,
    stats.reminders >= 1 ? "" : "the sweep counted no reminder",
  ].filter(Boolean);
  if (wrong.length) scene.problems.push(`${at} sweep: ${wrong.join("; ")}`);
  return `⏰ status update overdue, reminder to ${body.match(/@[\w-]+/g)?.join(" ") ?? "nobody"}${alsoEscalated(scene)}`;
}

/** The item still open is past its deadline: a reminder on it to its owner, and one line on the incident. */
function checkItemReminder(scene: Scene, stats: SweepStats, at: string): string {
  const open = scene.items.filter((n) => scene.sandbox.issue(n).state === "open");
  const item = open[0] ?? 0;
  const owner = scene.sandbox.issue(item).assignees[0] ?? "";
  const onItem = reminders(scene, item, "This action item was due");
  const summary = reminders(scene, scene.incident, "overdue:").filter((c) => c.body.includes(`#${item}`));
  const wrong = [
    onItem.length === 1 ? "" : `${onItem.length} reminders on item #${item}, expected 1`,
    onItem[0]?.body.includes(`@${owner}`) ? "" : `the reminder does not mention the owner @${owner}`,
    summary.length === 1 ? "" : `${summary.length} overdue lines on the incident, expected 1`,
    stats.reminders >= 1 ? "" : "the sweep counted no reminder",
  ].filter(Boolean);
  if (wrong.length) scene.problems.push(`${at} sweep: ${wrong.join("; ")}`);
  const milestones = postedNow(scene, reminders(scene, scene.incident, "milestones due")).length;
  return `⏰ on item #${item} to @${owner}, "${summary[0]?.body.split(":")[0] ?? "no summary"}" on #${scene.incident}${milestones ? ", and one for the post-mortem milestones due" : ""}`;
}

/** Before anyone acknowledges: the team lead's step (5 minutes) is due, management's (10 minutes) is not. */
export const ESCALATION_SWEEPS: readonly Act[] = [
  sweepAt("12:06", (scene, stats) => checkEscalation(scene, stats, "12:06")),
  sweepAt("12:06", (scene, stats, requests) => checkNothingNew(scene, stats, requests, "12:06")),
];

/** Between the 12:28 update and the resolution the next update (due 12:43) is missed. */
export const UPDATE_SWEEP: Act = sweepAt("12:45", (scene, stats) => checkUpdateReminder(scene, stats, "12:45"));

/** The day after item #3's default deadline (a week after the incident). */
export const ITEM_SWEEP: Act = sweepAt("2026-12-03 09:00", (scene, stats) =>
  checkItemReminder(scene, stats, "2026-12-03 09:00"),
);
