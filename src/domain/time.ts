import { DateTime } from "luxon";
import type { BusinessHours } from "../config/schema.js";
import type { TimeSpec } from "./commands.types.js";

/** Timestamps are stored as second-resolution ISO-8601 UTC strings, like GitHub's. */
export type Iso = string;

export function toIso(dt: DateTime): Iso {
  return dt.toUTC().toISO({ suppressMilliseconds: true }) ?? "";
}

export function parseIso(iso: Iso): DateTime {
  return DateTime.fromISO(iso, { zone: "utc" });
}

export function addMs(iso: Iso, ms: number): Iso {
  return toIso(parseIso(iso).plus({ milliseconds: ms }));
}

export function msBetween(from: Iso, to: Iso): number {
  return parseIso(to).toMillis() - parseIso(from).toMillis();
}

/**
 * Turns what a person typed into an instant. A bare clock time means the latest such time not after the
 * command itself (`/detected 23:50` typed at 00:10 means yesterday), in the configured time zone.
 */
/** A time spec read back from a record: checked, since records outlive code versions. */
export function isTimeSpec(value: unknown): value is TimeSpec {
  if (!value || typeof value !== "object") return false;
  const spec = value as Record<string, unknown>;
  const clock = typeof spec.hour === "number" && typeof spec.minute === "number";
  if (spec.kind === "clock") return clock;
  if (spec.kind === "local") return clock && typeof spec.date === "string";
  return spec.kind === "instant" && typeof spec.iso === "string";
}

export function resolveTimeSpec(spec: TimeSpec, commandAt: Iso, timeZone: string): Iso {
  if (spec.kind === "instant") return toIso(DateTime.fromISO(spec.iso, { zone: "utc" }));
  if (spec.kind === "local") {
    return toIso(DateTime.fromISO(`${spec.date}T${pad(spec.hour)}:${pad(spec.minute)}`, { zone: timeZone }));
  }
  const local = parseIso(commandAt).setZone(timeZone);
  let candidate = local.set({ hour: spec.hour, minute: spec.minute, second: 0, millisecond: 0 });
  if (candidate > local) candidate = candidate.minus({ days: 1 });
  return toIso(candidate);
}

/** The start of the next business day after `fromIso`, as the seed runbooks' "next business day" response time. */
export function nextBusinessDayStart(fromIso: Iso, timeZone: string, hours: BusinessHours): Iso {
  const [h, m] = hours.start.split(":").map(Number);
  let day = parseIso(fromIso).setZone(timeZone).startOf("day");
  for (let i = 0; i < 14; i++) {
    day = day.plus({ days: 1 });
    const weekday = day.setLocale("en").toFormat("ccc").toLowerCase() as BusinessHours["days"][number];
    if (hours.days.includes(weekday)) return toIso(day.set({ hour: h ?? 9, minute: m ?? 0 }));
  }
  return toIso(day);
}

/** "14:05 UTC" on the same local day as `reference`, otherwise "2026-11-24 14:05 UTC". */
export function formatTime(iso: Iso, timeZone: string, reference?: Iso): string {
  const dt = parseIso(iso).setZone(timeZone);
  const zone = timeZone === "UTC" ? "UTC" : dt.toFormat("ZZZZ");
  const sameDay = reference !== undefined && parseIso(reference).setZone(timeZone).hasSame(dt, "day");
  return `${dt.toFormat(sameDay ? "HH:mm" : "yyyy-MM-dd HH:mm")} ${zone}`;
}

/** "1 h 5 min", "45 s", "2 d 3 h": short enough for a dashboard cell. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let rest = Math.round(Math.abs(ms) / 1000);
  if (rest < 60) return `${sign}${rest} s`;
  rest = Math.round(rest / 60);
  const days = Math.floor(rest / 1440);
  const hours = Math.floor((rest % 1440) / 60);
  const minutes = rest % 60;
  const parts = [days ? `${days} d` : "", hours ? `${hours} h` : "", minutes ? `${minutes} min` : ""].filter(Boolean);
  return sign + (parts.length ? parts.slice(0, 2).join(" ") : "0 min");
}

/** `YYYY-MM-DD` of an instant in UTC: incident ids count per UTC day. */
export function utcDay(iso: Iso): string {
  return parseIso(iso).toFormat("yyyy-MM-dd");
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
