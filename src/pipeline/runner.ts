import path from "node:path";
import merge from "deepmerge";
import { loadIncidentConfig, type ConfigContext } from "../config/load.js";
import type { ConfigCache } from "../config/cache.js";
import { defaultConfig } from "../config/defaults.js";
import { ConfigError, type ParseResult } from "../config/parse.js";
import type { IncidentConfig } from "../config/schema.js";
import type { IncidentState } from "../domain/fold.js";
import type { IssueHistory, Person } from "../domain/history.js";
import { appComments, FOLLOW_UP_RECORD_KINDS, type RecordReader } from "../domain/inputs.js";
import { digest, readEmbeddedRecords, readTrailingRecord, renderRecord, type SigningKeys } from "../domain/markers.js";
import { FACTS_RECORD } from "../domain/incident-facts.js";
import type { Iso } from "../domain/time.js";
import type { PermissionLevel } from "../domain/vocabulary.js";
import { octokitPorts, type Octokit } from "../github/octokit/index.js";
import type { IncidentIdClaims } from "../github/octokit/refs.js";
import { withConditionalReads } from "../github/octokit/conditional.js";
import { withSecondaryLimitRetry, type SecondaryLimitOptions } from "../github/octokit/secondary-limits.js";
import { type GitHubPorts, IssueMoved, TransferRefused } from "../github/port.js";
import { TemplateError, type TemplateOverrides } from "../render/environment.js";
import { loadTemplateOverrides, templateConfigError } from "../render/overrides.js";
import { renderConfigError, renderMovedPlaceholder } from "../render/views.js";
import { type StatusPageAfterRun, statusPageAfterRun } from "../status-page/after-run.js";
import type { KeyedLock } from "../handlers/issue-locks.js";
import { configNoteText, reconcileConfigIssue, withUnsetChannels } from "./config-issue.js";
import { doneKeys, type Effect } from "./effects.js";
import { execute, type ExecuteOptions, type ExecutionStats, noStats } from "./executor.js";
import { readLiveItems } from "./live-items.js";
import {
  type IncidentPlan,
  loginsToLookUp,
  planIncident,
  type PlanContext,
  type PlannedMove,
  type Trigger,
} from "./plan.js";
import { leavePlaceholder, type Moved, movedRecord } from "./move.js";

/**
 * One run for one incident issue, needing no webhook: load the config, read the issue and its timeline, look
 * up the permissions the plan needs, plan, execute. Webhook handlers call it with the event's time; sweeps,
 * the command line and the Actions entry point will call it with `now`.
 */

interface RunLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  child?(bindings: Record<string, unknown>): RunLog;
}

export interface RunOnPorts {
  ports: GitHubPorts;
  /** Reads and checks `.github/incident.yml` (Probot's config loading: `_extends`, the org's `.github`). */
  loadConfig: () => Promise<ParseResult>;
  /**
   * Where the loaded config and templates are kept between runs (see `ConfigCache`); read every run without it.
   * The load is given the last valid configuration, to go on with when the file is broken.
   */
  cached?: (load: (lastValid?: () => LoadedConfig | undefined) => Promise<LoadedConfig>) => Promise<LoadedConfig>;
  /** Serialises writes of the repository's config issue (the app's per-repository lock); none without it. */
  locks?: Pick<KeyedLock, "run">;
  issueNumber: number;
  defaultBranch: string;
  now: Iso;
  trigger?: Trigger;
  log: RunLog;
  keys: SigningKeys;
  appLogin: string;
  dryRun?: boolean;
  budget?: number;
  /** Refreshes the public status page after the run's writes, if they changed it (`runIncident` supplies it). */
  statusPage?: StatusPageAfterRun;
}

export interface RunResult {
  state?: IncidentState;
  stats: ExecutionStats;
  configError?: ConfigError;
  /** The issue is now in the private repository (a security incident): its run there follows. */
  moved?: Moved;
}

export function recordReader(keys: SigningKeys, owner: string, repo: string, issueNumber: number): RecordReader {
  return {
    trailing: (body) => readTrailingRecord(body, `${owner}/${repo}#${issueNumber}`, keys),
    embedded: (body, kind) => readEmbeddedRecords(body, kind, `${owner}/${repo}`, keys),
  };
}

