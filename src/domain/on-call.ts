import type { IncidentConfig, OnCallShift } from "../config/schema.js";
import { parseIso, type Iso } from "./time.js";

/**
 * Who a contact key means at a given moment. The on-call contacts follow the weekly rota (row 1 from
 * `onCall.startsOn`, rows repeating); every contact also has its fixed `github` handles.
 */

const ROTA_CONTACTS: Record<string, keyof OnCallShift> = {
  "on-call-primary": "primary",
  "on-call-secondary": "secondary",
  "team-lead": "escalation",
};

export function onCallShift(config: IncidentConfig, at: Iso): OnCallShift | undefined {
  const { schedule, startsOn } = config.onCall;
  if (schedule.length === 0) return undefined;
  const start = parseIso(`${startsOn}T00:00:00Z`).setZone(config.timeZone, { keepLocalTime: true });
  const weeks = Math.floor(parseIso(at).diff(start, "weeks").weeks);
  return schedule[((weeks % schedule.length) + schedule.length) % schedule.length];
}

/** `@login` or `@org/team` for everyone the contact means at `at`, without duplicates. */
export function contactHandles(config: IncidentConfig, contact: string, at: Iso): string[] {
  const field = ROTA_CONTACTS[contact];
  const fromRota = field ? onCallShift(config, at)?.[field] : undefined;
  const handles = [...(fromRota ? [fromRota] : []), ...(config.contacts[contact]?.github ?? [])];
  return [...new Set(handles.map((handle) => (handle.startsWith("@") ? handle : `@${handle}`)))];
}
