/**
 * The monthly incident report as Markdown for the report issue's body, and as JSON for `--format json`. Pure.
 *
 * Titles, types and root-cause categories are user text: table cells go through `userTableCell`, inline text
 * through `userInline`, and Mermaid labels through `mermaidLabel`. Incident numbers are the app's own incidents,
 * linked as `#n`. The charts use only the Mermaid statements `xychart-beta` (title, x-axis with a list of quoted
 * labels, y-axis with a quoted title and a range, one `line` or `bar` of numbers) and `pie` (title, quoted label
 * `:` number), which GitHub renders.
 */
import { userInline, userTableCell } from "../domain/mentions.js";
import { formatDuration } from "../domain/time.js";
import { mermaidText } from "../postmortem/text.js";
import {
  METRIC_KEYS,
  type MetricKey,
  type MonthlyFigures,
  type QuarterProgress,
  type Summary,
  type TrendPoint,
} from "./compute.js";

export interface ReportContext {
  /** `owner/name`. */
  repo: string;
  month: string;
  /** The month and the three before, oldest first (`trend`). */
  trend: readonly TrendPoint[];
  /** Progress against `metrics.goals` (`quarterProgress`). */
  goals: QuarterProgress;
  /** Extra links shown under the heading, such as the previous report. */
  links?: readonly { text: string; url: string }[];
}

const METRIC_NAMES: Record<MetricKey, string> = {
  mttd: "MTTD (detected − started)",
  mtta: "MTTA (acknowledged − declared)",
  mttm: "MTTM (mitigated − detected)",
  mttr: "MTTR (resolved − detected)",
};

const dash = "–";
const duration = (value: number | null) => (value === null ? dash : formatDuration(value));
const percent = (share: number | null) => (share === null ? dash : `${Math.round(share * 100)} %`);
const refs = (numbers: readonly number[]) => (numbers.length === 0 ? "none" : numbers.map((n) => `#${n}`).join(", "));

