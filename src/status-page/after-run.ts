import type { IncidentConfig } from "../config/schema.js";
import { factsFromRecord, factsOf } from "../domain/facts-of.js";
import type { IncidentState } from "../domain/fold.js";
import { FACTS_RECORD } from "../domain/incident-facts.js";
import { readEmbeddedRecords, type SigningKeys } from "../domain/markers.js";
import type { Iso } from "../domain/time.js";
import type { Octokit } from "../github/octokit/index.js";
import { refreshStatusPage } from "./publish.js";
import { publicView } from "./render.js";

/**
 * The status page after an incident's run: refreshed when the run changed what the page shows of the incident
 * (declared, severity, phase, a public update, resolved, reopened, its title or type), compared between the facts
 * the issue held before the run and the facts the run wrote. Any other run costs no request. A refresh that fails
 * is logged, never failing the run: the next sweep refreshes the page anyway.
 */

/** Called by the runner after the run's writes: the issue body as read before them, and the state they show. */
export type StatusPageAfterRun = (config: IncidentConfig, bodyBefore: string, after: IncidentState) => Promise<void>;

export function statusPageAfterRun(
  octokit: Octokit,
  incident: { owner: string; repo: string; number: number },
  options: { keys: SigningKeys; now: Iso; log: { warn(message: string): void; info(message: string): void } },
): StatusPageAfterRun {
  const { owner, repo, number } = incident;
  const scope = `${owner}/${repo}#${number}`;
  return async (config, bodyBefore, after) => {
    if (!config.statusPage.publish) return;
    const [data] = readEmbeddedRecords(bodyBefore, FACTS_RECORD, scope, options.keys);
    const before = data && factsFromRecord(data, number);
    if (publicView(before, config) === publicView(factsOf(number, after, [], config), config)) return;
    try {
      const outcome = await refreshStatusPage(
        octokit,
        { owner, repo },
        { config, keys: options.keys, now: options.now },
      );
      options.log.info(`[${scope}] status page ${outcome}`);
    } catch (error) {
      options.log.warn(
        `[${scope}] the status page could not be refreshed (the next sweep will): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}
