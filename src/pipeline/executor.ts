import {
  digest,
  renderRecord,
  withoutTrailingRecord,
  type RecordData,
  type SigningKeys,
  type StoredVerdicts,
} from "../domain/markers.js";
import { statusOf } from "../github/octokit/errors.js";
import type { GitHubPorts, IssuePatch } from "../github/port.js";
import { sameLabel } from "../domain/labels.js";
import { describeEffect, type Effect, inWriteOrder, type LabelChange } from "./effects.js";
import { IndependentWrites } from "./writes.js";
import { openActionItem } from "./action-item-writes.js";
import { summariseOverdueItems } from "../render/reminders.js";
import { checkPostmortem, openPostmortem, writeDocument } from "./postmortem-writes.js";
import type { DeliveryOptions } from "../outbound/deliver.js";
import { channelFailedNote, notifyChannel } from "../outbound/notify.js";
import { lookUpSuspects, noticeSuspect } from "./suspect-writes.js";

/**
 * The one executor (the actions/stale anchor): performs a plan through the ports, skips effects whose key the
 * app's records show as done, attempts each write independently, honours a dry run (logs, writes nothing) and
 * an operations budget (stops cleanly, reporting what it left for the next run), and returns statistics.
 */

interface ExecutionLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface ExecuteOptions {
  ports: GitHubPorts;
  issueNumber: number;
  keys: SigningKeys;
  /** Whose issues and comments are the app's own (an action item is looked for among them before it is opened). */
  appLogin: string;
  /** Where the id refs point (the claim needs a commit). */
  defaultBranch: string;
  /** Keys the app's own records show as done. */
  done: ReadonlySet<string>;
  log: ExecutionLog;
  dryRun?: boolean;
  /** At most this many effects are performed; the rest are left for the next run. */
  budget?: number;
  /** Where outbound channels' URLs are read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Timeouts, attempts and waits of outbound deliveries (tests make them short). */
  delivery?: DeliveryOptions;
}

export interface ExecutionStats {
  planned: number;
  performed: number;
  skippedAsDone: number;
  failed: number;
  /** Keys of effects the budget left for the next run. */
  left: string[];
  /** In a dry run: what would have been written. */
  wouldPerform: string[];
  /** Keys of the effects written (a sweep counts its escalations, reminders and repairs from them). */
  performedKeys: string[];
}

/** What the writes created: the runner folds these back into the history (the declaration carries the id). */
export interface ExecutionResult {
  stats: ExecutionStats;
  created: { commentId: number; body: string }[];
}

/** Statistics of a run that has written nothing yet. */
export function noStats(planned = 0): ExecutionStats {
  return { planned, performed: 0, skippedAsDone: 0, failed: 0, left: [], wouldPerform: [], performedKeys: [] };
}

export async function execute(effects: readonly Effect[], options: ExecuteOptions): Promise<ExecutionResult> {
  const { ports, issueNumber, log } = options;
  const scope = `${ports.issues.owner}/${ports.issues.repo}#${issueNumber}`;
  const stats = noStats(effects.length);
  const created: ExecutionResult["created"] = [];
  const writes = new IndependentWrites(scope, log);
  let budget = options.budget ?? Number.POSITIVE_INFINITY;
  const step = async (effect: Effect, deadline?: number): Promise<void> => {
    if (options.done.has(effect.key)) {
      stats.skippedAsDone++;
      return;
    }
    if (options.dryRun) {
      stats.wouldPerform.push(describeEffect(effect));
      log.info(`[${scope}] dry run: would ${describeEffect(effect)}`);
      return;
    }
    if (budget <= 0) {
      stats.left.push(effect.key);
      return;
    }
    budget--;
    const wrote = await writes.attempt(describeEffect(effect), () =>
      perform(effect, options, scope, created, deadline),
    );
    if (wrote === undefined) stats.failed++;
    else if (wrote) {
      stats.performed++;
      stats.performedKeys.push(effect.key);
    }
  };
  const ordered = inWriteOrder(effects);
  for (const effect of ordered) if (effect.kind !== "notify") await step(effect);
  await deliverByChannel(ordered, options.delivery, step);
  if (stats.left.length)
    log.warn(
      `[${scope}] operations budget spent: ${stats.left.length} effect(s) left for the next run (${stats.left.join(", ")})`,
    );
  writes.finish();
  return { stats, created };
}

/** How long all of a run's deliveries may take together, unless `DeliveryOptions.totalMs` says otherwise. */
const DELIVERIES_TOTAL_MS = 30_000;