/** A Mermaid label between double quotes: `mermaidText`'s look-alikes, and no quote of its own. */
export function mermaidLabel(text: string, max = 40): string {
  return mermaidText(text, max).replace(/"/g, "ˮ").replace(/\\/g, "⧵");
}

/** Hours with at most two decimals, as a chart value (Mermaid's numbers: digits and one point). */
const hours = (value: number | null) => String(Math.round(((value ?? 0) / 3_600_000) * 100) / 100);

function summaryCells(summary: Summary): string {
  return `${duration(summary.median)} | ${duration(summary.p90)} | ${duration(summary.mean)} | ${summary.n}`;
}

function timeTable(figures: MonthlyFigures): string[] {
  const lines = [
    "| Metric | Severity | Median | p90 | Mean | n | Missing |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const key of METRIC_KEYS) {
    const metric = figures.time[key];
    const missing = metric.missing.length + metric.inconsistent.length;
    lines.push(`| ${METRIC_NAMES[key]} | all | ${summaryCells(metric.overall)} | ${missing} |`);
    for (const [severity, summary] of Object.entries(metric.bySeverity))
      lines.push(`| | ${userTableCell(severity)} | ${summaryCells(summary)} | |`);
  }
  return lines;
}

function countTable(title: string, counts: Record<string, number>): string[] {
  const entries = Object.entries(counts);
  if (entries.length === 0) return [`No ${title.toLowerCase()} to count.`];
  return [
    `| ${title} | Incidents |`,
    "| --- | --- |",
    ...entries.map(([key, n]) => `| ${userTableCell(key)} | ${n} |`),
  ];
}

/** The `xychart-beta` line of the median MTTR per month, in hours (a month without a resolved incident plots 0). */
export function mttrChart(trend: readonly TrendPoint[]): string {
  const max = Math.max(1, ...trend.map((p) => Math.ceil((p.mttrMedian ?? 0) / 3_600_000)));
  return [
    "```mermaid",
    "xychart-beta",
    '    title "Median MTTR (hours)"',
    `    x-axis [${trend.map((p) => `"${mermaidLabel(p.month)}"`).join(", ")}]`,
    `    y-axis "Hours" 0 --> ${max}`,
    `    line [${trend.map((p) => hours(p.mttrMedian)).join(", ")}]`,
    "```",
  ].join("\n");
}

/** The `xychart-beta` bar of counted incidents per month (xychart cannot stack bars: the split is the table beside it). */
export function countChart(trend: readonly TrendPoint[]): string {
  const max = Math.max(1, ...trend.map((p) => p.counted));
  return [
    "```mermaid",
    "xychart-beta",
    '    title "Incidents per month"',
    `    x-axis [${trend.map((p) => `"${mermaidLabel(p.month)}"`).join(", ")}]`,
    `    y-axis "Incidents" 0 --> ${max}`,
    `    bar [${trend.map((p) => String(p.counted)).join(", ")}]`,
    "```",
  ].join("\n");
}

/** The `pie` of the month's counted incidents by severity; `undefined` with none. */
export function severityPie(bySeverity: Record<string, number>): string | undefined {
  const entries = Object.entries(bySeverity).filter(([, n]) => n > 0);
  if (entries.length === 0) return undefined;
  return [
    "```mermaid",
    "pie title Incidents by severity",
    ...entries.map(([severity, n]) => `    "${mermaidLabel(severity)}" : ${n}`),
    "```",
  ].join("\n");
}

function trendTable(trend: readonly TrendPoint[]): string[] {
  const severities = [...new Set(trend.flatMap((p) => Object.keys(p.bySeverity)))].sort();
  return [
    `| Month | Incidents | ${severities
      .map(userTableCell)
      .map((s) => `${s} | `)
      .join("")}False positives | Repeats | MTTD median | MTTA median | MTTR median | MTTR p90 | With started |`,
    `| --- | --- | ${severities.map(() => "--- | ").join("")}--- | --- | --- | --- | --- | --- | --- |`,
    ...trend.map(
      (p) =>
        `| ${p.month} | ${p.counted} | ${severities.map((s) => `${p.bySeverity[s] ?? 0} | `).join("")}${p.falsePositives} | ${p.repeats} | ${duration(p.mttdMedian)} | ${duration(p.mttaMedian)} | ${duration(p.mttrMedian)} | ${duration(p.mttrP90)} | ${percent(p.startedShare)} |`,
    ),
  ];
}

function goalValue(goal: QuarterProgress["goals"][number], which: "current" | "previous"): string {
  const value = goal[which];
  if (goal.goal === "incidentCount" || goal.goal === "repeats") return value === null ? dash : String(value);
  const share = goal.startedShare?.[which];
  return goal.startedShare ? `${duration(value)}, started on ${percent(share ?? null)}` : duration(value);
}

function goalsSection(progress: QuarterProgress): string[] {
  if (progress.goals.length === 0) return ["No quarterly goals are set (`metrics.goals`)."];
  return [
    `${progress.quarter} to date (${progress.months.join(", ")}) against ${progress.previousMonths.join(", ")}${progress.complete ? "" : "; the quarter is not over"}.`,
    "",
    "| Goal | This quarter | Previous quarter | Status |",
    "| --- | --- | --- | --- |",
    ...progress.goals.map(
      (goal) => `| ${goal.target} | ${goalValue(goal, "current")} | ${goalValue(goal, "previous")} | ${goal.status} |`,
    ),
  ];
}

function incidentList(items: MonthlyFigures["falsePositives"]): string[] {
  return items.map(
    (i) =>
      `- #${i.number} ${userInline(i.title)} (${userInline(i.severity)}${i.type ? `, ${userInline(i.type)}` : ""})`,
  );
}

/** The report issue's body for one month. */
export function renderReport(figures: MonthlyFigures, context: ReportContext): string {
  const pie = severityPie(figures.bySeverity);
  return [
    `# Incident report ${figures.month}`,
    "",
    `Incidents of ${userInline(context.repo)} declared in ${figures.month} (UTC), as of ${figures.now}. Medians and 90th percentiles are nearest-rank; means are shown beside them, with the count behind each.`,
    ...(context.links?.length
      ? ["", context.links.map((l) => `[${userInline(l.text).replace(/[[\]]/g, "")}](${l.url})`).join(" · ")]
      : []),
    "",
    ...summarySection(figures),
    "",
    "## Incidents by severity and type",
    "",
    ...countTable("Severity", figures.bySeverity),
    "",
    ...countTable("Type", figures.byType),
    ...(pie ? ["", pie] : []),
    "",
    "## Time metrics",
    "",
    ...timeTable(figures),
    "",
    "Missing: incidents without one of the two timestamps (or with the later one before the earlier), left out of that metric.",
    "",
    ...apartSection(figures),
    "",
    ...repeatSection(figures),
    "",
    ...followUpSection(figures),
    "",
    "## Trend",
    "",
    ...trendTable(context.trend),
    "",
    mttrChart(context.trend),
    "",
    countChart(context.trend),
    "",
    "## Quarter goals",
    "",
    ...goalsSection(context.goals),
    "",
  ].join("\n");
}

function summarySection(figures: MonthlyFigures): string[] {
  const mttr = figures.time.mttr.overall;
  const mttd = figures.time.mttd.overall;
  return [
    "## Summary",
    "",
    "| | |",
    "| --- | --- |",
    `| Incidents | ${figures.counted} |`,
    `| False positives | ${figures.falsePositives.length} |`,
    `| Excluded (drills, maintenance) | ${figures.excluded.length} |`,
    `| MTTR median / p90 / mean | ${duration(mttr.median)} / ${duration(mttr.p90)} / ${duration(mttr.mean)} (n = ${mttr.n}) |`,
    `| MTTD median | ${duration(mttd.median)} (n = ${mttd.n}) |`,
    `| Repeats | ${figures.repeats.length} |`,
    `| Action items open and overdue | ${figures.actionItems.overdue.length} |`,
    `| Post-mortems overdue | ${figures.postmortems.overdue.length} |`,
  ];
}

function apartSection(figures: MonthlyFigures): string[] {
  return [
    "## False positives and excluded incidents",
    "",
    `False positives: ${figures.falsePositives.length}.`,
    ...incidentList(figures.falsePositives),
    "",
    `Excluded types (drills, maintenance): ${figures.excluded.length}.`,
    ...incidentList(figures.excluded),
  ];
}

function repeatSection(figures: MonthlyFigures): string[] {
  if (figures.repeats.length === 0) return ["## Repeat incidents", "", "No repeat incident."];
  return [
    "## Repeat incidents",
    "",
    "| Incident | Type | Root cause | Repeats | Days after |",
    "| --- | --- | --- | --- | --- |",
    ...figures.repeats.map(
      (r) =>
        `| #${r.number} ${userTableCell(r.title)} | ${userTableCell(r.type ?? "")} | ${userTableCell(r.rootCauseCategory ?? `same files fixed: ${(r.sharedFiles ?? []).join(", ")}`)} | #${r.earlier} | ${Math.round((r.apart / 86_400_000) * 10) / 10} |`,
    ),
  ];
}

function followUpSection(figures: MonthlyFigures): string[] {
  const { actionItems: items, postmortems: pm } = figures;
  return [
    "## Action items and post-mortems",
    "",
    `Action items of the month's incidents: ${items.opened} opened, ${items.closed} closed (${percent(items.closedByPullShare)} by a merged pull request), ${items.overdue.length} overdue${items.overdue.length ? `: ${refs(items.overdue.map((o) => o.item))}` : ""}.`,
    "",
    `Post-mortems: ${pm.onTime.length} merged on time, ${pm.late.length} merged late, ${pm.overdue.length} overdue${pm.overdue.length ? ` (${refs(pm.overdue)})` : ""}, ${pm.pending.length} pending.`,
  ];
}

/** The version of `reportJson`'s shape: raised on any change that is not an added field. */
export const REPORT_JSON_VERSION = 1;

/**
 * The figures as JSON for other tools (`--format json`): `{ schema: "firebreak.metrics-report", version, ... }`.
 * Durations are milliseconds (`null` with n = 0), instants ISO-8601 UTC, shares between 0 and 1; `month`, `from`,
 * `to` and `now` are as in `MonthlyFigures`, and `trend`/`goals` are present when given.
 */
export function reportJson(
  figures: MonthlyFigures,
  extra: { trend?: readonly TrendPoint[]; goals?: QuarterProgress } = {},
): Record<string, unknown> {
  return {
    schema: "firebreak.metrics-report",
    version: REPORT_JSON_VERSION,
    ...structuredClone(figures),
    ...(extra.trend ? { trend: structuredClone(extra.trend) } : {}),
    ...(extra.goals ? { goals: structuredClone(extra.goals) } : {}),
  };
}
