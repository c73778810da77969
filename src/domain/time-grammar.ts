import type { TimeSpec } from "./commands.types.js";

/**
 * Times as people type them in commands and in the issue form: `HH:MM`, `YYYY-MM-DD HH:MM`,
 * `YYYY-MM-DDTHH:MM`, or an instant with a zone. Reading never throws; an impossible time is an error message.
 */

const TIME_FORMATS = "HH:MM, YYYY-MM-DD HH:MM, or an ISO time with a zone such as 2026-11-25T14:05:00Z";

const CLOCK = /^(\d{1,2}):(\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{1,2}):(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

const validClock = (hour: number, minute: number): boolean => hour <= 23 && minute <= 59;
const validDate = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);

/** Minutes east of UTC, or undefined for an impossible offset. */
function offsetMinutes(zone: string): number | undefined {
  if (/^z$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 18 || minutes > 59) return undefined;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

/** Normalises to `YYYY-MM-DDTHH:MM:SSZ`, the one form instants are stored in. */
function toUtcIso(fields: number[], offset: number): string | undefined {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = fields;
  // setUTCFullYear, because Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, 0);
  const utcYear = date.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) return undefined;
  return `${date.toISOString().slice(0, 19)}Z`;
}

function readClock(token: string): TimeSpec | undefined {
  const clock = CLOCK.exec(token);
  if (!clock) return undefined;
  const [hour, minute] = [Number(clock[1]), Number(clock[2])];
  return validClock(hour, minute) ? { kind: "clock", hour, minute } : undefined;
}

function readLocal(token: string): TimeSpec | undefined {
  const local = LOCAL.exec(token);
  if (!local) return undefined;
  const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
  if (!validDate(year, month, day) || !validClock(hour, minute)) return undefined;
  return { kind: "local", date: `${local[1]}-${local[2]}-${local[3]}`, hour, minute };
}

function readInstant(token: string): TimeSpec | undefined {
  const instant = INSTANT.exec(token);
  if (!instant) return undefined;
  const fields = instant.slice(1, 7).map((v) => Number(v ?? 0));
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  const offset = offsetMinutes(instant[7] ?? "");
  if (offset === undefined || !validDate(year, month, day) || !validClock(hour, minute) || second > 59)
    return undefined;
  const iso = toUtcIso(fields, offset);
  return iso === undefined ? undefined : { kind: "instant", iso };
}

/** One word as a time; the three shapes cannot overlap, so the first that matches is the only one. */
function readTimeToken(token: string): TimeSpec | undefined {
  if (CLOCK.test(token)) return readClock(token);
  if (LOCAL.test(token)) return readLocal(token);
  return readInstant(token);
}

/** Reads a time from the start of `text` (a date and a time may be two words); the remainder is returned. */
export function readTimePrefix(text: string): { at: TimeSpec; rest: string } | { error: string } {
  const [, first = "", afterFirst = ""] = /^(\S*)\s*([\s\S]*)$/.exec(text.trimStart()) ?? [];
  let token = first;
  let rest = afterFirst;
  if (DATE_ONLY.test(first)) {
    const [, time = "", afterTime = ""] = /^(\S*)\s*([\s\S]*)$/.exec(afterFirst) ?? [];
    token = `${first}T${time}`;
    rest = afterTime;
  }
  if (first === "") return { error: `Say when: ${TIME_FORMATS}.` };
  const at = readTimeToken(token);
  return at ? { at, rest } : { error: `"${token.replace("T", " ").trim()}" is not a valid time; use ${TIME_FORMATS}.` };
}

/**
 * Reads a whole value as a time. A trailing ` UTC` turns a local date and time into an instant
 * (`2026-11-25 14:05 UTC`, what the issue form asks for); `/timeline` does not accept it, because there a
 * text starting with "UTC" would make it ambiguous.
 */
export function parseTimeSpec(value: string): TimeSpec | { error: string } {
  const trimmed = value.trim();
  const utc = /\sUTC$/i.test(trimmed);
  const read = readTimePrefix(utc ? trimmed.slice(0, -"UTC".length).trimEnd() : trimmed);
  if ("error" in read) return read;
  if (read.rest.trim() !== "")
    return { error: `Unexpected "${read.rest.trim()}" after the time; use ${TIME_FORMATS}.` };
  if (!utc) return read.at;
  if (read.at.kind !== "local")
    return { error: `"${trimmed}": UTC needs a date and a time, e.g. 2026-11-25 14:05 UTC.` };
  const [year, month, day] = read.at.date.split("-").map(Number) as [number, number, number];
  const iso = toUtcIso([year, month, day, read.at.hour, read.at.minute, 0], 0);
  return iso ? { kind: "instant", iso } : { error: `"${trimmed}" is out of range.` };
}

/** The canonical text of a time: `parseTimeSpec(formatTimeSpec(at))` gives back `at`. */
export function formatTimeSpec(at: TimeSpec): string {
  switch (at.kind) {
    case "clock":
      return `${pad(at.hour)}:${pad(at.minute)}`;
    case "local":
      return `${at.date}T${pad(at.hour)}:${pad(at.minute)}`;
    case "instant":
      return at.iso;
  }
}