/**
 * Messages go out after the issue's own writes, each channel's in order and the channels at once, all within
 * one bound (the run holds its issue's lock meanwhile): a dead receiver delays no other channel, and the run no
 * longer than the bound. A message not yet claimed when time is up is not sent, so none is ever sent twice.
 */
async function deliverByChannel(
  ordered: readonly Effect[],
  delivery: DeliveryOptions | undefined,
  step: (effect: Effect, deadline: number) => Promise<void>,
): Promise<void> {
  const queues = new Map<string, Effect[]>();
  for (const effect of ordered)
    if (effect.kind === "notify") queues.set(effect.channel.name, [...(queues.get(effect.channel.name) ?? []), effect]);
  if (!queues.size) return;
  const deadline = Date.now() + (delivery?.totalMs ?? DELIVERIES_TOTAL_MS);
  await Promise.all(
    [...queues.values()].map(async (queue) => {
      for (const effect of queue) await step(effect, deadline);
    }),
  );
}

async function perform(
  effect: Effect,
  options: ExecuteOptions,
  scope: string,
  created: ExecutionResult["created"],
  deadline?: number,
): Promise<boolean> {
  const { issues, refs } = options.ports;
  const n = options.issueNumber;
  const signed = (kind: string, data: RecordData) => renderRecord(kind, data, scope, options.keys);
  switch (effect.kind) {
    case "react":
      await issues.react(effect.commentId, effect.content);
      break;
    case "declare": {
      const id = await refs.claimIncidentId(effect.idPrefix, options.defaultBranch);
      // However many verdicts there are, the declaration fits in a comment: the rest continue in ledger comments.
      const [kept, ...rest] = chunkVerdicts((effect.record.verdicts ?? {}) as StoredVerdicts, VERDICTS_PER_COMMENT);
      const body = `${effect.render(id).trimEnd()}\n${signed("declared", { key: effect.key, id, ...effect.record, verdicts: kept ?? {} })}`;
      created.push({ commentId: await issues.createComment(n, body), body });
      options.log.info(`[${scope}] declared ${id}`);
      for (const verdicts of rest) created.push(await continueLedger(options, verdicts, signed));
      break;
    }
    case "comment": {
      if (effect.claim && !(await claim(options, effect.key))) return false;
      const body = `${effect.body.trimEnd()}\n${signed(effect.recordKind, { key: effect.key, ...effect.record })}`;
      created.push({ commentId: await issues.createComment(n, body), body });
      break;
    }
    case "item-reminders":
      return remindItems(effect, options, created, signed);
    case "update-record":
      for (const comment of await updateRecord(effect, options, signed)) created.push(comment);
      break;
    case "issue":
      await patchIssue(effect, options, scope);
      break;
    case "assignees":
      if (effect.add.length) await issues.addAssignees(n, effect.add);
      if (effect.remove.length) await issues.removeAssignees(n, effect.remove);
      break;
    case "notify":
      return notify(effect, options, { scope, deadline }, created, signed);
    case "suspects":
    case "suspect-notice":
      return performSuspects(effect, options, created, signed);
    case "suspect-label":
      if (!(await claim(options, effect.key))) return false;
      if (effect.on) {
        await issues.ensureLabels([effect.label]);
        await issues.addLabels(effect.pull, [effect.label.name]);
      } else await issues.removeLabel(effect.pull, effect.label.name);
      break;
    case "action-item": {
      const repoScope = `${issues.owner}/${issues.repo}`;
      const reply = await openActionItem(effect.request, {
        ports: options.ports,
        appLogin: options.appLogin,
        incident: effect.incident,
        timeZone: effect.timeZone,
        signRepo: (kind, data) => renderRecord(kind, data, repoScope, options.keys),
        signIssue: (number, kind, data) => renderRecord(kind, data, `${repoScope}#${number}`, options.keys),
      });
      const body = `${reply.body.trimEnd()}\n${signed(reply.recordKind, { key: effect.key, ...reply.record })}`;
      created.push({ commentId: await issues.createComment(n, body), body });
      break;
    }
    default:
      return performPostmortem(effect, options, created, signed);
  }
  return true;
}

