import { factsFromRecord } from "../domain/facts-of.js";
import { FACTS_RECORD } from "../domain/incident-facts.js";
import { INCIDENT_LABEL, type LabelDefinition } from "../domain/labels.js";
import { readEmbeddedRecords, type RecordData, type SigningKeys } from "../domain/markers.js";
import {
  type AffectedService,
  type Change,
  codeownersServices,
  directPushes,
  rankSuspects,
  type Suspect,
} from "../domain/suspects.js";
import { addMs, type Iso } from "../domain/time.js";
import { statusOf } from "../github/octokit/errors.js";
import type { BranchCommit, DeploymentSummary, GitHubPorts, PullSummary } from "../github/port.js";
import { renderSuspectList, renderSuspectNotice, renderSuspectReply } from "../render/suspects.js";

/**
 * The I/O of suspect changes: a handful of reads whatever the repository's size (a page of recently updated
 * pull requests, a page of the default branch's commits, of releases and of deployments, the latest status of
 * the newest deployments, and files only for the newest candidates and the newest deployments), ranked by the pure
 * `rankSuspects`.
 */

export interface SuspectQuery {
  reference: Iso;
  referenceName: "impact started" | "detection";
  windowMs: number;
  windowText: string;
  /** Services the config names for the incident, and the names a CODEOWNERS section may carry. */
  services: AffectedService[];
  sectionNames: string[];
  codeowners: string;
  highlightPaths: string[];
  productionEnvironments: string[];
  shown: number;
  timeZone: string;
}

/** Pull requests (and pushes) whose files are read: the newest, since a change's files decide its rank. */
const FILES_READ = 8;
/** Pages of recently updated closed pull requests at most (a busy window is cut, and says so). */
const PULL_PAGES = 3;
/** Deployments whose latest status is read. */
const DEPLOYMENTS_READ = 5;
/** Deployments (the newest to each environment) whose shipped files are read, one compare each. */
const DEPLOYMENTS_COMPARED = 2;
/** Changes the record keeps: the dashboard shows `shown` of them, the post-mortem's timeline all. */
const RECORDED = 30;
const FILES_RECORDED = 20;

export interface SuspectLookup {
  body: string;
  record: RecordData;
}

export async function lookUpSuspects(
  query: SuspectQuery,
  ports: GitHubPorts,
  defaultBranch: string,
): Promise<SuspectLookup> {
  const { changes, contents } = ports;
  const since = addMs(query.reference, -query.windowMs);
  const until = query.reference;
  const unread: string[] = [];
  // A source the app may not read (a 403 without the `deployments` permission, say) is left out and said.
  const read = <T>(what: string, promise: Promise<T>, none: T): Promise<T> =>
    promise.catch((error: unknown) => {
      if (statusOf(error) !== 403 && statusOf(error) !== 404) throw error;
      unread.push(what);
      return none;
    });
  const [pulls, commits, releases, deployments, codeowners] = await Promise.all([
    changes.mergedPulls(defaultBranch, since, until, PULL_PAGES),
    read("commits", changes.branchCommits(defaultBranch, since, until), []),
    read("releases", changes.releases(since, until), []),
    read("deployments", changes.deployments(since, until, DEPLOYMENTS_READ), []),
    query.codeowners ? contents.readFile(query.codeowners) : undefined,
  ]);
  const pushes = directPushes(commits, new Set(pulls.flatMap((pull) => pull.mergeCommitSha ?? [])));
  const landed: Change[] = [...pulls.map(pullChange), ...pushes.map(pushChange)];
  const [, shipped] = await Promise.all([readFilesOfNewest(landed, ports), readShipped(deployments, ports)]);
  const bySha = new Map(landed.flatMap((change) => (change.sha ? [[change.sha, change] as const] : [])));
  const all: Change[] = [
    ...landed,
    ...releases.map((release) => ({ kind: "release" as const, ...release, title: release.name })),
    ...deployments.map((deployment) =>
      deploymentChange(deployment, bySha.get(deployment.sha), shipped.get(deployment.id)),
    ),
  ];
  const services = [...query.services, ...servicesFromCodeowners(codeowners, query)];
  const ranked = rankSuspects(all, { ...query, services });
  return {
    body: renderSuspectList(ranked, { ...query, unread, counts: countOf(all) }),
    record: {
      reference: query.reference,
      referenceName: query.referenceName,
      window: query.windowText,
      services: services.map((service) => service.name),
      suspects: ranked.slice(0, RECORDED).map(recorded),
    },
  };
}

