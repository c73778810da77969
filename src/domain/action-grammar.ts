import { DateTime } from "luxon";
import { parseDuration } from "../config/duration.js";
import type { DueSpec } from "./action-items.js";
import { readLogin } from "./command-args.js";
import type { Command } from "./commands.types.js";
import { type Iso, addMs } from "./time.js";

/** The arguments of `/action` and `/due`: a title or `#n`, an optional trailing `@owner`, an optional `due:`. */

type ActionCommand = Extract<Command, { name: "action" }>;

const DUE_TOKEN = /(?:^|\s)due:\s*(\S+)/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DUE_USAGE = "a date (2026-12-20) or a span from now (3d, 2w)";

export function parseDueSpec(text: string): DueSpec | { error: string } {
  if (DATE.test(text)) {
    return DateTime.fromISO(text, { zone: "utc" }).isValid
      ? { kind: "date", date: text }
      : { error: `"${text}" is not a date: give ${DUE_USAGE}.` };
  }
  const span = parseDuration(text.toLowerCase());
  return span && span.ms > 0
    ? { kind: "in", text: span.text, ms: span.ms }
    : { error: `Give the deadline as ${DUE_USAGE}.` };
}

export function printDueSpec(due: DueSpec): string {
  return due.kind === "date" ? due.date : due.text;
}

/** A date means the end of that day where the team is; a span counts from when it was typed. */
export function resolveDue(due: DueSpec, at: Iso, timeZone: string): Iso {
  if (due.kind === "in") return addMs(at, due.ms);
  const end = DateTime.fromISO(due.date, { zone: timeZone }).endOf("day").set({ millisecond: 0 });
  return end.toUTC().toISO({ suppressMilliseconds: true }) ?? at;
}

export function parseActionArgs(args: string): ActionCommand | { error: string } {
  if (args.includes("\n")) return { error: "Give one action item per line." };
  const dueMatch = DUE_TOKEN.exec(args);
  const due = dueMatch ? parseDueSpec(dueMatch[1] ?? "") : undefined;
  if (due && "error" in due) return due;
  const rest = (
    dueMatch ? args.slice(0, dueMatch.index) + args.slice(dueMatch.index + dueMatch[0].length) : args
  ).trim();
  const ownerMatch = /(?:^|\s)(@\S+)$/.exec(rest);
  const owner = ownerMatch ? readLogin(ownerMatch[1] ?? "") : undefined;
  if (owner && "error" in owner) return owner;
  const text = (ownerMatch ? rest.slice(0, ownerMatch.index) : rest).trim();
  const extras = { ...(owner ? { owner: owner.user } : {}), ...(due ? { due } : {}) };
  const link = /^#(\d{1,9})$/.exec(text);
  if (link) return { name: "action", link: Number(link[1]), ...extras };
  if (text === "")
    return { error: "Say what needs doing, e.g. `/action Add an alert on pool saturation @octocat due:2w`." };
  if (text.length > 256)
    return { error: "Keep the action item's title under 256 characters; put details in the issue." };
  return { name: "action", title: text, ...extras };
}

export function printAction(command: ActionCommand): string {
  const head = command.link !== undefined ? `#${command.link}` : (command.title ?? "");
  const owner = command.owner ? ` @${command.owner}` : "";
  const due = command.due ? ` due:${printDueSpec(command.due)}` : "";
  return `/action ${head}${owner}${due}`;
}