export async function runIncidentOnPorts(options: RunOnPorts): Promise<RunResult> {
  const { ports, issueNumber } = options;
  const { owner, repo } = ports.issues;
  const log = options.log.child?.({ incident: `${owner}/${repo}#${issueNumber}` }) ?? options.log;
  const run = { ...options, log };
  const load = (lastValid?: () => LoadedConfig | undefined) =>
    loadConfigAndTemplates(options.loadConfig, ports, lastValid);
  const loaded = await (options.cached ? options.cached(load) : load());
  let templates = loaded.templates;
  let problem = withUnsetChannels(loaded.problem, loaded.config, `${owner}/${repo}`);
  // A template that compiles but fails to render (an unknown helper, say) is left out: the built-in one of that
  // name is used, and the problem said like a broken config. Each round leaves out one more.
  for (let round = 0; ; round++) {
    try {
      return await planAndExecute(run, loaded, templates, problem);
    } catch (error) {
      if (!(error instanceof TemplateError) || templates[error.template] === undefined || round > 8) throw error;
      const { [error.template]: _broken, ...others } = templates;
      templates = others;
      problem = withProblem(
        problem,
        templateConfigError(error, `${owner}/${repo}`, loaded.config.templates[error.template]),
      );
    }
  }
}

/**
 * A repository's configuration as a run uses it. A broken `.github/incident.yml` or template never stops a run:
 * the run goes on with the last valid configuration this process read (or the defaults), built-in templates in
 * place of broken ones, and `problem` says what is wrong.
 */
export interface LoadedConfig {
  config: IncidentConfig;
  /** The repository's templates that can be used (a broken one is left out: the built-in one is used). */
  templates: TemplateOverrides;
  /** What is wrong with the file or a template it names. */
  problem?: ConfigError;
  /** Where `config` came from: the file, or (the file being broken) the last valid one, or the defaults. */
  from: "file" | "last-valid" | "defaults";
}

/** The config, then the templates it names (one read each); a failed read (5xx, network) throws. */
async function loadConfigAndTemplates(
  loadConfig: () => Promise<ParseResult>,
  ports: Pick<GitHubPorts, "contents" | "issues">,
  lastValid?: () => LoadedConfig | undefined,
): Promise<LoadedConfig> {
  const loaded = await loadConfig();
  if (!loaded.ok) {
    const last = lastValid?.();
    return last
      ? { config: last.config, templates: last.templates, problem: loaded.error, from: "last-valid" }
      : { config: defaultConfig(), templates: {}, problem: loaded.error, from: "defaults" };
  }
  const { owner, repo } = ports.issues;
  const overrides = await loadTemplateOverrides(
    loaded.config,
    (file) => ports.contents.readFile(file),
    `${owner}/${repo}`,
  );
  return {
    config: loaded.config,
    templates: overrides.templates,
    from: "file",
    ...(overrides.error ? { problem: overrides.error } : {}),
  };
}

function withProblem(known: ConfigError | undefined, found: ConfigError): ConfigError {
  return known ? new ConfigError(known.source, [...known.issues, ...found.issues], known.warnings) : found;
}

/** The files a loaded config was read from besides `.github/incident.yml`: its templates. */
function configuredPaths(loaded: LoadedConfig): string[] {
  return Object.values(loaded.config.templates).filter((path): path is string => !!path);
}

