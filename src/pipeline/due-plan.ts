import type { IncidentConfig } from "../config/schema.js";
import { type ActionItem, isOverdue } from "../domain/action-items.js";
import { ackDue, escalationSchedule, nextUpdateDue, pagedAtDeclaration, updateCadenceMs } from "../domain/deadlines.js";
import type { IncidentState } from "../domain/fold.js";
import { contactHandles, escalationContacts } from "../domain/on-call.js";
import { addMs, formatDuration, formatTime, msBetween, type Iso } from "../domain/time.js";
import { renderEscalation, renderItemReminders, renderReminder } from "../render/reminders.js";
import type { Effect } from "./effects.js";

/**
 * What has fallen due by `now` and not been done: escalation steps, and reminders (acknowledgement, status
 * update, incident commander, post-mortem, its milestones, overdue action items). Pure. Each is keyed by what it
 * is for and when it fell due, so it is written once whatever the sweeps do: late (one catch-up per kind, not a
 * burst of stale pings), dropped (the next one finds it still due), or doubled (the executor claims each key
 * before writing it).
 */

export interface DueContext {
  config: IncidentConfig;
  now: Iso;
  /** Keys the app's records show as done. */
  done: ReadonlySet<string>;
  items: readonly ActionItem[];
}

export function planDue(state: IncidentState, ctx: DueContext): Effect[] {
  if (!state.declared || !state.declaration) return [];
  const open = state.phase !== "resolved";
  const effects = open
    ? [...escalationDue(state, ctx), ackReminder(state, ctx), updateReminder(state, ctx), commanderReminder(state, ctx)]
    : [postmortemReminder(state, ctx), ...milestoneReminders(state, ctx)];
  return [...effects, itemReminders(ctx)].filter(
    (effect): effect is Effect => effect !== undefined && !ctx.done.has(effect.key),
  );
}

/** Steps after the first (the declaration paged those), due and still needed, in one comment. */
function escalationDue(state: IncidentState, ctx: DueContext): Effect[] {
  const severity = state.severity ?? ctx.config.defaultSeverity;
  const steps = ctx.config.severities[severity]?.escalation ?? [];
  const configured = escalationSchedule(state, ctx.config)
    .map((step, index) => ({ ...step, index, key: `escalate:${severity}:${index}`, unless: steps[index]?.unless }))
    .filter((step) => steps[step.index]?.after.ms !== 0)
    .map((step) => ({ ...step, handles: step.notify.flatMap((c) => contactHandles(ctx.config, c, step.due)) }));
  const due = [...configured, ...pathWalk(state, ctx, configured)]
    .filter((step) => step.due <= ctx.now && !ctx.done.has(step.key))
    .filter((step) => !(step.unless === "acknowledged" && state.acknowledged));
  const last = due.at(-1);
  if (!last) return [];
  const shown = due;
  return [
    {
      kind: "comment",
      key: last.key,
      recordKind: "escalation",
      record: { keys: due.map((step) => step.key) },
      body: renderEscalation(state, shown, ctx.config, ctx.now),
      claim: true,
    },
  ];
}

type DueStep = { due: Iso; action: string; key: string; unless?: string; handles: string[] };

/**
 * When nobody answers the page, escalation walks `onCall.escalationPath` after the configured steps: one more
 * person every response time, skipping whoever was paged already, until someone acknowledges.
 */
function pathWalk(state: IncidentState, ctx: DueContext, configured: readonly DueStep[]): DueStep[] {
  const declared = state.declaration?.at;
  const severity = state.severity ?? ctx.config.defaultSeverity;
  const every = ctx.config.severities[severity]?.responseTime.ms;
  if (!declared || !every || state.acknowledged) return [];
  const paged = new Set([
    ...pagedAtDeclaration(ctx.config, severity, declared),
    ...configured.flatMap((s) => s.handles),
  ]);
  const start = configured.at(-1)?.due ?? declared;
  return escalationContacts(ctx.config, declared)
    .filter((handle) => !paged.has(handle))
    .map((handle, index) => ({
      due: addMs(start, (index + 1) * every),
      action: "Nobody has acknowledged: next on the escalation path",
      key: `escalate:path:${index}`,
      unless: "acknowledged",
      handles: [handle],
    }));
}

/** The people a reminder is for: the role that owns it, else the incident commander, else who was paged. */
function owners(state: IncidentState, ctx: DueContext, ...roles: ("comms" | "commander")[]): string[] {
  for (const role of roles) {
    const holder = state.roles[role];
    if (holder) return [`@${holder}`];
  }
  const paged = pagedAtDeclaration(ctx.config, state.severity, state.declaration?.at ?? ctx.now);
  return paged.length ? paged : contactHandles(ctx.config, "on-call-primary", ctx.now);
}

