import { ConfigCache } from "../config/cache.js";
import type { SigningKeys } from "../domain/markers.js";
import type { Iso } from "../domain/time.js";
import { type LoadedConfig, loadRepositoryConfig, runIncident } from "../pipeline/runner.js";
import { reportPreviousMonth } from "../report/monthly.js";
import { IssueLocks } from "../handlers/issue-locks.js";
import { refreshStatusPage } from "../status-page/publish.js";
import { sweepTargets } from "./targets.js";
import { octokitPorts, type Octokit } from "../github/octokit/index.js";
import { reconcileConfigIssue, withUnsetChannels } from "../pipeline/config-issue.js";
import type { KeyedLock } from "../handlers/issue-locks.js";

/**
 * One sweep of one repository (a scheduled Actions run, `workflow_dispatch`, or the server's interval): every
 * open incident, and every resolved one with a post-mortem or action items outstanding, is planned as of `now`
 * and what is due is written once; projections a lost webhook left stale are repaired on the way.
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
  /** At most this many requests; the sweep stops cleanly when they are spent, least recently touched first next time. */
  budget?: number;
  /** The default branch (claims point at its head); read from the repository when not given. */
  defaultBranch?: string;
  /** The config cache the server shares between events; a sweep of its own reads the config once. */
  configCache?: ConfigCache<LoadedConfig>;
  /** The server's per-issue lock: a sweep never runs an incident at the same time as a webhook for it. */
  locks?: KeyedLock;
}

export interface SweepStats {
  /** Incidents planned (open, and resolved ones with follow-ups outstanding). */
  incidents: number;
  escalations: number;
  reminders: number;
  /**
   * Projections (labels, title, state, body, assignees) the sweep wrote again: stale after a lost webhook, or
   * showing something that has become overdue since the last event.
   */
  repairs: number;
  requests: number;
  /** The budget ran out: incidents not swept this time. */
  left: number;
  /** In a dry run: what would have been written. */
  wouldWrite: string[];
  /** The status page (`statusPage.publish`): committed, unchanged, or not published ("off"). */
  statusPage?: "off" | "unchanged" | "written" | "would-write";
}

export async function sweepRepository(options: SweepOptions): Promise<SweepStats> {
  const { octokit, owner, repo, log } = options;
  const stats: SweepStats = {
    incidents: 0,
    escalations: 0,
    reminders: 0,
    repairs: 0,
    requests: 0,
    left: 0,
    wouldWrite: [],
  };
  const counted = countRequests(octokit, stats);
  const configCache = options.configCache ?? new ConfigCache<LoadedConfig>({ ttlMs: 60 * 60 * 1000 });
  try {
    const defaultBranch = options.defaultBranch ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
    const targets = await sweepTargets(octokit, { owner, repo }, options.appLogin, options.keys);
    for (const [index, target] of targets.entries()) {
      const budget = options.budget === undefined ? undefined : options.budget - stats.requests;
      if (budget !== undefined && budget <= 0) {
        stats.left = targets.length - index;
        log.warn(
          `${owner}/${repo}: the sweep's budget of ${options.budget} requests is spent; ${stats.left} incident(s) wait for the next sweep`,
        );
        break;
      }
      const run = () =>
        runIncident({
          octokit,
          owner,
          repo,
          issueNumber: target.number,
          defaultBranch,
          now: options.now,
          trigger: { sweep: true },
          log,
          keys: options.keys,
          appLogin: options.appLogin,
          configCache,
          ...(options.dryRun ? { dryRun: true } : {}),
          ...(budget !== undefined ? { budget } : {}),
        });
      const result = await (options.locks ? options.locks.run(`${owner}/${repo}#${target.number}`, run) : run());
      stats.incidents++;
      tally(stats, result.stats.performedKeys, result.stats.wouldPerform);
    }
    // The first sweep of a month reports the month before (once: a report that exists is left as it is).
    const loaded = await loadRepositoryConfig(octokit, owner, repo, log, configCache);
    await reportPreviousMonth(
      octokit,
      { owner, repo },
      {
        config: loaded.config,
        keys: options.keys,
        now: options.now,
        login: options.appLogin,
        locks: options.locks ?? new IssueLocks(),
        dryRun: options.dryRun === true,
      },
    );
    if (!options.dryRun) await reportUnsetChannels(options, loaded);
    stats.statusPage = await refreshStatusPage(
      octokit,
      { owner, repo },
      { config: loaded.config, keys: options.keys, now: options.now, dryRun: options.dryRun === true },
    );
    if (stats.statusPage === "would-write") stats.wouldWrite.push("status-page");
  } finally {
    counted.release();
  }
  log.info(`${owner}/${repo} swept: ${describeSweep(stats)}`);
  return stats;
}

/**
 * A channel's variable can only be checked where Firebreak runs, and a run reports it only while it is unset:
 * the sweep also closes the config issue once it is set. Never failing the sweep.
 */
async function reportUnsetChannels(options: SweepOptions, loaded: LoadedConfig): Promise<void> {
  if (!loaded.config.notifications.channels.length) return;
  const { octokit, owner, repo } = options;
  const problem = withUnsetChannels(loaded.problem, loaded.config, `${owner}/${repo}`);
  await reconcileConfigIssue(octokitPorts(octokit, owner, repo).issues, problem, {
    keys: options.keys,
    appLogin: options.appLogin,
    from: loaded.from,
    ...(options.locks ? { locks: options.locks } : {}),
  }).catch((error: unknown) =>
    options.log.warn(
      `${owner}/${repo}: the config issue could not be written: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
}

/** Escalations, reminders and repairs, told apart by what their keys are for. */
function tally(stats: SweepStats, keys: readonly string[], wouldWrite: readonly string[]): void {
  for (const key of keys) {
    if (key.startsWith("escalate:")) stats.escalations++;
    // Overdue items are reminded in one write whose key joins each item's.
    else if (key.startsWith("remind:")) stats.reminders += key.split(",").length;
    else if (key === "issue" || key === "assignees") stats.repairs++;
  }
  stats.wouldWrite.push(...wouldWrite);
}

export function describeSweep(stats: SweepStats): string {
  return `${stats.incidents} incident(s) seen, ${stats.escalations} escalation(s) fired, ${stats.reminders} reminder(s) posted, ${stats.repairs} repair(s), ${stats.requests} request(s)${stats.statusPage === "written" ? ", status page committed" : ""}${stats.left ? `, ${stats.left} left for the next sweep` : ""}`;
}

/** Counts every request the sweep makes (listings, config and each incident's run). */
function countRequests(octokit: Octokit, stats: SweepStats): { release(): void } {
  const count = async (request: (options: unknown) => Promise<unknown>, requestOptions: unknown) => {
    stats.requests++;
    return request(requestOptions);
  };
  octokit.hook.wrap("request", count as never);
  return { release: () => octokit.hook.remove("request", count as never) };
}