async function planAndExecute(
  run: RunOnPorts,
  loaded: LoadedConfig,
  templates: TemplateOverrides,
  problem: ConfigError | undefined,
): Promise<RunResult> {
  const { ports, issueNumber } = run;
  const { config } = loaded;
  // The problem is tracked in the repository's one config issue, which the note on the incident links to.
  const configIssue = problem ? await reportConfigProblem(run, problem, loaded.from) : undefined;
  // The commenter's permission is asked alongside the issue and its timeline: one round trip, not two.
  const actor = run.trigger?.actor;
  const read = await Promise.all([
    readIssue(ports, issueNumber),
    actor ? ports.permissions.getPermission(actor) : undefined,
  ]).catch((error: unknown) => {
    if (error instanceof IssueMoved) return error;
    throw error;
  });
  // Moved by an earlier run that stopped before its placeholder or the private repository's run: both repaired.
  if (read instanceof IssueMoved) return followUpMove(run, loaded, templates, { to: read.to });
  const [history, actorPermission] = read;
  const foreign = run.trigger?.foreignComment;
  if (foreign) appendComment(history, foreign.id, foreign.at, { login: foreign.author, isBot: false }, foreign.body);
  const known = new Map<string, PermissionLevel>(
    actor && actorPermission ? [[actor.toLowerCase(), actorPermission]] : [],
  );
  const context: Omit<PlanContext, "permissions"> = {
    config,
    templates,
    appLogin: run.appLogin,
    records: recordReader(run.keys, ports.issues.owner, ports.issues.repo, issueNumber),
    now: run.now,
    trigger: run.trigger ?? {},
    repoFullName: `${ports.issues.owner}/${ports.issues.repo}`,
    signFacts: (facts) =>
      renderRecord(FACTS_RECORD, facts, `${ports.issues.owner}/${ports.issues.repo}#${issueNumber}`, run.keys),
  };
  const [permissions, items] = await Promise.all([
    lookUpPermissions(ports, known, (found) => loginsToLookUp(history, context, found)),
    readLiveItems(ports, history, run.appLogin, context.records),
  ]);
  context.items = items;
  // A channel's unset variable is the repository's, not the incident's: said in the config issue alone.
  const note = problem?.issues.length ? configNote(problem, loaded.from, configIssue) : undefined;
  const withNote = (plan: IncidentPlan): IncidentPlan => (note ? { ...plan, effects: [...plan.effects, note] } : plan);
  // Refused a move, it is planned (and planned again after its first writes) as one that stays here.
  const planned = await planOrMove(run, loaded, templates, (unmovable) => {
    if (unmovable !== undefined) context.unmovable = unmovable;
    return planIncident(history, { ...context, permissions });
  });
  if (!("effects" in planned)) return planned;
  const plan = withNote(planned);
  const options = {
    ports,
    issueNumber,
    keys: run.keys,
    appLogin: run.appLogin,
    defaultBranch: run.defaultBranch,
    log: run.log,
    dryRun: run.dryRun,
    budget: run.budget,
  };
  const replan = () => withNote(planIncident(history, { ...context, permissions, fresh: plan.fresh }));
  const done = () => doneKeys(appComments(history.timeline, run.appLogin, context.records));
  const result = await executeInPhases(plan, replan, {
    ...options,
    history,
    done,
    appLogin: run.appLogin,
    now: run.now,
  });
  // After the notifications too: the page is the least urgent reader. A sweep refreshes it once, at its end.
  if (run.statusPage && result.state && !run.dryRun && !run.trigger?.sweep)
    await run.statusPage(config, history.issue.body, result.state);
  return problem ? { ...result, configError: problem } : result;
}

/**
 * What later effects must show is written first: the id (the title, the dashboard and updates show it), the
 * follow-ups and their records (the dashboard lists them). The comments recording them are folded back into the
 * history and the incident planned again (a declaration can make a post-mortem due, so up to three rounds),
 * and the rest is written once, showing them; nothing is planned twice. A failed first-phase write (an id claim)
 * does not hold back the rest (labels, state, dashboard): it is rethrown after them.
 */
async function executeInPhases(
  planned: IncidentPlan,
  replan: () => IncidentPlan,
  options: Omit<ExecuteOptions, "done"> & { history: IssueHistory; done: () => Set<string>; now: Iso },
): Promise<RunResult> {
  let plan = planned;
  const executed = new Set<string>();
  const stats: ExecutionStats[] = [];
  let failure: { error: unknown } | undefined;
  for (let round = 0; round < 3 && !options.dryRun && !failure; round++) {
    const first = plan.effects.filter((effect) => isFirstPhase(effect) && !executed.has(effect.key));
    if (!first.some((effect) => effect.kind !== "react")) break;
    for (const effect of first) executed.add(effect.key);
    const written = await execute(first, { ...options, done: options.done() }).catch((error: unknown) => ({ error }));
    if (!("created" in written)) failure = written;
    else {
      stats.push(written.stats);
      for (const comment of written.created) appendCreated(options, comment);
      plan = replan();
    }
  }
  const late = (effect: Effect) => LATE_PHASE.has(effect.kind) && !options.dryRun;
  const rest = plan.effects.filter((effect) => !executed.has(effect.key) && !late(effect));
  const result = await execute(rest, { ...options, done: options.done() });
  stats.push(result.stats);
  if (failure) throw failure.error;
  const lookups = plan.effects.filter(late);
  if (lookups.length) {
    const looked = await execute(lookups, { ...options, done: options.done() });
    for (const comment of looked.created) appendCreated(options, comment);
    plan = replan();
    // The dashboard shows what the lookup found: the issue's projection once more (a PATCH only if it differs).
    const shown = await execute(
      plan.effects.filter((effect) => effect.kind === "issue"),
      { ...options, done: options.done() },
    );
    stats.push(looked.stats, shown.stats);
  }
  return { state: plan.state, stats: stats.reduce(addStats) };
}

