import { suspectedPulls } from "../domain/suspect-marks.js";
import type { IncidentConfig } from "../config/schema.js";
import type { ActionItem } from "../domain/action-items.js";
import type { IncidentState, TimelineEntry } from "../domain/fold.js";
import { addMs, formatDuration, formatTime, msBetween, type Iso } from "../domain/time.js";
import { ROLES } from "../domain/vocabulary.js";
import { prose } from "../render/views.js";
import { inline, mermaidText, person, tableCell } from "./text.js";

/**
 * What a post-mortem knows from the incident, formatted for people with every piece of user text made safe for
 * its place (a line, a table cell, a Mermaid diagram). Times are UTC, as the runbook's report has them.
 */

export interface PostmortemInput {
  state: IncidentState;
  config: IncidentConfig;
  issueNumber: number;
  issueUrl: string;
  repoFullName: string;
  actionItems: readonly ActionItem[];
  now: Iso;
  pull?: { number: number; url: string };
}

/** A document holds the latest rows of a long incident; the issue has them all. */
const LIMITS = { timelineRows: 150, chartEvents: 40, actionItems: 100, updates: 100 } as const;
/** The kinds of timeline entry that mark the course of the incident (notes and updates are in the table). */
const CHART_KINDS = new Set<TimelineEntry["kind"]>(["declared", "severity", "phase", "ack", "detected", "started"]);

const utc = (iso: Iso) => formatTime(iso, "UTC");
const utcOr = (iso: Iso | undefined, otherwise = "—") => (iso ? utc(iso) : otherwise);
const between = (from: Iso | undefined, to: Iso | undefined) =>
  from && to ? formatDuration(msBetween(from, to)) : "—";

export type PostmortemFacts = ReturnType<typeof postmortemFacts>;

export function postmortemFacts(input: PostmortemInput) {
  const { state, config, issueNumber, issueUrl, repoFullName } = input;
  const repoUrl = issueUrl.replace(/\/issues\/\d+$/, "");
  const id = inline(state.id ?? `#${issueNumber}`);
  const severity = state.severity ? config.severities[state.severity] : undefined;
  const start = state.startedAt ?? state.detectedAt ?? state.declaration?.at;
  const folder = config.postmortem.folder.replace(/^\/+|\/+$/g, "");
  return {
    id,
    file: `${folder}/${state.id ?? `incident-${issueNumber}`}.md`,
    title: inline(state.title),
    repo: inline(repoFullName),
    issue: { number: issueNumber, ref: `#${issueNumber}`, url: issueUrl },
    pull: input.pull,
    severity: state.severity ? tableCell(`${state.severity} — ${severity?.name || state.severity}`) : "unset",
    type: state.type ? tableCell(config.types[state.type]?.name || state.type) : "—",
    falsePositive: state.falsePositive,
    duration: state.resolvedAt && start ? formatDuration(msBetween(start, state.resolvedAt)) : "— (not resolved)",
    summary: prose(state.summary),
    impact: prose(state.impact),
    rootCause: prose(state.rootCause),
    suspectedCauses: suspectedCauses(state),
    resolution: prose(state.resolution),
    roles: ROLES.map((role) => ({
      name: tableCell(config.roles[role].name || role),
      holder: holder(state.roles[role]),
    })),
    reviewers: config.postmortem.reviewers.map((role) => ({
      role,
      name: inline(config.roles[role].name || role),
      holder: holder(state.roles[role]),
      login: state.roles[role],
    })),
    ...responseTimes(state),
    ...timelineFacts(state, id),
    updates: state.updates.slice(-LIMITS.updates).map((update) => ({
      at: utc(update.at),
      by: person(update.by),
      url: commentUrl(issueUrl, update.source),
    })),
    actionItems: input.actionItems.slice(0, LIMITS.actionItems).map((item) => actionItemRow(item, repoUrl, input.now)),
    moreActionItems: Math.max(0, input.actionItems.length - LIMITS.actionItems),
    ...deadlines(config, state.resolvedAt, input.now),
  };
}

const holder = (login: string | undefined) => (login ? person(login) : "unassigned");

