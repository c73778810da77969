import type { RecordData } from "./markers.js";
import { userCodeSpanText } from "./mentions.js";
import { formatDuration, msBetween, type Iso } from "./time.js";

/**
 * "What changed?": the changes that landed before an incident's impact began (pull requests merged into the
 * default branch, direct pushes, releases, deployments), ranked by how likely each is to matter. Pure: the
 * runner reads the changes (`ChangesPort`), this module ranks them and says why, and the app's record keeps the
 * ranked list, so the dashboard and the post-mortem show it without reading GitHub again.
 */

type ChangeKind = "pull" | "push" | "release" | "deployment";

export interface Change {
  kind: ChangeKind;
  /** The pull request's number (a pull), or the deployment's id. */
  number?: number;
  /** The merge commit, pushed commit, released or deployed commit. */
  sha?: string;
  title: string;
  author?: string;
  /** When it landed: merged, pushed, published, or the deployment's latest status. */
  at: Iso;
  url: string;
  /**
   * The files it changed, when they were read (only for the top candidates); a deployment's are those it shipped
   * since the deployment before it to its environment, else its commit's.
   */
  files?: string[];
  /** A deployment's environment and its latest status (`success`, `failure`, `in_progress` …). */
  environment?: string;
  state?: string;
}

export interface Suspect extends Change {
  score: number;
  /** Why it is listed, for people: "touches `services/checkout/**`", "deployed to production 12 min before detection". */
  reasons: string[];
  /** The files that made it rank (the service's, the runbook's), at most a few. */
  matched: string[];
}

/** The services an incident affects, with the globs of their paths. */
export interface AffectedService {
  name: string;
  paths: string[];
}

export interface RankContext {
  /** When the impact started (else when it was detected): the window ends here. */
  reference: Iso;
  referenceName: "impact started" | "detection";
  windowMs: number;
  services: readonly AffectedService[];
  highlightPaths: readonly string[];
  productionEnvironments: readonly string[];
}

const MATCHED_SHOWN = 5;

/** The changes ranked: the affected service's paths first, then the runbook's files and the latest production deploy. */
export function rankSuspects(changes: readonly Change[], ctx: RankContext): Suspect[] {
  const latestProduction = changes
    .filter((change) => isProductionDeployment(change, ctx) && change.at <= ctx.reference)
    .sort(byNewest)[0];
  return changes
    .map((change) => judge(change, ctx, change === latestProduction))
    .sort((a, b) => b.score - a.score || byNewest(a, b));
}

/** One reason a change is listed, the points it earns, and the files that made it. */
interface Finding {
  points: number;
  reason: string;
  files?: string[];
}

function judge(change: Change, ctx: RankContext, latestProduction: boolean): Suspect {
  const findings = [...pathFindings(change.files ?? [], ctx), ...deploymentFindings(change, ctx, latestProduction)];
  const score = findings.reduce((sum, finding) => sum + finding.points, recency(change, ctx));
  const matched = [...new Set(findings.flatMap((finding) => finding.files ?? []))].slice(0, MATCHED_SHOWN);
  return { ...change, score: Math.round(score), reasons: findings.map((finding) => finding.reason), matched };
}

/** The affected services' paths it touches, and a file the runbook names. */
function pathFindings(files: readonly string[], ctx: RankContext): Finding[] {
  const findings: Finding[] = [];
  for (const service of ctx.services) {
    const hit = firstMatch(files, service.paths);
    if (hit)
      findings.push({
        points: 100,
        reason: `touches \`${userCodeSpanText(hit.pattern)}\` (${service.name})`,
        files: hit.files,
      });
  }
  const named = firstMatch(files, ctx.highlightPaths);
  if (named)
    findings.push({
      points: 60,
      reason: `changes \`${userCodeSpanText(named.files[0] ?? "")}\`, a file the runbook names`,
      files: named.files,
    });
  return findings;
}

/** A deployment to production (the latest one before the reference most), and a failed one. */
function deploymentFindings(change: Change, ctx: RankContext, latestProduction: boolean): Finding[] {
  if (change.kind !== "deployment") return [];
  const findings: Finding[] = [];
  if (isProductionDeployment(change, ctx)) {
    const before = formatDuration(Math.max(0, msBetween(change.at, ctx.reference)));
    const when = change.at <= ctx.reference ? `${before} before ${ctx.referenceName}` : `after ${ctx.referenceName}`;
    const what = latestProduction ? "the latest deployment" : "deployed";
    findings.push({ points: latestProduction ? 80 : 20, reason: `${what} to ${change.environment} ${when}` });
  }
  if (change.state && FAILED.has(change.state)) findings.push({ points: 0, reason: `deployment ${change.state}` });
  return findings;
}

const FAILED = new Set(["failure", "error"]);

/** Up to 30 points for landing right before the reference, falling to none at the window's start. */
function recency(change: Change, ctx: RankContext): number {
  const age = msBetween(change.at, ctx.reference);
  if (age < 0 || ctx.windowMs <= 0) return 0;
  return 30 * Math.max(0, 1 - age / ctx.windowMs);
}

function isProductionDeployment(change: Change, ctx: Pick<RankContext, "productionEnvironments">): boolean {
  const environment = change.environment?.toLowerCase();
  return (
    change.kind === "deployment" &&
    environment !== undefined &&
    ctx.productionEnvironments.some((name) => name.toLowerCase() === environment)
  );
}

function byNewest(a: Change, b: Change): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : 0;
}

/** The first pattern some file matches, and the files it matches. */
function firstMatch(
  files: readonly string[],
  patterns: readonly string[],
): { pattern: string; files: string[] } | undefined {
  for (const pattern of patterns) {
    const matcher = globMatcher(pattern);
    const hits = files.filter((file) => matcher.test(file));
    if (hits.length) return { pattern, files: hits };
  }
  return undefined;
}