/**
 * Looked up after the incident shows its new state, not before it: suspect changes take several reads and a
 * comment (three seconds of GitHub's spacing for content), which must not hold back the declaration's labels,
 * title and dashboard.
 */
const LATE_PHASE = new Set<Effect["kind"]>(["suspects"]);

function appendCreated(
  options: { history: IssueHistory; now: Iso; appLogin: string },
  comment: { commentId: number; body: string },
): void {
  appendComment(
    options.history,
    comment.commentId,
    options.now,
    { login: options.appLogin, isBot: true },
    comment.body,
  );
}

function appendComment(history: IssueHistory, id: number, at: Iso, author: Person, body: string): void {
  history.timeline.push({ kind: "comment", id, at, author, body });
}

const FIRST_PHASE = new Set<Effect["kind"]>(["react", "declare", "action-item", "postmortem", "suspect-notice"]);
// A moved incident's record brings the verdicts judged where it was declared: everything here is planned after it.
const FOLLOW_UP_RECORDS = new Set<string>([...FOLLOW_UP_RECORD_KINDS, "moved"]);

/** What the dashboard shows once written: the id, the follow-ups and their records (an item closed, a merge). */
function isFirstPhase(effect: Effect): boolean {
  return FIRST_PHASE.has(effect.kind) || (effect.kind === "comment" && FOLLOW_UP_RECORDS.has(effect.recordKind));
}

/**
 * The plan, or the run of a security incident that is moved instead (nothing else is written here). One GitHub
 * refuses to move is run here rather than not at all, and the note says why, as a broken config is.
 */
async function planOrMove(
  run: RunOnPorts,
  loaded: LoadedConfig,
  templates: TemplateOverrides,
  plan: (unmovable?: string) => IncidentPlan,
): Promise<IncidentPlan | RunResult> {
  const planned = plan();
  if (!planned.move) return planned;
  const moved = await moveAway(run, loaded, templates, planned, planned.move);
  return moved instanceof TransferRefused ? plan(moved.message) : moved;
}

/** Transfers a security incident to its private repository (nothing else is written here), then leaves the placeholder. */
async function moveAway(
  run: RunOnPorts,
  loaded: LoadedConfig,
  templates: TemplateOverrides,
  plan: IncidentPlan,
  move: PlannedMove,
): Promise<RunResult | TransferRefused> {
  const { ports, issueNumber, log } = run;
  if (run.dryRun) {
    log.info(`dry run: would move this security incident to ${move.to}`);
    return { state: plan.state, stats: { ...noStats(), wouldPerform: [`move to ${move.to}`] } };
  }
  const to = await ports.issues.transferIssue(issueNumber, move.to).catch((error: unknown) => {
    if (error instanceof TransferRefused) return error;
    throw error;
  });
  if (to instanceof TransferRefused) {
    log.warn(`this security incident could not be moved to ${move.to}: ${to.message}`);
    return to;
  }
  log.info(`moved the security incident to ${to.owner}/${to.repo}#${to.number}`);
  const moved = { to, record: move.record, placeholder: move.placeholder };
  const result = await followUpMove(run, loaded, templates, moved);
  return { ...result, state: plan.state, stats: { ...result.stats, performed: result.stats.performed + 1 } };
}

/** The placeholder where it was declared (once), and the record the private repository's run writes first. */
async function followUpMove(
  run: RunOnPorts,
  loaded: LoadedConfig,
  templates: TemplateOverrides,
  moved: Moved,
): Promise<RunResult> {
  const { ports, issueNumber } = run;
  const { owner, repo } = ports.issues;
  const placeholder = moved.placeholder ?? {
    title: "Moved to a private repository",
    body: renderMovedPlaceholder(undefined, undefined, loaded.config, templates),
  };
  const number = await leavePlaceholder(placeholder, {
    issues: ports.issues,
    appLogin: run.appLogin,
    number: issueNumber,
    now: run.now,
    signRepo: (kind, data) => renderRecord(kind, data, `${owner}/${repo}`, run.keys),
  });
  const record = movedRecord(moved, { repo: `${owner}/${repo}`, number: issueNumber }, number);
  return { stats: { ...noStats(), performed: 1 }, moved: { ...moved, record } };
}

