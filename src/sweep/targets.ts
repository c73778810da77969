import { ACTION_ITEM_LABEL } from "../domain/action-items.js";
import { INCIDENT_LABEL } from "../domain/labels.js";
import { readEmbeddedRecords, type SigningKeys } from "../domain/markers.js";
import type { Octokit } from "../github/octokit/index.js";
import { POSTMORTEM_LABEL } from "../pipeline/postmortem-writes.js";

/**
 * What a sweep visits, found by label and never by reading history: open incidents, and resolved ones whose
 * post-mortem pull request or action items are still open (found through the app's own records in the bodies
 * of the pull requests and items it opened). A repository with 10,000 closed incidents costs what its open
 * ones do: one listing per 100 of each.
 */

export interface SweepTarget {
  number: number;
  /** When it last changed: the least recently touched are swept first, so a spent budget leaves the freshest. */
  updatedAt: string;
}

interface Listed {
  number: number;
  updated_at: string;
  body?: string | null;
  pull_request?: unknown;
  user: { login: string } | null;
}

export async function sweepTargets(
  octokit: Octokit,
  where: { owner: string; repo: string },
  appLogin: string,
  keys: SigningKeys,
): Promise<SweepTarget[]> {
  const list = (labels: string, creator?: string) =>
    octokit.paginate(octokit.rest.issues.listForRepo, {
      ...where,
      state: "open",
      labels,
      per_page: 100,
      ...(creator ? { creator } : {}),
    }) as Promise<Listed[]>;
  const [incidents, postmortems, items] = await Promise.all([
    list(INCIDENT_LABEL),
    list(POSTMORTEM_LABEL.name, appLogin),
    list(ACTION_ITEM_LABEL, appLogin),
  ]);
  const targets = new Map<number, SweepTarget>();
  for (const issue of incidents)
    if (!issue.pull_request) targets.set(issue.number, { number: issue.number, updatedAt: issue.updated_at });
  const scope = `${where.owner}/${where.repo}`;
  for (const [kind, found] of [
    ["postmortem", postmortems],
    ["action-item", items],
  ] as const) {
    for (const made of found) {
      const incident = readEmbeddedRecords(made.body ?? "", kind, scope, keys)
        .map((data) => data.incident)
        .find((n): n is number => typeof n === "number" && Number.isInteger(n));
      if (incident && !targets.has(incident)) targets.set(incident, { number: incident, updatedAt: made.updated_at });
    }
  }
  return [...targets.values()].sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0));
}
