import type { Probot } from "probot";
import type { AppRuntime } from "../handlers/incident-run.js";
import type { Octokit } from "../github/octokit/index.js";
import { describeSweep, sweepRepository } from "./sweep.js";

/**
 * The server's own sweeps (`FIREBREAK_SWEEP_INTERVAL`), so a team without Actions loses nothing: every
 * installation's repositories, each incident under the same per-issue lock as webhooks. A sweep still running
 * when the next is due is not doubled; errors are logged and the next sweep tries again.
 */
export function startServerSweeps(
  app: Probot,
  runtime: AppRuntime,
  every: { intervalMs: number; now: () => string },
): { stop(): void } {
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    sweepInstallations(app, runtime, every.now)
      .catch((error: unknown) => app.log.error({ err: error }, "server sweep failed; the next one tries again"))
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, every.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

async function sweepInstallations(app: Probot, runtime: AppRuntime, now: () => string): Promise<void> {
  const appOctokit = await app.auth();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  const appLogin = await runtime.appLogin();
  for (const installation of installations) {
    const octokit = (await app.auth(installation.id)) as Octokit;
    const repositories = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
      per_page: 100,
    });
    for (const repository of repositories) {
      if (repository.archived) continue;
      const stats = await sweepRepository({
        octokit,
        owner: repository.owner.login,
        repo: repository.name,
        defaultBranch: repository.default_branch,
        now: now(),
        keys: runtime.keys,
        appLogin,
        log: app.log,
        configCache: runtime.configCache,
        locks: runtime.locks,
      });
      app.log.debug(`${repository.full_name}: ${describeSweep(stats)}`);
    }
  }
}
