import type { IncidentConfig } from "../config/schema.js";
import type { KeyedLock } from "../handlers/issue-locks.js";
import type { SigningKeys } from "../domain/markers.js";
import type { Iso } from "../domain/time.js";
import { addMs } from "../domain/time.js";
import type { Octokit } from "../github/octokit/index.js";
import {
  type MonthlyFigures,
  monthlyMetrics,
  monthRange,
  quarterProgress,
  renderReport,
  reportJson,
  shiftMonth,
  trend,
} from "../metrics/index.js";
import { readIncidentFacts } from "./read-facts.js";
import { findReport, type ReportIssue, writeReportIssue } from "./report-issue.js";

/**
 * The monthly incident report of a repository: the month's incidents and the months its trend, quarter goals
 * and repeats look back to, read from the issue list (a page per 100 incidents), computed, rendered.
 */

export interface MonthlyReport {
  figures: MonthlyFigures;
  markdown: string;
  json: Record<string, unknown>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The month before the one `now` falls in (UTC): what the first sweep of a month reports. */
function previousMonth(now: Iso): string {
  return shiftMonth(now.slice(0, 7), -1);
}

export async function monthlyReport(
  octokit: Octokit,
  where: { owner: string; repo: string },
  month: string,
  context: { config: IncidentConfig; keys: SigningKeys; now: Iso },
): Promise<MonthlyReport> {
  const { config, now } = context;
  // The previous quarter starts at most five months before this month; the trend looks back three; repeats look
  // back their window.
  const sixMonthsBefore = monthRange(shiftMonth(month, -6)).from;
  const repeatWindowStart = addMs(monthRange(month).from, -config.metrics.repeatWindow.ms);
  const [from = sixMonthsBefore] = [sixMonthsBefore, repeatWindowStart].sort();
  const facts = await readIncidentFacts(octokit, where, from, context.keys);
  const figures = monthlyMetrics(facts, month, config, now);
  const points = trend(facts, month, config, now);
  const goals = quarterProgress(facts, month, config, now);
  return {
    figures,
    markdown: renderReport(figures, { repo: `${where.owner}/${where.repo}`, month, trend: points, goals }),
    json: reportJson(figures, { trend: points, goals }),
  };
}

/** The month's report issue, opened or brought up to date (one per month, whatever runs at once). */
export async function publishMonthlyReport(
  octokit: Octokit,
  where: { owner: string; repo: string },
  month: string,
  app: { config: IncidentConfig; keys: SigningKeys; now: Iso; login: string; locks: KeyedLock },
): Promise<ReportIssue> {
  const report = await monthlyReport(octokit, where, month, app);
  return writeReportIssue(
    octokit,
    where,
    { month, title: `Incident report ${month}`, body: report.markdown },
    { login: app.login, keys: app.keys, locks: app.locks },
  );
}

/** Repositories whose previous month this process has seen reported (one listing a month, not one a sweep). */
const reported = new Map<string, string>();

/**
 * On the first sweep of a month: the month before is reported, unless its report exists or it had no incident.
 * A dry run only says it would.
 */
export async function reportPreviousMonth(
  octokit: Octokit,
  where: { owner: string; repo: string },
  app: { config: IncidentConfig; keys: SigningKeys; now: Iso; login: string; locks: KeyedLock; dryRun: boolean },
): Promise<ReportIssue | undefined> {
  const month = previousMonth(app.now);
  const api = String(octokit.request.endpoint.DEFAULTS.baseUrl);
  const repository = `${api}/${where.owner}/${where.repo}`.toLowerCase();
  if (reported.get(repository) === month) return undefined;
  if (await findReport(octokit, where, month, app)) {
    reported.set(repository, month);
    return undefined;
  }
  const report = await monthlyReport(octokit, where, month, app);
  if (report.figures.declared === 0) reported.set(repository, month);
  if (report.figures.declared === 0 || app.dryRun) return undefined;
  const written = await writeReportIssue(
    octokit,
    where,
    { month, title: `Incident report ${month}`, body: report.markdown },
    { login: app.login, keys: app.keys, locks: app.locks },
  );
  reported.set(repository, month);
  return written;
}
