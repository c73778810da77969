import type { IncidentConfig } from "../config/schema.js";
import { parseDuration } from "../config/duration.js";
import { ackDue, escalationSchedule, nextUpdateDue } from "../domain/deadlines.js";
import type { IncidentState } from "../domain/fold.js";
import { userInline, userTableCell } from "../domain/mentions.js";
import { contactHandles } from "../domain/on-call.js";
import { clipWithEllipsis, TEXT_BOUNDS } from "../domain/text-bounds.js";
import { addMs, formatDuration, formatTime, msBetween, type Iso } from "../domain/time.js";

/**
 * What a responder reads first on a phone at 3 a.m.: the phase, the severity, who commands, the latest update
 * and what is due next. Times after resolution are not shown as due.
 */

/** `eta: 30 minutes` as a clock time ("13:00 UTC, in 30 min"); anything else as typed. */
export function etaText(eta: string, at: Iso, timeZone: string): string {
  const span = parseDuration(
    eta
      .trim()
      .replace(/^in\s+/i, "")
      .toLowerCase(),
  );
  if (!span) return userInline(clipWithEllipsis(eta, TEXT_BOUNDS.cell));
  return `${formatTime(addMs(at, span.ms), timeZone, at)} (in ${formatDuration(span.ms)})`;
}

/** When the incident first entered `monitoring`: mitigated. */
export function mitigatedAt(state: IncidentState): Iso | undefined {
  return state.timeline.find((entry) => entry.kind === "phase" && entry.text === "Status: monitoring")?.at;
}

export function headlineView(state: IncidentState, config: IncidentConfig) {
  const tz = config.timeZone;
  const update = state.updates.at(-1);
  const comment = update ? /^c(\d+)\./.exec(update.source)?.[1] : undefined;
  // An ETA is news only while the incident is open.
  const eta = update?.eta !== undefined && state.phase !== "resolved" ? update.eta : undefined;
  return {
    commander: state.roles.commander ? `@${state.roles.commander}` : "nobody yet — `/ic @you`",
    latestUpdate: update && {
      // Times of the incident's own day without the date: short enough for a phone.
      at: formatTime(update.at, tz, state.lastActivityAt),
      link: comment ? `#issuecomment-${comment}` : undefined,
      text: userInline(clipWithEllipsis(update.text, 280)),
      eta: eta === undefined ? undefined : etaText(eta, update.at, tz),
    },
    next: state.phase === "resolved" ? [] : dueNext(state, config),
  };
}

/** What falls due next while the incident is open, soonest first. */
function dueNext(state: IncidentState, config: IncidentConfig): string[] {
  const tz = config.timeZone;
  const due: { at: Iso; text: string }[] = [];
  const ack = ackDue(state, config);
  if (ack && !state.acknowledged) due.push({ at: ack, text: "acknowledgement (`/ack`)" });
  const update = nextUpdateDue(state, config);
  if (update) due.push({ at: update, text: "status update (`/update`)" });
  const reference = state.lastActivityAt;
  const step = state.acknowledged
    ? undefined
    : escalationSchedule(state, config).find((candidate) => candidate.due > reference);
  if (step) due.push({ at: step.due, text: `escalation: ${userInline(step.action) || "next step"}` });
  return due
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((item) =>
      item.at <= reference
        ? `${item.text} ⚠️ overdue since ${formatTime(item.at, tz, reference)}`
        : `${item.text} ${formatTime(item.at, tz, reference)}`,
    );
}

/**
 * The escalation steps, collapsed once someone acknowledged or it is resolved (they matter less then); after
 * resolution, steps that were never due are shown without a time.
 */
export function escalationView(state: IncidentState, config: IncidentConfig) {
  const resolved = state.resolvedAt;
  const steps = escalationSchedule(state, config).map((step) => ({
    due: resolved && step.due > resolved ? "— (resolved first)" : formatTime(step.due, config.timeZone),
    action: cellText(step.action),
    notify: cellText(step.notify.map((contact) => describeContact(config, contact, step.due)).join(", ")),
  }));
  return { steps, collapsed: Boolean(state.acknowledged || resolved) };
}

function describeContact(config: IncidentConfig, contact: string, at: Iso): string {
  const handles = contactHandles(config, contact, at);
  return handles.length ? `${contact} (${handles.join(" ")})` : contact;
}

function cellText(text: string): string {
  return userTableCell(clipWithEllipsis(text, TEXT_BOUNDS.cell));
}

/** How long it has been open, as of its last change (the dashboard depends on its history only). */
export function openFor(state: IncidentState): string | undefined {
  const since = state.detectedAt ?? state.declaration?.at;
  if (!since || state.phase === "resolved" || state.lastActivityAt <= since) return undefined;
  return formatDuration(msBetween(since, state.lastActivityAt));
}