async function readIssue(ports: GitHubPorts, issueNumber: number): Promise<IssueHistory> {
  const [issue, timeline] = await Promise.all([
    ports.issues.getIssue(issueNumber),
    ports.issues.listTimeline(issueNumber),
  ]);
  return { issue, timeline };
}

/** At most this many permission lookups per run: input beyond it is judged on a later run, not ignored. */
const PERMISSION_LOOKUPS_PER_RUN = 25;

/** Actors first, then the people accepted commands name: a second round only for what the first allowed. */
async function lookUpPermissions(
  ports: GitHubPorts,
  permissions: Map<string, PermissionLevel>,
  needed: (known: ReadonlyMap<string, PermissionLevel>) => string[],
): Promise<Map<string, PermissionLevel>> {
  for (let round = 0; round < 3 && permissions.size < PERMISSION_LOOKUPS_PER_RUN; round++) {
    const logins = needed(permissions).slice(0, PERMISSION_LOOKUPS_PER_RUN - permissions.size);
    if (!logins.length) break;
    await Promise.all(
      logins.map(async (login) => permissions.set(login.toLowerCase(), await ports.permissions.getPermission(login))),
    );
  }
  return permissions;
}

/** Opens or updates the repository's config issue (logged, never failing the run: the incident comes first). */
async function reportConfigProblem(
  run: RunOnPorts,
  problem: ConfigError,
  from: LoadedConfig["from"],
): Promise<number | undefined> {
  const { ports } = run;
  run.log.warn(`[${ports.issues.owner}/${ports.issues.repo}] ${problem.message}`);
  if (run.dryRun) return undefined;
  try {
    return await reconcileConfigIssue(ports.issues, problem, { ...run, from });
  } catch (error) {
    run.log.warn(`the config issue could not be written: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** One note per distinct problem on an incident: a redelivery, or the next command, does not repeat it. */
function configNote(problem: ConfigError, from: LoadedConfig["from"], configIssue: number | undefined): Effect {
  const text = problem.toMarkdown();
  return {
    kind: "comment",
    key: `config-error:${digest(text)}`,
    recordKind: "config-error",
    record: {},
    body: renderConfigError(configNoteText(text, from, configIssue)),
  };
}

function addStats(a: ExecutionStats, b: ExecutionStats): ExecutionStats {
  return {
    planned: a.planned + b.planned,
    performed: a.performed + b.performed,
    skippedAsDone: a.skippedAsDone + b.skippedAsDone,
    failed: a.failed + b.failed,
    left: [...a.left, ...b.left],
    wouldPerform: [...a.wouldPerform, ...b.wouldPerform],
    performedKeys: [...a.performedKeys, ...b.performedKeys],
  };
}

export interface RunIncident extends Omit<RunOnPorts, "ports" | "loadConfig"> {
  octokit: Octokit;
  owner: string;
  repo: string;
  /** The app's per-repository id claims (serialised, starting after the highest number seen). */
  claims?: IncidentIdClaims;
  /** How rate-limit answers are waited out (defaults: `retry-after`, else a minute, doubling, 10 sends). */
  secondaryLimits?: SecondaryLimitOptions;
  /** The app's per-repository config cache; without it the config is read every run. */
  configCache?: ConfigCache<LoadedConfig>;
}

/** The runner over an authenticated Octokit; counts the HTTP requests it made. */
export async function runIncident(options: RunIncident): Promise<RunResult & { requests: number }> {
  const { octokit, owner, repo } = options;
  let requests = 0;
  const count = async (request: (options: unknown) => Promise<unknown>, requestOptions: unknown) => {
    requests++;
    return request(requestOptions);
  };
  // Rate limits are waited out and the request sent again (inside the counter: a retried request counts once).
  const releaseLimits = withSecondaryLimitRetry(octokit, options.secondaryLimits);
  octokit.hook.wrap("request", count as never);
  try {
    const cache = options.configCache;
    const result = await runIncidentOnPorts({
      ...options,
      ports: octokitPorts(octokit, owner, repo, options.claims),
      statusPage: statusPageAfterRun(octokit, { owner, repo, number: options.issueNumber }, options),
      loadConfig: () => loadIncidentConfig(octokitConfig(octokit, owner, repo, options.log)),
      ...(cache ? { cached: cachedFor(cache, octokit, owner, repo) } : {}),
    });
    if (!result.moved) return { ...result, requests };
    // The incident goes on where it was moved, in the same run: declared there, with what it brought, one run at
    // a time for that issue as for any other.
    const { to, record } = result.moved;
    const runThere = async () =>
      runIncident({
        ...options,
        owner: to.owner,
        repo: to.repo,
        issueNumber: to.number,
        defaultBranch: await defaultBranchOf(octokit, to.owner, to.repo),
        trigger: record ? { moved: record } : {},
      });
    const there = await (options.locks
      ? options.locks.run(`${to.owner}/${to.repo}#${to.number}`, runThere)
      : runThere());
    return { ...there, moved: result.moved, requests: requests + there.requests };
  } finally {
    octokit.hook.remove("request", count as never);
    releaseLimits();
  }
}