/** Detection and response: each moment, and the intervals the runbook's metrics (MTTD, MTTR) are made of. */
function responseTimes(state: IncidentState) {
  const declared = state.declaration?.at;
  const acknowledged = state.acknowledged?.at;
  const mitigated = state.timeline.find((entry) => entry.kind === "phase" && entry.text === "Status: monitoring")?.at;
  const detected = state.detectedAt ?? declared;
  const moment = (name: string, at: Iso | undefined) => ({
    name,
    at: utcOr(at),
    sinceDetection: at && detected ? formatDuration(msBetween(detected, at)) : "—",
  });
  return {
    moments: [
      moment("Impact started", state.startedAt),
      moment("Detected", state.detectedAt),
      moment("Declared", declared),
      moment("Acknowledged", acknowledged),
      moment("Mitigated (monitoring)", mitigated),
      moment("Resolved", state.resolvedAt),
    ],
    intervals: [
      { name: "Time to detect (started → detected)", took: between(state.startedAt, state.detectedAt) },
      { name: "Time to declare (detected → declared)", took: between(detected, declared) },
      { name: "Time to acknowledge (declared → acknowledged)", took: between(declared, acknowledged) },
      { name: "Time to mitigate (detected → monitoring)", took: between(detected, mitigated) },
      { name: "Time to resolve (detected → resolved)", took: between(detected, state.resolvedAt) },
    ],
  };
}

/** The pull requests marked `/suspect` and not cleared, linked, with their titles as the app recorded them. */
function suspectedCauses(state: IncidentState): string[] {
  return suspectedPulls(state).map((mark) => {
    const notice = state.suspectNotices.find((known) => known.pull === mark.pull);
    return notice ? `[#${mark.pull}](${notice.url}) ${inline(notice.title)}` : `#${mark.pull}`;
  });
}

/** The timeline as table rows and as the lines of a Mermaid `timeline` diagram, one section per UTC day. */
function timelineFacts(state: IncidentState, id: string) {
  // The post-mortem's own pull request is not part of the incident's story (and would change the document it is in).
  const story = state.timeline.filter((entry) => entry.kind !== "postmortem");
  const rows = story.slice(-LIMITS.timelineRows).map((entry) => ({
    at: utc(entry.at),
    text: tableCell(entry.text),
    actor: entry.actor ? tableCell(person(entry.actor)) : "",
  }));
  const chart = [`    title ${mermaidText(`${id} ${state.title}`)}`];
  let day = "";
  for (const entry of story.filter((e) => CHART_KINDS.has(e.kind)).slice(-LIMITS.chartEvents)) {
    const [date = "", time = ""] = utc(entry.at).split(" ");
    if (date !== day) chart.push(`    section ${date}`);
    day = date;
    // A colon in the time would end the period: the ratio sign looks the same.
    chart.push(`        ${time.replace(":", "∶")} UTC : ${mermaidText(entry.text) || "—"}`);
  }
  return {
    timeline: rows,
    earlierEntries: Math.max(0, story.length - LIMITS.timelineRows),
    chart: chart.length > 1 ? `timeline\n${chart.join("\n")}` : undefined,
  };
}

function commentUrl(issueUrl: string, source: string): string {
  const comment = /^c(\d+)\./.exec(source)?.[1];
  return comment ? `${issueUrl}#issuecomment-${comment}` : issueUrl;
}

function actionItemRow(item: ActionItem, repoUrl: string, now: Iso) {
  const overdue = item.state === "open" && item.due !== undefined && msBetween(item.due, now) > 0;
  const closed =
    item.closedByPull === undefined
      ? "closed"
      : `closed by [#${item.closedByPull}](${repoUrl}/pull/${item.closedByPull})`;
  return {
    title: tableCell(item.title),
    link: `[#${item.number}](${repoUrl}/issues/${item.number})`,
    owner: item.owner ? person(item.owner) : "unowned",
    deadline: utcOr(item.due, "no deadline"),
    status: item.state === "open" ? (overdue ? "open, ⚠️ overdue" : "open") : closed,
    overdue,
  };
}

/** The post-mortem's own due time and seed 003's milestones, counted from resolution. */
function deadlines(config: IncidentConfig, resolvedAt: Iso | undefined, now: Iso) {
  const due = (ms: number) => {
    const at = resolvedAt ? addMs(resolvedAt, ms) : undefined;
    return { due: utcOr(at, "— (not resolved)"), overdue: at !== undefined && msBetween(at, now) > 0 };
  };
  return {
    postmortemDue: { within: inline(config.postmortem.dueWithin.text), ...due(config.postmortem.dueWithin.ms) },
    milestones: config.postmortem.milestones.map((milestone) => ({
      name: tableCell(milestone.description),
      within: tableCell(milestone.after.text),
      ...due(milestone.after.ms),
    })),
  };
}
