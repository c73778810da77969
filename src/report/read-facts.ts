import type { IncidentFacts } from "../domain/incident-facts.js";
import { FACTS_RECORD } from "../domain/incident-facts.js";
import { factsFromRecord } from "../domain/facts-of.js";
import { INCIDENT_LABEL } from "../domain/labels.js";
import { readEmbeddedRecords, type SigningKeys } from "../domain/markers.js";
import type { Octokit } from "../github/octokit/index.js";

/**
 * The facts of every incident opened and declared from `from` on, read from the issue list (a page per 100
 * incidents; an issue opened before `from` and declared an incident after it is not read): each
 * incident keeps them, signed for its own issue, in its dashboard. No timeline is read again. An incident whose
 * facts are missing or do not verify (its body edited by hand) is left out until its next run writes them again.
 */
export async function readIncidentFacts(
  octokit: Octokit,
  where: { owner: string; repo: string },
  from: string,
  keys: SigningKeys,
): Promise<IncidentFacts[]> {
  // Every incident declared since `from` has changed since then (its declaration did), and was opened no later
  // than it was declared: newest first, the listing stops at the first page opened before `from`. So the cost
  // follows the window's incidents, never the repository's history.
  const issues = await octokit.paginate(
    octokit.rest.issues.listForRepo,
    { ...where, labels: INCIDENT_LABEL, state: "all", since: from, sort: "created", direction: "desc", per_page: 100 },
    (response, done) => {
      if (response.data.some((issue) => issue.created_at < from)) done();
      return response.data;
    },
  );
  const facts = signedFacts(issues, where, keys).filter((read) => read.declared >= from);
  return facts.sort((a, b) => (a.declared < b.declared ? -1 : a.declared > b.declared ? 1 : a.number - b.number));
}

/**
 * The facts of every open incident, however long ago it was declared (a page per 100 open incidents): an
 * incident open for months is still in progress, though no window of recent activity lists it.
 */
export async function readOpenIncidentFacts(
  octokit: Octokit,
  where: { owner: string; repo: string },
  keys: SigningKeys,
): Promise<IncidentFacts[]> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...where,
    labels: INCIDENT_LABEL,
    state: "open",
    per_page: 100,
  });
  return signedFacts(issues, where, keys);
}

function signedFacts(
  issues: readonly { number: number; body?: string | null; pull_request?: unknown }[],
  where: { owner: string; repo: string },
  keys: SigningKeys,
): IncidentFacts[] {
  return issues.flatMap((issue) => {
    if (issue.pull_request) return [];
    const scope = `${where.owner}/${where.repo}#${issue.number}`;
    const [data] = readEmbeddedRecords(issue.body ?? "", FACTS_RECORD, scope, keys);
    const read = data && factsFromRecord(data, issue.number);
    return read ? [read] : [];
  });
}