/** Another repository's default branch (where its id refs point): one request. */
export async function defaultBranchOf(octokit: Octokit, owner: string, repo: string): Promise<string> {
  const { data } = await octokit.rest.repos.get({ owner, repo });
  return data.default_branch;
}

/** A repository's config and templates outside a run (an alert reads them before its issue exists). */
export function loadRepositoryConfig(
  octokit: Octokit,
  owner: string,
  repo: string,
  log: ConfigContext["log"],
  cache?: ConfigCache<LoadedConfig>,
): Promise<LoadedConfig> {
  const ports = octokitPorts(octokit, owner, repo);
  const load = (lastValid?: () => LoadedConfig | undefined) =>
    loadConfigAndTemplates(() => loadIncidentConfig(octokitConfig(octokit, owner, repo, log)), ports, lastValid);
  return cache ? cachedFor(cache, octokit, owner, repo)(load) : load();
}

/**
 * Loads through the cache: a repository's config is read once per TTL or push, and a read repeated after expiry
 * is conditional (a 304 costs no rate limit).
 */
function cachedFor(
  cache: ConfigCache<LoadedConfig>,
  octokit: Octokit,
  owner: string,
  repo: string,
): (load: (lastValid?: () => LoadedConfig | undefined) => Promise<LoadedConfig>) => Promise<LoadedConfig> {
  const where = { baseUrl: apiBaseUrl(octokit), owner, repo };
  const lastValid = () => cache.lastValid(where);
  return (load) =>
    cache.get(
      where,
      async () => {
        const loaded = await withConditionalReads(octokit, cache.validators, () => load(lastValid));
        if (!loaded.problem) cache.rememberValid(where, loaded);
        return loaded;
      },
      configuredPaths,
    );
}

/** The API the Octokit talks to: GitHub's, or an Enterprise Server's. */
function apiBaseUrl(octokit: Octokit): string {
  return String(octokit.request.endpoint.DEFAULTS.baseUrl);
}

/** Probot's `context.config` without a context: the config plugin, `_extends`, and Probot's merge of the files. */
function octokitConfig(octokit: Octokit, owner: string, repo: string, log: ConfigContext["log"]): ConfigContext {
  return {
    log,
    repo: () => ({ owner, repo }),
    async config(file, _defaults, mergeOptions) {
      const { config, files } = await octokit.config.get({
        owner,
        repo,
        path: path.posix.join(".github", file),
        defaults: (configs: Record<string, unknown>[]) =>
          merge.all<Record<string, unknown>>([{}, ...configs], mergeOptions),
      });
      // The plugin reads a missing `_extends` target (or one in a repository the app is not installed on: GitHub
      // answers 404 for both) as an empty file. Said, not ignored: the repository meant to inherit something.
      const extended = files.slice(files[0]?.config ? 1 : 2);
      const unreadable = extended.find((found) => found.config === null);
      if (unreadable) throw new UnreadableExtends(`${unreadable.owner}/${unreadable.repo}:${unreadable.path}`);
      return files.some((found) => found.config !== null) ? config : null;
    },
  };
}

/** `_extends` names a file the app cannot read; a 404 as the config loader reports it (`load.ts`). */
class UnreadableExtends extends Error {
  override readonly name = "UnreadableExtends";
  readonly status = 404;
  constructor(target: string) {
    super(
      `_extends: ${target} could not be read: the repository or file does not exist, or Firebreak is not installed on that repository`,
    );
  }
}
