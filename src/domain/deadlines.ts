import type { IncidentConfig } from "../config/schema.js";
import type { IncidentState } from "./fold.js";
import { addMs, nextBusinessDayStart, type Iso } from "./time.js";
import type { SeverityKey } from "./vocabulary.js";

/** When things are due, computed from the incident's own milestones (never from "now"), so they can be rendered and compared. */

export function responseDue(config: IncidentConfig, severity: SeverityKey, from: Iso): Iso | undefined {
  const responseTime = config.severities[severity]?.responseTime;
  if (!responseTime) return undefined;
  // The only response time that is not a duration is "next business day".
  return responseTime.ms === null ? nextBusinessDayStart(from, config.timeZone, config.businessHours) : addMs(from, responseTime.ms);
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