/** Claims and sends one message; the first failure on a channel gets one note on the incident, keyed by channel. */
async function notify(
  effect: Effect & { kind: "notify" },
  options: ExecuteOptions,
  run: { scope: string; deadline?: number | undefined },
  created: ExecutionResult["created"],
  signed: (kind: string, data: RecordData) => string,
): Promise<boolean> {
  const { refs } = options.ports;
  const context = {
    refs,
    issueNumber: options.issueNumber,
    defaultBranch: options.defaultBranch,
    scope: run.scope,
    ...(run.deadline !== undefined ? { deadline: run.deadline } : {}),
    log: options.log,
    ...(options.env ? { env: options.env } : {}),
    ...(options.delivery ? { delivery: options.delivery } : {}),
  };
  const result = await notifyChannel(effect, context);
  const key = `channel-failed:${effect.channel.name}`;
  if (result.failure && !options.done.has(key) && (await claim(options, key))) {
    const body = `${channelFailedNote(effect.channel.name, result.failure)}\n${signed("channel-failed", { key })}`;
    created.push({ commentId: await options.ports.issues.createComment(options.issueNumber, body), body });
  }
  return result.sent;
}

async function performPostmortem(
  effect: Effect & { kind: "postmortem" | "postmortem-refresh" | "check-run" },
  options: ExecuteOptions,
  created: ExecutionResult["created"],
  signed: (kind: string, data: RecordData) => string,
): Promise<boolean> {
  const { issues, pulls } = options.ports;
  switch (effect.kind) {
    case "postmortem": {
      const repoScope = `${issues.owner}/${issues.repo}`;
      const reply = await openPostmortem(effect.key, effect.plan, effect.incidentNumber, {
        ports: options.ports,
        defaultBranch: options.defaultBranch,
        signRepo: (kind, data) => renderRecord(kind, data, repoScope, options.keys),
      });
      const body = `${reply.body}\n${signed("postmortem", { key: effect.key, at: effect.at, ...reply.record })}`;
      created.push({ commentId: await issues.createComment(options.issueNumber, body), body });
      return true;
    }
    // Read, and committed only when the incident's blocks changed: not a write when they did not.
    case "postmortem-refresh":
      return writeDocument(pulls, effect, "Post-mortem: refresh what the incident knows");
    case "check-run":
      await checkPostmortem(pulls, effect);
      return true;
  }
}

/**
 * The suspect list, and the one notice on a suspected pull request (claimed first: of two runs at once, one tells
 * its author); each recorded by the comment on the incident that says it.
 */
async function performSuspects(
  effect: Effect & { kind: "suspects" | "suspect-notice" },
  options: ExecuteOptions,
  created: ExecutionResult["created"],
  signed: (kind: string, data: RecordData) => string,
): Promise<boolean> {
  const { ports } = options;
  if (effect.kind === "suspect-notice" && !(await claim(options, effect.key))) return false;
  const written =
    effect.kind === "suspects"
      ? await lookUpSuspects(effect.query, ports, options.defaultBranch)
      : await noticeSuspect(effect.request, ports, options.keys);
  const kind = effect.kind === "suspects" ? "suspects" : "suspect-notified";
  const body = `${written.body.trimEnd()}\n${signed(kind, { key: effect.key, ...written.record })}`;
  created.push({ commentId: await ports.issues.createComment(options.issueNumber, body), body });
  return true;
}

/**
 * Claims a due effect's key before it is written (a Git ref is created once): of two sweeps running at once, or a
 * sweep and a webhook on two replicas, exactly one writes it. The claim is per issue and key.
 */
function claim(options: ExecuteOptions, key: string): Promise<boolean> {
  return options.ports.refs.claimOnce(`${options.issueNumber}/${digest(key)}`, options.defaultBranch);
}

/** A reminder on each overdue item that this run claimed, then one line on the incident recording every key. */
async function remindItems(
  effect: Effect & { kind: "item-reminders" },
  options: ExecuteOptions,
  created: ExecutionResult["created"],
  signed: (kind: string, data: RecordData) => string,
): Promise<boolean> {
  const { issues } = options.ports;
  const claimed = [];
  for (const reminder of effect.reminders) if (await claim(options, reminder.key)) claimed.push(reminder);
  if (!claimed.length) return false; // another sweep claimed them all, and records them
  for (const reminder of claimed) await issues.createComment(reminder.number, reminder.body);
  const keys = claimed.map((reminder) => reminder.key);
  const summary = summariseOverdueItems(claimed.map((reminder) => reminder.line));
  const body = `${summary}\n${signed("reminder", { key: effect.key, keys })}`;
  created.push({ commentId: await issues.createComment(options.issueNumber, body), body });
  return true;
}

/** Verdicts per record: about 30 characters each, so a comment always stays far below GitHub's limit. */
const VERDICTS_PER_COMMENT = 1_200;

