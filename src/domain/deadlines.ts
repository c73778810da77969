import type { IncidentConfig } from "../config/schema.js";
import type { IncidentState } from "./fold.js";
import { contactHandles } from "./on-call.js";
import { addMs, msBetween, nextBusinessDayStart, type Iso } from "./time.js";
import type { SeverityKey } from "./vocabulary.js";

/** When things are due, computed from the incident's own milestones (never from "now"), so they can be rendered and compared. */

export function responseDue(config: IncidentConfig, severity: SeverityKey, from: Iso): Iso | undefined {
  const responseTime = config.severities[severity]?.responseTime;
  if (!responseTime) return undefined;
  // The only response time that is not a duration is "next business day".
  return responseTime.ms === null
    ? nextBusinessDayStart(from, config.timeZone, config.businessHours)
    : addMs(from, responseTime.ms);
}

/** Acknowledgement is due one response time after declaration. */
export function ackDue(state: IncidentState, config: IncidentConfig): Iso | undefined {
  if (!state.declaration || !state.severity) return undefined;
  return responseDue(config, state.severity, state.declaration.at);
}

export function updateCadenceMs(config: IncidentConfig, severity: SeverityKey | undefined): number | null {
  return (severity ? config.severities[severity]?.updateCadence.ms : undefined) ?? null;
}

/** The next status update is due one cadence after the last one (or after declaration); none once resolved. */
export function nextUpdateDue(state: IncidentState, config: IncidentConfig, afterUpdateAt?: Iso): Iso | undefined {
  if (!state.declaration || state.phase === "resolved") return undefined;
  const cadence = updateCadenceMs(config, state.severity);
  if (cadence === null) return undefined;
  const last = afterUpdateAt ?? state.updates.at(-1)?.at ?? state.declaration.at;
  return addMs(last, cadence);
}

export interface EscalationStepDue {
  due: Iso;
  action: string;
  notify: string[];
}

/** The severity's escalation steps with their due times, counted from declaration. */
export function escalationSchedule(state: IncidentState, config: IncidentConfig): EscalationStepDue[] {
  if (!state.declaration || !state.severity) return [];
  const from = state.declaration.at;
  return (config.severities[state.severity]?.escalation ?? []).map((step) => ({
    due: addMs(from, step.after.ms),
    action: step.action,
    notify: step.notify,
  }));
}

/** Whether the page was acknowledged, how long it took, and whether that was within the response time. */
export type AckStatus =
  | { kind: "acknowledged"; at: Iso; by: string; tookMs: number; late: boolean }
  | { kind: "never" }
  | { kind: "pending"; due: Iso | undefined };

export function ackStatus(state: IncidentState, config: IncidentConfig): AckStatus {
  const due = ackDue(state, config);
  if (state.acknowledged) {
    const tookMs = state.declaration ? msBetween(state.declaration.at, state.acknowledged.at) : 0;
    return {
      kind: "acknowledged",
      at: state.acknowledged.at,
      by: state.acknowledged.by,
      tookMs,
      late: due !== undefined && state.acknowledged.at > due,
    };
  }
  return state.phase === "resolved" ? { kind: "never" } : { kind: "pending", due };
}

/**
 * Who the declaration pages: only people configured as contacts (or on the rota when it was declared), and only
 * for the severity's escalation steps due at once; later steps are shown, not paged.
 */
export function pagedAtDeclaration(
  config: IncidentConfig,
  severity: SeverityKey | undefined,
  declaredAt: Iso,
): string[] {
  const steps = severity ? (config.severities[severity]?.escalation ?? []) : [];
  const immediate = steps.filter((step) => step.after.ms === 0);
  return [
    ...new Set(
      immediate.flatMap((step) => step.notify.flatMap((contact) => contactHandles(config, contact, declaredAt))),
    ),
  ];
}