function pullChange(pull: PullSummary): Change {
  return {
    kind: "pull",
    number: pull.number,
    ...(pull.mergeCommitSha ? { sha: pull.mergeCommitSha } : {}),
    title: pull.title,
    author: pull.author,
    at: pull.mergedAt ?? pull.closedAt ?? "",
    url: pull.url,
  };
}

function pushChange(commit: BranchCommit): Change {
  const { sha, author, at, url } = commit;
  return { kind: "push", sha, title: firstLine(commit.message), ...(author ? { author } : {}), at, url };
}

/** A deployment shows the files it shipped when they were compared, else those of its change if listed. */
function deploymentChange(
  deployment: DeploymentSummary,
  deployed: Change | undefined,
  shipped: string[] | undefined,
): Change {
  const what = deployed?.kind === "pull" ? `#${deployed.number}` : deployment.sha.slice(0, 7);
  return {
    kind: "deployment",
    number: deployment.id,
    sha: deployment.sha,
    title: deployment.description ? `${deployment.description} (${what})` : `Deploy of ${what}`,
    ...(deployment.creator ? { author: deployment.creator } : {}),
    at: deployment.at,
    url: deployment.url,
    environment: deployment.environment,
    state: deployment.state,
    ...(shipped ? { files: shipped } : deployed?.files ? { files: deployed.files } : {}),
  };
}

/**
 * What the newest deployment to each environment shipped: the files changed since the deployment before it there,
 * so a deploy of several changes, or of one merged before the window, still matches the service's paths. One
 * compare each, for at most `DEPLOYMENTS_COMPARED`, so the cost stays bounded. A deployment with none before it on
 * the page (or of the same commit, or one GitHub no longer knows: 404) is left to its change's files.
 */
async function readShipped(
  deployments: readonly DeploymentSummary[],
  ports: GitHubPorts,
): Promise<Map<number, string[]>> {
  const environments = new Set<string>();
  // Newest first: the first of each environment is its newest.
  const newest = deployments.filter((deployment) => {
    const first = !environments.has(deployment.environment);
    environments.add(deployment.environment);
    return first;
  });
  const compared = newest
    .flatMap(({ id, sha, previousSha }) => (previousSha && previousSha !== sha ? [{ id, sha, previousSha }] : []))
    .slice(0, DEPLOYMENTS_COMPARED);
  const read = await Promise.all(
    compared.map(async ({ id, sha, previousSha }) => {
      const files = await ports.changes.comparedFiles(previousSha, sha).catch((error: unknown) => {
        if (statusOf(error) !== 404) throw error;
        return undefined;
      });
      return files ? [[id, files] as const] : [];
    }),
  );
  return new Map(read.flat());
}

/** The files of the newest pull requests and pushes, read at once: the rest rank by time alone. */
async function readFilesOfNewest(landed: Change[], ports: GitHubPorts): Promise<void> {
  const newest = [...landed].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, FILES_READ);
  await Promise.all(
    newest.map(async (change) => {
      if (change.kind === "pull" && change.number) change.files = await ports.pulls.pullFiles(change.number);
      else if (change.kind === "push" && change.sha) change.files = await ports.changes.commitFiles(change.sha);
    }),
  );
}

function servicesFromCodeowners(text: string | undefined, query: SuspectQuery): AffectedService[] {
  if (!text) return [];
  const configured = new Set(query.services.map((service) => service.name));
  const names = new Set(query.sectionNames.filter((name) => !configured.has(name)));
  return codeownersServices(text, names);
}

