import type { SweepStats } from "../sweep/sweep.js";

/** What a run prints and writes to the job's summary page, as pure functions of its outcome. */

export interface SweepContext {
  repository: string;
  dryRun: boolean;
  budget: number | undefined;
}

/** How many dry-run writes the summary lists; the log has them all. */
const LISTED_WRITES = 50;

/** Workflow commands end at a newline and decode `%XX`: their data is escaped as actions/toolkit does. */
export function escapeCommandData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** The message of a thrown value, including each handler's error when Probot reports several at once. */
export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0)
    return error.errors.map((inner: unknown) => errorMessage(inner)).join("\n");
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** The `::error::` line that marks the step failed in the run's annotations. */
export function errorAnnotation(error: unknown): string {
  return `::error::${escapeCommandData(`Firebreak failed: ${errorMessage(error)}`)}`;
}

/** A warning annotation when the budget ran out before every incident was swept. */
export function budgetWarning(stats: SweepStats, budget: number | undefined): string | undefined {
  if (stats.left <= 0) return undefined;
  const spent = budget === undefined ? `${stats.requests} requests` : `the budget of ${budget} requests`;
  const incidents = stats.left === 1 ? "1 incident was" : `${stats.left} incidents were`;
  return `::warning::${escapeCommandData(
    `${spent} ran out: ${incidents} not swept this time; the next run starts with the most overdue.`,
  )}`;
}

/** One log line with every figure. */
export function sweepLogLine(stats: SweepStats, context: SweepContext): string {
  const verb = context.dryRun ? "would fire" : "fired";
  return (
    `Firebreak swept ${context.repository}${context.dryRun ? " (dry run)" : ""}: ${stats.incidents} incidents, ` +
    `${stats.escalations} escalations ${verb}, ${stats.reminders} reminders, ${stats.repairs} repairs, ` +
    `${stats.requests} requests${stats.left > 0 ? `, ${stats.left} incidents left for the next run` : ""}`
  );
}

/** User text (titles in dry-run writes) on one line, inert as Markdown and HTML. */
function inline(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c] ?? c)
    .replace(/([\\`*_[\]])/g, "\\$1");
}

function wouldWriteList(stats: SweepStats): string[] {
  if (stats.wouldWrite.length === 0) return ["", "Dry run: nothing was due."];
  const listed = stats.wouldWrite.slice(0, LISTED_WRITES).map((write) => `- ${inline(write)}`);
  const more = stats.wouldWrite.length - listed.length;
  return [
    "",
    "Dry run: nothing was written. What would have been:",
    "",
    ...listed,
    ...(more > 0 ? [`- … and ${more} more (see the log)`] : []),
  ];
}

/** The step summary of a sweep, in Markdown. */
export function sweepSummary(stats: SweepStats, context: SweepContext): string {
  const requests = context.budget === undefined ? `${stats.requests}` : `${stats.requests} of ${context.budget}`;
  const rows: [string, string | number][] = [
    ["Incidents swept", stats.incidents],
    [context.dryRun ? "Escalations due" : "Escalations fired", stats.escalations],
    [context.dryRun ? "Reminders due" : "Reminders posted", stats.reminders],
    [context.dryRun ? "Repairs due" : "Projections repaired", stats.repairs],
    ["Requests used", requests],
  ];
  if (stats.left > 0) rows.push(["Left for the next run (budget spent)", stats.left]);
  const lines = [
    `### Firebreak sweep of ${context.repository}${context.dryRun ? " (dry run)" : ""}`,
    "",
    "| | |",
    "|---|---:|",
    ...rows.map(([label, value]) => `| ${label} | ${value} |`),
    ...(context.dryRun ? wouldWriteList(stats) : []),
  ];
  return `${lines.join("\n")}\n`;
}

/** The step summary of an event run: which event, on what. */
export function eventSummary(eventName: string, payload: Record<string, unknown>, repository: string): string {
  const action = typeof payload.action === "string" ? `.${payload.action}` : "";
  const subject = (payload.issue ?? payload.pull_request) as { number?: unknown } | undefined;
  const where = typeof subject?.number === "number" ? `${repository}#${subject.number}` : repository;
  return `### Firebreak handled \`${eventName}${action}\` on ${where}\n`;
}