function chunkVerdicts(verdicts: StoredVerdicts, size: number): StoredVerdicts[] {
  const entries = Object.entries(verdicts);
  const chunks: StoredVerdicts[] = [];
  for (let start = 0; start < entries.length; start += size)
    chunks.push(Object.fromEntries(entries.slice(start, start + size)));
  return chunks;
}

async function continueLedger(
  options: ExecuteOptions,
  verdicts: StoredVerdicts,
  signed: (kind: string, data: RecordData) => string,
): Promise<{ commentId: number; body: string }> {
  const note = "<sub>Firebreak's record of who could change this incident, continued. Nothing to do here.</sub>";
  const body = `${note}\n${signed("ledger", { key: `ledger:${Object.keys(verdicts)[0] ?? ""}`, verdicts })}`;
  return { commentId: await options.ports.issues.createComment(options.issueNumber, body), body };
}

/**
 * Adds verdicts to a comment's record and sets its checklist (one edit); verdicts that would make the record
 * too long start continuation comments instead.
 */
async function updateRecord(
  effect: Effect & { kind: "update-record" },
  options: ExecuteOptions,
  signed: (kind: string, data: RecordData) => string,
): Promise<{ commentId: number; body: string }[]> {
  const { holder } = effect;
  const held = (holder.record.data.verdicts ?? {}) as StoredVerdicts;
  const merged = { ...held, ...effect.verdicts };
  const fits = Object.keys(merged).length <= VERDICTS_PER_COMMENT;
  const data = {
    ...holder.record.data,
    verdicts: fits ? merged : held,
    ...(effect.checklist ? { checklist: effect.checklist } : {}),
  };
  const body = `${withoutTrailingRecord(holder.body)}\n${signed(holder.record.kind, data)}`;
  if (fits || effect.checklist) await options.ports.issues.updateComment(holder.commentId, body);
  if (fits || !effect.verdicts) return [];
  const continued: { commentId: number; body: string }[] = [];
  for (const verdicts of chunkVerdicts(effect.verdicts, VERDICTS_PER_COMMENT))
    continued.push(await continueLedger(options, verdicts, signed));
  return continued;
}

/**
 * One PATCH for title, state and body. The body is read again just before it is written (GitHub has no
 * conditional PATCH), so text someone typed meanwhile is kept. If GitHub refuses the patch (422: a body or
 * title it will not take), the rest still goes through: without the body, then without the title.
 */
async function patchIssue(effect: Effect & { kind: "issue" }, options: ExecuteOptions, scope: string): Promise<void> {
  if (effect.labels?.add.length) await options.ports.issues.ensureLabels(effect.labels.definitions);
  const patch: IssuePatch = { ...effect.patch, ...(await readJustBefore(effect, options)) };
  for (;;) {
    if (!Object.keys(patch).length) return;
    try {
      await options.ports.issues.updateIssue(options.issueNumber, patch);
      return;
    } catch (error) {
      const droppable = refusedPart(error, patch);
      if (!droppable) throw error;
      options.log.warn(`[${scope}] GitHub refused the issue's ${droppable}; projecting without it`);
      delete patch[droppable];
    }
  }
}

/**
 * Labels and body as they should be given what the issue shows right now (read just before the write): labels
 * someone added meanwhile are kept, and so is text someone typed. Nothing when the issue already shows it.
 */
async function readJustBefore(
  effect: Effect & { kind: "issue" },
  options: ExecuteOptions,
): Promise<Pick<IssuePatch, "labels" | "body">> {
  if (!effect.labels && !effect.body) return {};
  const latest = await options.ports.issues.getIssue(options.issueNumber);
  const labels = effect.labels ? mergedLabels(latest.labels, effect.labels) : undefined;
  const body =
    effect.body && (latest.body === effect.body.read ? effect.body.planned : effect.body.around(latest.body));
  return {
    ...(labels && !sameLabels(labels, latest.labels) ? { labels } : {}),
    ...(body !== undefined && body !== latest.body ? { body } : {}),
  };
}

function mergedLabels(shown: readonly string[], change: LabelChange): string[] {
  const kept = shown.filter((label) => !change.remove.some((removed) => sameLabel(removed, label)));
  return [...kept, ...change.add.filter((added) => !kept.some((label) => sameLabel(label, added)))];
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label) => b.some((other) => sameLabel(other, label)));
}

/** What to leave out when GitHub refuses a patch (422): the body first, then the title; never the state. */
function refusedPart(error: unknown, patch: IssuePatch): "body" | "title" | undefined {
  if (statusOf(error) !== 422) return undefined;
  if (patch.body !== undefined) return "body";
  return patch.title !== undefined ? "title" : undefined;
}
