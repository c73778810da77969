import { DateTime } from "luxon";
import type { IncidentConfig, OnCallShift } from "../config/schema.js";
import { parseIso, toIso, type Iso } from "./time.js";

/**
 * Who a contact key means at a given moment. The on-call contacts follow the weekly rota (row 1 from
 * `onCall.startsOn`, rows repeating); every contact also has its fixed `github` handles.
 *
 * A shift starts at local midnight of its first day in `timeZone`, and weeks are counted in calendar days
 * there: a week with a daylight-saving change is still one local week (167 or 169 hours), not 168 hours.
 */

const ROTA_CONTACTS: Record<string, keyof OnCallShift> = {
  "on-call-primary": "primary",
  "on-call-secondary": "secondary",
  "team-lead": "escalation",
};

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a date on the calendar (its local year, month and day, whatever its zone). */
const calendarDay = (dt: DateTime): number => Date.UTC(dt.year, dt.month - 1, dt.day) / DAY_MS;

/** The rota week `at` falls in, counted from `startsOn` (week 0); negative before it. */
function rotaWeek(config: IncidentConfig, at: Iso): number {
  const start = DateTime.fromISO(config.onCall.startsOn, { zone: "utc" });
  const local = parseIso(at).setZone(config.timeZone);
  return Math.floor((calendarDay(local) - calendarDay(start)) / 7);
}

function rowOf(schedule: readonly OnCallShift[], week: number): OnCallShift | undefined {
  return schedule[((week % schedule.length) + schedule.length) % schedule.length];
}

export function onCallShift(config: IncidentConfig, at: Iso): OnCallShift | undefined {
  const { schedule } = config.onCall;
  return schedule.length === 0 ? undefined : rowOf(schedule, rotaWeek(config, at));
}

/** When the shift in force at `at` ends, and who is on call from then; undefined without a rota. */
export function nextHandOff(config: IncidentConfig, at: Iso): { at: Iso; shift: OnCallShift } | undefined {
  const { schedule, startsOn } = config.onCall;
  const week = rotaWeek(config, at) + 1;
  const shift = rowOf(schedule, week);
  if (!shift) return undefined;
  // Adding weeks to a local date keeps local midnight across daylight-saving changes.
  const start = DateTime.fromISO(startsOn, { zone: config.timeZone }).plus({ weeks: week });
  return { at: toIso(start), shift };
}

/** `@login` or `@org/team` for everyone the contact means at `at`, without duplicates. */
export function contactHandles(config: IncidentConfig, contact: string, at: Iso): string[] {
  const field = ROTA_CONTACTS[contact];
  const fromRota = field ? onCallShift(config, at)?.[field] : undefined;
  const handles = [...(fromRota ? [fromRota] : []), ...(config.contacts[contact]?.github ?? [])];
  return [...new Set(handles.map(asHandle))];
}

/** Everyone `onCall.escalationPath` means at `at`, in its order, each once: whom escalation walks to. */
export function escalationContacts(config: IncidentConfig, at: Iso): string[] {
  return [...new Set(config.onCall.escalationPath.flatMap((contact) => contactHandles(config, contact, at)))];
}

/** The on-call primary as a GitHub login who can hold a role; a team cannot. */
export function onCallPrimaryLogin(config: IncidentConfig, at: Iso): string | undefined {
  const primary = onCallShift(config, at)?.primary;
  const login = primary?.replace(/^@/, "");
  return login && !login.includes("/") ? login : undefined;
}

function asHandle(handle: string): string {
  return handle.startsWith("@") ? handle : `@${handle}`;
}
