import type { ChannelConfig, IncidentConfig, NotifyEvent } from "../config/schema.js";
import type { IncidentState } from "../domain/fold.js";
import type { SeverityKey } from "../domain/vocabulary.js";
import { messageFor, type OutboundEvent } from "../outbound/messages.js";
import type { Effect } from "./effects.js";

/**
 * What the outbound channels are told by this run; pure. Only what is new in this run is told: the declaration
 * when it is planned, and changes whose input this run judges for the first time (once judged, its verdict is
 * recorded, so a redelivered webhook finds nothing new). Escalations are told when they are planned. Each
 * message is claimed before it is sent (the executor), so two replicas judging the same input send it once.
 */

export interface NewInRun {
  /** The incident is declared by this run. */
  declared: boolean;
  /** Inputs (by key) judged for the first time by this run. */
  sources: ReadonlySet<string>;
}

interface KeyedEvent {
  key: string;
  kind: NotifyEvent;
  text: string;
  at: string;
}

export function planNotifications(
  state: IncidentState,
  config: IncidentConfig,
  fresh: NewInRun,
  issue: { number: number; url: string; now: string },
  planned: readonly Effect[],
): Effect[] {
  // A security incident is told only to the channels marked `sensitive`.
  const channels = config.notifications.channels.filter((channel) => channel.sensitive || !state.sensitiveSince);
  if (!channels.length || !state.declared) return [];
  const events = newEvents(state, fresh, planned, issue.now);
  const severity = state.severity ?? config.defaultSeverity;
  const incident = {
    id: state.id ?? `#${issue.number}`,
    number: issue.number,
    title: state.title,
    severity,
    phase: state.phase,
    url: issue.url,
  };
  return channels.flatMap((channel) =>
    events
      .filter((event) => wants(channel, event.kind, severity))
      .map(
        (event): Effect => ({
          kind: "notify",
          key: `notify:${channel.name}:${event.key}`,
          channel,
          message: messageFor(channel.type, { ...event, incident } satisfies OutboundEvent),
        }),
      ),
  );
}

function wants(channel: ChannelConfig, kind: NotifyEvent, severity: SeverityKey): boolean {
  return channel.events.includes(kind) && (!channel.severities || channel.severities.includes(severity));
}

function newEvents(state: IncidentState, fresh: NewInRun, planned: readonly Effect[], now: string): KeyedEvent[] {
  const events: KeyedEvent[] = [];
  const declaredEntry = state.timeline.find((entry) => entry.kind === "declared");
  if (fresh.declared && declaredEntry)
    events.push({ key: "declared", kind: "declared", text: state.summary ?? declaredEntry.text, at: declaredEntry.at });
  const lastPhase = state.timeline.findLast((entry) => entry.kind === "phase");
  const changes = new Map<string, KeyedEvent>();
  for (const entry of state.timeline) {
    if (entry.kind !== "severity" && entry.kind !== "phase") continue;
    // The declaring input's own severity is the declaration's news, not a change.
    if (!fresh.sources.has(entry.source) || entry.source === declaredEntry?.source) continue;
    const resolved = entry === lastPhase && state.phase === "resolved";
    const kind = resolved ? "resolved" : entry.kind;
    // One message per kind of change per input: a comment saying `/sev 1` then `/sev 2` tells where it ended.
    changes.set(`${kind}:${entry.source}`, { key: `${kind}:${entry.source}`, kind, text: entry.text, at: entry.at });
  }
  events.push(...changes.values(), ...postedEvents(state, fresh));
  for (const effect of planned)
    if (effect.kind === "comment" && effect.recordKind === "escalation")
      events.push({ key: effect.key, kind: "escalation", text: escalationText(effect.key), at: now });
  return events;
}

/** Status updates and stakeholder notifications this run posts: the same words go to the channels. */
function postedEvents(state: IncidentState, fresh: NewInRun): KeyedEvent[] {
  const updates = state.updates
    .filter((update) => fresh.sources.has(update.source))
    .map((u): KeyedEvent => ({ key: `update:${u.source}`, kind: "update", text: u.text, at: u.at }));
  const notices = state.stakeholderNotices
    .filter((notice) => fresh.sources.has(notice.source))
    .map(
      (n): KeyedEvent => ({
        key: `stakeholders:${n.source}`,
        kind: "stakeholders",
        text: n.text ?? state.summary ?? state.title,
        at: n.at,
      }),
    );
  return [...updates, ...notices];
}

/** Names the step, never the people the comment pages (their handles mean nothing outside GitHub). */
function escalationText(key: string): string {
  const [, severity, step] = key.split(":");
  return severity === "path"
    ? "Nobody has acknowledged: escalated to the next person on the escalation path."
    : `Escalation step ${Number(step) + 1} of the ${severity} policy is due.`;
}