const matchers = new Map<string, RegExp>();

/**
 * A path glob as CODEOWNERS and `.gitignore` read it: `*` within a segment, `**` across segments, a leading `/`
 * anchors at the root, a trailing `/` means everything below, and a pattern without a `/` matches at any depth.
 */
export function globMatcher(pattern: string): RegExp {
  const known = matchers.get(pattern);
  if (known) return known;
  let glob = pattern.trim();
  if (glob.endsWith("/")) glob += "**";
  glob = glob.startsWith("/") ? glob.slice(1) : glob.includes("/") ? glob : `**/${glob}`;
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? "";
    if (glob.startsWith("**/", i)) {
      source += "(?:.*/)?";
      i += 2;
    } else if (glob.startsWith("**", i)) {
      source += ".*";
      i += 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // A directory pattern also matches what is inside it.
  const matcher = new RegExp(`^${source}(?:/.*)?$`);
  matchers.set(pattern, matcher);
  return matcher;
}

/** The incident's services: those whose labels it carries, whose key is its type, or whose name its title says. */
export function affectedServices(
  services: Readonly<Record<string, { paths: readonly string[]; labels: readonly string[] }>>,
  incident: { labels: readonly string[]; type?: string; title: string; summary?: string },
): AffectedService[] {
  const labels = new Set(incident.labels.map((label) => label.toLowerCase()));
  const words = new Set(`${incident.title} ${incident.summary ?? ""}`.toLowerCase().split(/[^a-z0-9-]+/));
  return Object.entries(services)
    .filter(
      ([name, service]) =>
        name === incident.type || words.has(name) || service.labels.some((label) => labels.has(label.toLowerCase())),
    )
    .map(([name, service]) => ({ name, paths: [...service.paths] }));
}

/**
 * Services from CODEOWNERS sections: a comment line naming a section (`# checkout`, `# Service: checkout`)
 * starts one, and the paths below it, up to the next section, are its own. Only the names asked for are kept.
 */
export function codeownersServices(text: string, names: ReadonlySet<string>): AffectedService[] {
  const found = new Map<string, string[]>();
  let current: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^#+\s*(?:(?:section|service)\s*:\s*)?\[?([A-Za-z0-9][\w-]*)\]?\s*$/i.exec(line);
    if (header) current = (header[1] ?? "").toLowerCase();
    else if (line && !line.startsWith("#") && current && names.has(current)) {
      const pattern = line.split(/\s+/)[0];
      if (pattern) found.set(current, [...(found.get(current) ?? []), pattern]);
    }
  }
  return [...found].map(([name, paths]) => ({ name, paths }));
}

/** Direct pushes: commits of the default branch's first-parent line that no merged pull request made. */
export function directPushes<C extends { sha: string; parents: string[] }>(
  commits: readonly C[],
  mergeShas: ReadonlySet<string>,
): C[] {
  const bySha = new Map(commits.map((commit) => [commit.sha, commit]));
  const line: C[] = [];
  for (let commit = commits[0]; commit; commit = bySha.get(commit.parents[0] ?? "")) {
    if (line.includes(commit)) break;
    line.push(commit);
  }
  // A merge commit is a pull request's; a commit without parents is the repository's creation, not a change.
  return line.filter((commit) => !mergeShas.has(commit.sha) && commit.parents.length === 1);
}

/** How a change reads on the timeline: "PR #4211 merged", "deployment to production succeeded". */
export function changeEvent(change: Change): string {
  switch (change.kind) {
    case "pull":
      return `PR #${change.number ?? "?"} merged: ${change.title}`;
    case "push":
      return `Pushed ${change.sha?.slice(0, 7) ?? ""} to the default branch: ${change.title}`;
    case "release":
      return `Release ${change.title} published`;
    case "deployment":
      return `Deployment to ${change.environment ?? "an environment"} ${DEPLOYMENT_WORDS[change.state ?? ""] ?? change.state ?? "created"}`;
  }
}

const DEPLOYMENT_WORDS: Record<string, string> = {
  success: "succeeded",
  failure: "failed",
  error: "errored",
  in_progress: "in progress",
  queued: "queued",
  pending: "pending",
  inactive: "superseded",
};

/** The identity of a change across lists: a refreshed list does not repeat a change on the timeline. */
export function changeId(change: Pick<Change, "kind" | "number" | "sha" | "title">): string {
  return `${change.kind}:${change.number ?? change.sha ?? change.title}`;
}

/** Suspects read back from a record: checked field by field, since records outlive code versions. */
export function suspectsFromRecord(value: unknown): Suspect[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: RecordData) => {
    const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);
    const kind = KINDS.find((known) => known === item?.kind);
    const at = text(item?.at);
    const url = text(item?.url);
    if (!kind || !at || !url) return [];
    const number = typeof item.number === "number" && Number.isInteger(item.number) ? item.number : undefined;
    return [
      {
        kind,
        at,
        url,
        title: text(item.title) ?? "",
        score: typeof item.score === "number" ? item.score : 0,
        reasons: strings(item.reasons),
        matched: strings(item.matched),
        files: strings(item.files),
        ...(number !== undefined ? { number } : {}),
        ...(text(item.sha) ? { sha: text(item.sha) } : {}),
        ...(text(item.author) ? { author: text(item.author) } : {}),
        ...(text(item.environment) ? { environment: text(item.environment) } : {}),
        ...(text(item.state) ? { state: text(item.state) } : {}),
      },
    ];
  });
}

const KINDS: readonly ChangeKind[] = ["pull", "push", "release", "deployment"];
