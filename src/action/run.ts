import { appendFile, readFile } from "node:fs/promises";
import { Probot } from "probot";
import { createFirebreak, signingKeysFrom } from "../index.js";
import type { Iso } from "../domain/time.js";
import { type SweepLog, type SweepOptions, type SweepStats, sweepRepository } from "../sweep/sweep.js";
import { type ActionConfig, readActionConfig } from "./inputs.js";
import {
  budgetWarning,
  errorAnnotation,
  escapeCommandData,
  eventSummary,
  sweepLogLine,
  sweepSummary,
} from "./summary.js";

/** One Actions run of Firebreak: a sweep (`schedule`, `workflow_dispatch`) or one event handled as the server would. */

export interface ActionDeps {
  /** Prints one line to the job's log (default: stdout, where the runner reads workflow commands). */
  out?: (line: string) => void;
  now?: () => Date;
  sweep?: (options: SweepOptions) => Promise<SweepStats>;
}

type Out = (line: string) => void;

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** Probot's log level: LOG_LEVEL as for the server, debug when the run is re-run with debug logging, else info. */
function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const wanted = env.LOG_LEVEL?.trim().toLowerCase();
  if (wanted && (LOG_LEVELS as readonly string[]).includes(wanted)) return wanted as LogLevel;
  return env.RUNNER_DEBUG === "1" ? "debug" : "info";
}

/** Runs the step; resolves to its exit code, never rejects (a failure is an `::error::` line and 1). */
export async function runAction(env: NodeJS.ProcessEnv, deps: ActionDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  try {
    const config = readActionConfig(env);
    if (config.kind === "ignored") {
      out(`Firebreak does nothing on ${config.eventName} events (see action.yml); skipped.`);
      return 0;
    }
    const probot = new Probot({ githubToken: config.token, baseUrl: config.baseUrl, logLevel: logLevel(env) });
    if (config.kind === "sweep") await runSweep(probot, config, env, deps, out);
    else await handleEvent(probot, config, out);
    return 0;
  } catch (error) {
    out(errorAnnotation(error));
    return 1;
  }
}

async function runSweep(probot: Probot, config: ActionConfig, env: NodeJS.ProcessEnv, deps: ActionDeps, out: Out) {
  const repository = `${config.owner}/${config.repo}`;
  const now = (deps.now?.() ?? new Date()).toISOString() as Iso;
  out(`Firebreak: sweeping ${repository} as of ${now}${config.dryRun ? " (dry run)" : ""}`);
  const keys = signingKeysFrom({ signingKey: config.signingKey, previousSigningKeys: config.previousSigningKeys }, env);
  const stats = await (deps.sweep ?? sweepRepository)({
    octokit: await probot.auth(),
    owner: config.owner,
    repo: config.repo,
    now,
    keys,
    appLogin: config.appLogin,
    log: sweepLog(out),
    dryRun: config.dryRun,
    budget: config.budget,
  });
  const context = { repository, dryRun: config.dryRun, budget: config.budget };
  out(sweepLogLine(stats, context));
  for (const write of stats.wouldWrite) out(`  would write: ${write}`);
  const warning = budgetWarning(stats, config.budget);
  if (warning) out(warning);
  await appendSummary(config, sweepSummary(stats, context));
}

/** The sweep's log as workflow commands: warnings become annotations, debug lines show in debug re-runs. */
function sweepLog(out: Out): SweepLog {
  return {
    info: (message) => out(message),
    warn: (message) => out(`::warning::${escapeCommandData(message)}`),
    debug: (message) => out(`::debug::${escapeCommandData(message)}`),
  };
}

async function handleEvent(probot: Probot, config: ActionConfig, out: Out) {
  const payload = JSON.parse(await readFile(config.eventPath as string, "utf8")) as Record<string, unknown>;
  // The handlers have no dry run: write nothing rather than half of what they would.
  if (config.dryRun) {
    out(`Firebreak: dry run, so the ${config.eventName} event is not handled.`);
    return;
  }
  await probot.load(
    createFirebreak({
      appLogin: config.appLogin,
      signingKey: config.signingKey,
      previousSigningKeys: config.previousSigningKeys,
    }),
  );
  // Rejects when a handler failed (Probot has logged it), which fails the step.
  await probot.receive({ id: config.runId, name: config.eventName, payload } as Parameters<Probot["receive"]>[0]);
  const summary = eventSummary(config.eventName, payload, `${config.owner}/${config.repo}`);
  out(summary.replace(/^### /, "").trim());
  await appendSummary(config, summary);
}

/** The job's summary page (GITHUB_STEP_SUMMARY), when the runner provides one. */
async function appendSummary(config: ActionConfig, markdown: string): Promise<void> {
  if (config.summaryPath) await appendFile(config.summaryPath, markdown);
}