function countOf(changes: readonly Change[]): Record<Change["kind"], number> {
  const counts = { pull: 0, push: 0, release: 0, deployment: 0 };
  for (const change of changes) counts[change.kind]++;
  return counts;
}

function recorded(suspect: Suspect): RecordData {
  const { files, ...rest } = suspect;
  return { ...rest, ...(files?.length ? { files: files.slice(0, FILES_RECORDED) } : {}) };
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}

/** What a `/suspect` needs to tell the pull request's author and to find an earlier fix of the same files. */
export interface SuspectNoticeRequest {
  pull: number;
  by: string;
  incident: { number: number; id: string; title: string; url: string; declared: Iso };
  repeatWindowMs: number;
  /** Where post-mortems are kept (`postmortem.folder`): the earlier incident's is linked. */
  postmortemFolder: string;
  label?: LabelDefinition;
}

const FILES_NOTED = 100;

/**
 * Reads the pull request and its files, finds an earlier incident whose fix changed the same files, comments once
 * on the pull request (its author the only live mention) and labels it; returns the reply that records it all.
 */
export async function noticeSuspect(
  request: SuspectNoticeRequest,
  ports: GitHubPorts,
  keys: SigningKeys,
): Promise<SuspectLookup> {
  const pull = await ports.pulls.getPull(request.pull).catch((error: unknown) => {
    if (statusOf(error) === 404) return undefined;
    throw error;
  });
  if (!pull) return { body: renderSuspectReply(request, undefined), record: { pull: request.pull } };
  const files = (await ports.pulls.pullFiles(pull.number)).slice(0, FILES_NOTED);
  const repeat = await earlierFixOf(files, request, ports, keys);
  await ports.issues.createComment(pull.number, renderSuspectNotice(pull, request));
  if (request.label) {
    await ports.issues.ensureLabels([request.label]);
    await ports.issues.addLabels(pull.number, [request.label.name]);
  }
  const record = { pull: pull.number, title: pull.title, url: pull.url, files, ...(repeat ? { repeat } : {}) };
  return { body: renderSuspectReply(request, { pull, repeat }), record };
}

/** The latest earlier incident, declared within the repeat window, whose fix changed some of these files. */
async function earlierFixOf(
  files: readonly string[],
  request: SuspectNoticeRequest,
  ports: GitHubPorts,
  keys: SigningKeys,
): Promise<RecordData | undefined> {
  if (!files.length) return undefined;
  const since = addMs(request.incident.declared, -request.repeatWindowMs);
  const { owner, repo } = ports.issues;
  const incidents = await ports.issues.listLabelledSince(INCIDENT_LABEL, since);
  const mine = new Set(files);
  const earlier = incidents
    .filter((issue) => issue.number !== request.incident.number)
    .flatMap((issue) => {
      const [data] = readEmbeddedRecords(issue.body, FACTS_RECORD, `${owner}/${repo}#${issue.number}`, keys);
      const facts = data && factsFromRecord(data, issue.number);
      const shared = (facts?.fixFiles ?? []).filter((file) => mine.has(file));
      return facts && shared.length && facts.declared < request.incident.declared && facts.declared >= since
        ? [{ facts, shared }]
        : [];
    })
    .sort((a, b) => (a.facts.declared < b.facts.declared ? 1 : -1));
  const latest = earlier[0];
  if (!latest) return undefined;
  return {
    number: latest.facts.number,
    ...(latest.facts.id ? { id: latest.facts.id } : {}),
    files: latest.shared,
    // Where the merged post-mortem is on the default branch (`HEAD` names it in GitHub's URLs).
    ...(latest.facts.id && latest.facts.postmortem
      ? {
          postmortem: `${request.incident.url.replace(/\/issues\/\d+$/, "")}/blob/HEAD/${request.postmortemFolder}/${latest.facts.id}.md`,
        }
      : {}),
  };
}
