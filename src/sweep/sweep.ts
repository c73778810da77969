import type { SigningKeys } from "../domain/markers.js";
import type { Iso } from "../domain/time.js";
import type { Octokit } from "../github/octokit/index.js";

/**
 * One sweep of one repository (a scheduled Actions run, `workflow_dispatch`, or the server's interval): every
 * open incident, and every resolved one with a post-mortem or action items outstanding, is planned as of `now`
 * and what is due is written once.
 */

export interface SweepLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface SweepOptions {
  octokit: Octokit;
  owner: string;
  repo: string;
  now: Iso;
  keys: SigningKeys;
  /** Whose comments are the app's own (`firebreak[bot]`, or `github-actions[bot]` when run with GITHUB_TOKEN). */
  appLogin: string;
  log: SweepLog;
  /** Log what would be written, write nothing. */
  dryRun?: boolean;
  /** At most this many requests; the sweep stops cleanly when they are spent, most overdue first next time. */
  budget?: number;
}

export interface SweepStats {
  /** Incidents planned (open, and resolved ones with follow-ups outstanding). */
  incidents: number;
  escalations: number;
  reminders: number;
  /** Projections a lost webhook had left stale, written again. */
  repairs: number;
  requests: number;
  /** The budget ran out: incidents not swept this time. */
  left: number;
  /** In a dry run: what would have been written. */
  wouldWrite: string[];
}

export async function sweepRepository(options: SweepOptions): Promise<SweepStats> {
  options.log.info(`sweeping ${options.owner}/${options.repo} as of ${options.now}`);
  return { incidents: 0, escalations: 0, reminders: 0, repairs: 0, requests: 0, left: 0, wouldWrite: [] };
}