function ackReminder(state: IncidentState, ctx: DueContext): Effect | undefined {
  const due = ackDue(state, ctx.config);
  if (!due || due > ctx.now || state.acknowledged) return undefined;
  const late = formatDuration(msBetween(due, ctx.now));
  const text = `Nobody has acknowledged this ${state.severity} yet: it was due ${formatTime(due, ctx.config.timeZone)} (${late} ago). Type \`/ack\` when you are on it.`;
  return reminder("remind:ack", renderReminder(owners(state, ctx, "commander"), text));
}

/** One reminder per cadence window the update is overdue in; a late sweep posts the latest window only. */
function updateReminder(state: IncidentState, ctx: DueContext): Effect | undefined {
  const due = nextUpdateDue(state, ctx.config);
  const cadence = updateCadenceMs(ctx.config, state.severity);
  if (!due || !cadence || due > ctx.now) return undefined;
  const missed = Math.floor(msBetween(due, ctx.now) / cadence);
  const window = addMs(due, missed * cadence);
  const late = formatDuration(msBetween(due, ctx.now));
  const text = `A status update was due ${formatTime(due, ctx.config.timeZone)} (${late} ago${missed ? `, ${missed + 1} updates missed` : ""}). Post one with \`/update <what changed>\`.`;
  return reminder(`remind:update:${window}`, renderReminder(owners(state, ctx, "comms", "commander"), text));
}

function commanderReminder(state: IncidentState, ctx: DueContext): Effect | undefined {
  const declared = state.declaration?.at ?? ctx.now;
  const due = addMs(declared, ctx.config.reminders.noCommanderAfter.ms);
  if (state.roles.commander || due > ctx.now) return undefined;
  const text = `This incident has had no incident commander for ${formatDuration(msBetween(declared, ctx.now))}. Take the role with \`/ic @you\`.`;
  return reminder("remind:commander", renderReminder(owners(state, ctx), text));
}

function postmortemReminder(state: IncidentState, ctx: DueContext): Effect | undefined {
  const since = state.postmortemDueSince;
  const latest = state.postmortems.at(-1);
  if (!since || state.falsePositive || latest?.closed?.merged) return undefined;
  const due = addMs(state.resolvedAt ?? since, ctx.config.postmortem.dueWithin.ms);
  if (due > ctx.now) return undefined;
  const where =
    latest && !latest.closed ? `pull request #${latest.pull}` : "post-mortem (type `/postmortem` to open it)";
  const text = `The ${where} was due ${formatTime(due, ctx.config.timeZone)} and is not merged yet.`;
  return reminder(`remind:postmortem:${due}`, renderReminder(owners(state, ctx, "commander"), text));
}

/** Seed 003's milestones after resolution, each once when it falls due while follow-ups remain. */
function milestoneReminders(state: IncidentState, ctx: DueContext): Effect[] {
  const resolved = state.resolvedAt;
  if (!resolved || !state.postmortemDueSince || state.falsePositive) return [];
  // The meeting and the analysis are done when the post-mortem merges; the last milestone (preventive measures)
  // is done when the action items are closed too.
  const merged = state.postmortems.at(-1)?.closed?.merged === true;
  const itemsOpen = ctx.items.some((item) => item.state === "open");
  const milestones = ctx.config.postmortem.milestones;
  const due = milestones
    .map((milestone, index) => ({
      ...milestone,
      due: addMs(resolved, milestone.after.ms),
      key: `remind:milestone:${index}`,
      needed: !merged || (index === milestones.length - 1 && itemsOpen),
    }))
    .filter((milestone) => milestone.needed && milestone.due <= ctx.now && !ctx.done.has(milestone.key));
  const last = due.at(-1);
  if (!last) return [];
  // A sweep that missed several milestones names them all in one reminder.
  const lines = due.map((m) => `${m.description} (due ${formatTime(m.due, ctx.config.timeZone)})`);
  const text = `Post-mortem milestone${due.length > 1 ? "s" : ""} due: ${lines.join("; ")}.`;
  return [
    reminder(
      last.key,
      renderReminder(owners(state, ctx, "commander"), text),
      due.map((m) => m.key),
    ),
  ];
}

/** Each overdue item is reminded on its own issue (mentioning its owner), with one summary line on the incident. */
function itemReminders(ctx: DueContext): Effect | undefined {
  const overdue = ctx.items
    .filter((item) => isOverdue(item, ctx.now))
    .map((item) => ({ item, key: `remind:item:${item.number}:${item.due}` }))
    .filter(({ key }) => !ctx.done.has(key));
  if (!overdue.length) return undefined;
  return {
    kind: "item-reminders",
    key: overdue.map(({ key }) => key).join(","),
    reminders: overdue.map(({ item, key }) => ({
      key,
      number: item.number,
      body: renderItemReminders.item(item, ctx),
      line: renderItemReminders.line(item, ctx),
    })),
  };
}

/** A reminder comment; `keys` when it stands for several due things at once. */
function reminder(key: string, body: string, keys?: string[]): Effect {
  return { kind: "comment", key, recordKind: "reminder", record: keys ? { keys } : {}, body, claim: true };
}
