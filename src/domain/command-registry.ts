import type { Command, CommandName, CommandVocabulary, TimeSpec } from "./commands.types.js";
import { escapeTableCell } from "./mentions.js";
import { PHASES, ROLES, ROLE_COMMANDS, type Role, type SeverityKey } from "./vocabulary.js";

/**
 * The slash-command grammar as data (after prow's help providers): one entry per command, from which the
 * parser, `/help` and the README's command table are all derived, so they cannot drift apart.
 */

export type ArgsResult = Command | { error: string };

export interface CommandSpec {
  readonly name: CommandName;
  /** First words that select this command, canonical first; matched case-insensitively. */
  readonly words: readonly string[];
  readonly usage: string;
  readonly summary: string;
  readonly examples: readonly string[];
  /** Needs the configured `command` permission; only read-only commands are free for everyone. */
  readonly stateChanging: boolean;
  /** The text may continue on the following lines of the comment until the next command line. */
  readonly multiline: boolean;
  /** Reachable only as `/incident <word>`: a bare `/declare` is too generic a word to claim from other bots. */
  readonly prefixOnly?: boolean;
  /** `args` is everything after the word, trimmed; for multi-line commands, later lines follow a `\n`. */
  parse(args: string, vocab: CommandVocabulary): ArgsResult;
}

/** `/incident` prefixes every command (`/incident sev 1`); it is reserved and never a command of its own. */
export const INCIDENT_WORD = "incident";

/** GitHub's login rule: alphanumerics and single inner hyphens, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
export const isValidLogin = (login: string): boolean => LOGIN.test(login);

/** `eta:` starts the ETA only as a word of its own, so `beta:` stays text. */
export const ETA_MARKER = /(^|\s)eta:/i;

// ---------------------------------------------------------------------------------------------------------
// Argument readers shared by several commands.

function firstLineAndRest(args: string): [string, string] {
  const newline = args.indexOf("\n");
  return newline < 0 ? [args, ""] : [args.slice(0, newline), args.slice(newline + 1)];
}

/** Per-line trailing whitespace and surrounding blank lines carry no meaning; dropping them makes print/parse canonical. */
export function normalizeText(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}

function joinText(first: string, rest: string): string {
  return normalizeText(rest === "" ? first : `${first}\n${rest}`);
}

function describeSeverities(vocab: CommandVocabulary): string {
  return vocab.severities.map((s) => `${s.key} (${s.name})`).join(", ");
}

/** `1`, `sev1`, `SEV 1` or the configured name (`critical`), always resolved to a configured key. */
export function readSeverity(value: string, vocab: CommandVocabulary): SeverityKey | undefined {
  const wanted = value.trim().replace(/\s+/g, " ").toLowerCase();
  const numbered = /^(?:sev ?)?(\d+)$/.exec(wanted);
  const byKey = numbered ? vocab.severities.find((s) => s.key === `sev${Number(numbered[1])}`) : undefined;
  return (byKey ?? vocab.severities.find((s) => s.name.trim().replace(/\s+/g, " ").toLowerCase() === wanted))?.key;
}

function unknownSeverity(value: string, vocab: CommandVocabulary): { error: string } {
  return { error: `Unknown severity "${value}". Known severities: ${describeSeverities(vocab)}.` };
}

function readLogin(args: string): { user: string } | { error: string } {
  const tokens = args.split(/\s+/).filter((t) => t !== "");
  const [only] = tokens;
  if (only === undefined) return { error: "Say who: name a GitHub user." };
  if (tokens.length > 1) return { error: "Name exactly one GitHub user." };
  const user = only.startsWith("@") ? only.slice(1) : only;
  return isValidLogin(user) ? { user } : { error: `"${only}" is not a GitHub login.` };
}

// ---------------------------------------------------------------------------------------------------------
// Times: `HH:MM`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM`, or an instant with a zone.

export const TIME_FORMATS = "HH:MM, YYYY-MM-DD HH:MM, or an ISO time with a zone such as 2026-11-25T14:05:00Z";

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

function readTimeToken(token: string): TimeSpec | undefined {
  const clock = CLOCK.exec(token);
  if (clock) {
    const [hour, minute] = [Number(clock[1]), Number(clock[2])];
    return validClock(hour, minute) ? { kind: "clock", hour, minute } : undefined;
  }
  const local = LOCAL.exec(token);
  if (local) {
    const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number];
    if (!validDate(year, month, day) || !validClock(hour, minute)) return undefined;
    return { kind: "local", date: `${local[1]}-${local[2]}-${local[3]}`, hour, minute };
  }
  const instant = INSTANT.exec(token);
  if (!instant) return undefined;
  const fields = instant.slice(1, 7).map((v) => Number(v ?? 0));
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  const offset = offsetMinutes(instant[7] ?? "");
  if (offset === undefined || !validDate(year, month, day) || !validClock(hour, minute) || second > 59) return undefined;
  const iso = toUtcIso(fields, offset);
  return iso === undefined ? undefined : { kind: "instant", iso };
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
  if (read.rest.trim() !== "") return { error: `Unexpected "${read.rest.trim()}" after the time; use ${TIME_FORMATS}.` };
  if (!utc) return read.at;
  if (read.at.kind !== "local") return { error: `"${trimmed}": UTC needs a date and a time, e.g. 2026-11-25 14:05 UTC.` };
  const [year, month, day] = read.at.date.split("-").map(Number) as [number, number, number];
  const iso = toUtcIso([year, month, day, read.at.hour, read.at.minute, 0], 0);
  return iso ? { kind: "instant", iso } : { error: `"${trimmed}" is out of range.` };
}

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

// ---------------------------------------------------------------------------------------------------------
// Per-command argument parsers.

function parseDeclare(args: string, vocab: CommandVocabulary): ArgsResult {
  // Only the `sevN` spelling selects a severity here: "/incident declare 500 errors" must stay a title.
  const m = /^(sev\d+)(?:\s+([\s\S]*))?$/i.exec(args);
  if (!m) return args === "" ? { name: "declare" } : { name: "declare", title: args };
  const severity = readSeverity(m[1] ?? "", vocab);
  if (!severity) return unknownSeverity(m[1] ?? "", vocab);
  const title = (m[2] ?? "").trim();
  return title === "" ? { name: "declare", severity } : { name: "declare", severity, title };
}

function parseSeverity(args: string, vocab: CommandVocabulary): ArgsResult {
  if (args === "") return { error: `Say which severity: ${describeSeverities(vocab)}.` };
  const severity = readSeverity(args, vocab);
  return severity ? { name: "severity", severity } : unknownSeverity(args, vocab);
}

function parseStatus(args: string): ArgsResult {
  const phase = PHASES.find((p) => p === args.toLowerCase());
  if (phase) return { name: "status", phase };
  const known = PHASES.join(", ");
  return { error: args === "" ? `Say which status: ${known}.` : `Unknown status "${args}". Known statuses: ${known}.` };
}

function parseType(args: string, vocab: CommandVocabulary): ArgsResult {
  const type = vocab.types.find((t) => t.toLowerCase() === args.toLowerCase());
  if (type !== undefined) return { name: "type", type };
  if (vocab.types.length === 0) return { error: "No incident types are configured." };
  const known = vocab.types.join(", ");
  return { error: args === "" ? `Say which type: ${known}.` : `Unknown incident type "${args}". Known types: ${known}.` };
}

function parseRole(role: Role): CommandSpec["parse"] {
  return (args) => {
    const login = readLogin(args);
    return "error" in login ? login : { name: "role", role, user: login.user };
  };
}

function requireText<N extends "note" | "impact" | "root-cause">(name: N, what: string) {
  return (args: string): ArgsResult => {
    const text = normalizeText(args);
    return text === "" ? { error: `Say ${what}.` } : ({ name, text } as Extract<Command, { name: N }>);
  };
}

function parseUpdate(args: string): ArgsResult {
  const [first, rest] = firstLineAndRest(args);
  const marker = ETA_MARKER.exec(first);
  const lead = marker ? first.slice(0, marker.index) : first;
  const eta = marker ? first.slice(marker.index + marker[0].length).trim() : "";
  const text = joinText(lead, rest);
  if (text === "") return { error: "Say what changed." };
  return eta === "" ? { name: "update", text } : { name: "update", text, eta };
}

function parseTimeline(args: string): ArgsResult {
  const [first, rest] = firstLineAndRest(args);
  const read = readTimePrefix(first);
  if ("error" in read) return read;
  const text = joinText(read.rest, rest);
  return text === "" ? { error: "Say what happened at that time." } : { name: "timeline", at: read.at, text };
}

function parseMoment(name: "detected" | "started"): CommandSpec["parse"] {
  return (args) => {
    const at = parseTimeSpec(args);
    return "error" in at ? at : { name, at };
  };
}

function parseResolve(args: string): ArgsResult {
  const summary = normalizeText(args);
  return summary === "" ? { name: "resolve" } : { name: "resolve", summary };
}

function parseFalsePositive(args: string): ArgsResult {
  return args === "" ? { name: "false-positive" } : { name: "false-positive", reason: args };
}

function parseNoArgs(name: "ack"): CommandSpec["parse"] {
  return (args) => (args === "" ? { name } : { error: `/${name} takes no arguments.` });
}

// ---------------------------------------------------------------------------------------------------------
// The table.

const ROLE_TITLES: Record<Role, string> = {
  commander: "incident commander",
  tech: "technical lead",
  comms: "communications lead",
  support: "customer support lead",
};

const roleSpecs: CommandSpec[] = ROLES.map((role: Role) => {
  const word = ROLE_COMMANDS[role];
  return {
    name: "role",
    words: word === role ? [word] : [word, role],
    usage: `/${word} @user`,
    summary: `Assign the ${ROLE_TITLES[role]}.`,
    examples: [`/${word} @octocat`],
    stateChanging: true,
    multiline: false,
    parse: parseRole(role),
  };
});

export const COMMAND_SPECS: readonly CommandSpec[] = [
  {
    name: "declare",
    words: ["declare"],
    usage: "/incident declare [sev1-4] [title]",
    summary: "Declare an incident on this issue, optionally with a severity and a title.",
    examples: ["/incident declare sev2 Checkout returns 500s"],
    stateChanging: true,
    multiline: false,
    prefixOnly: true,
    parse: parseDeclare,
  },
  {
    name: "severity",
    words: ["sev", "severity"],
    usage: "/sev <1-4>",
    summary: "Change the severity (number, sevN or the severity's name).",
    examples: ["/sev 1", "/severity critical"],
    stateChanging: true,
    multiline: false,
    parse: parseSeverity,
  },
  {
    name: "status",
    words: ["status"],
    usage: `/status <${PHASES.join("|")}>`,
    summary: "Move the incident to another phase.",
    examples: ["/status monitoring"],
    stateChanging: true,
    multiline: false,
    parse: parseStatus,
  },
  {
    name: "type",
    words: ["type"],
    usage: "/type <type>",
    summary: "Set the incident type.",
    examples: ["/type security"],
    stateChanging: true,
    multiline: false,
    parse: parseType,
  },
  {
    name: "ack",
    words: ["ack"],
    usage: "/ack",
    summary: "Acknowledge the page: you are looking at it.",
    examples: ["/ack"],
    stateChanging: true,
    multiline: false,
    parse: parseNoArgs("ack"),
  },
  ...roleSpecs,
  {
    name: "update",
    words: ["update"],
    usage: "/update <text> [eta: <when>]",
    summary: "Post a status update; the text may continue on the next lines.",
    examples: ["/update Rolled back the deploy, error rate falling. eta: 30 minutes"],
    stateChanging: true,
    multiline: true,
    parse: parseUpdate,
  },
  {
    name: "note",
    words: ["note"],
    usage: "/note <text>",
    summary: "Add a note to the timeline.",
    examples: ["/note Paged the database on-call"],
    stateChanging: true,
    multiline: true,
    parse: requireText("note", "what to note"),
  },
  {
    name: "timeline",
    words: ["timeline"],
    usage: "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>",
    summary: "Add an event that happened at another time to the timeline.",
    examples: ["/timeline 14:05 Deploy 4211 started", "/timeline 2026-11-25T13:05:00Z Alert fired"],
    stateChanging: true,
    multiline: true,
    parse: parseTimeline,
  },
  {
    name: "detected",
    words: ["detected"],
    usage: "/detected <when>",
    summary: "Record when the incident was detected.",
    examples: ["/detected 14:02"],
    stateChanging: true,
    multiline: false,
    parse: parseMoment("detected"),
  },
  {
    name: "started",
    words: ["started"],
    usage: "/started <when>",
    summary: "Record when the impact started.",
    examples: ["/started 2026-11-25 13:50"],
    stateChanging: true,
    multiline: false,
    parse: parseMoment("started"),
  },
  {
    name: "impact",
    words: ["impact"],
    usage: "/impact <text>",
    summary: "Describe the customer impact.",
    examples: ["/impact 30% of checkouts fail in EU"],
    stateChanging: true,
    multiline: true,
    parse: requireText("impact", "what the impact is"),
  },
  {
    name: "root-cause",
    words: ["root-cause", "rootcause"],
    usage: "/root-cause <text>",
    summary: "Record the root cause.",
    examples: ["/root-cause Connection pool exhausted after config change"],
    stateChanging: true,
    multiline: true,
    parse: requireText("root-cause", "what the root cause is"),
  },
  {
    name: "resolve",
    words: ["resolve"],
    usage: "/resolve [summary]",
    summary: "Resolve the incident, optionally with a summary.",
    examples: ["/resolve Rolled back; error rate back to baseline"],
    stateChanging: true,
    multiline: true,
    parse: parseResolve,
  },
  {
    name: "false-positive",
    words: ["false-positive"],
    usage: "/false-positive [reason]",
    summary: "Close as a false alarm.",
    examples: ["/false-positive Synthetic check misconfigured"],
    stateChanging: true,
    multiline: false,
    parse: parseFalsePositive,
  },
  {
    name: "help",
    words: ["help"],
    usage: "/help",
    summary: "Show this list of commands.",
    examples: ["/help"],
    stateChanging: false,
    multiline: false,
    // Anything after /help is ignored: asking for help must never be answered with an error.
    parse: () => ({ name: "help" }),
  },
];

/** Indexes specs by lower-cased word; a duplicate word is a programming error and fails at module load. */
export function indexByWord(specs: readonly CommandSpec[]): ReadonlyMap<string, CommandSpec> {
  const index = new Map<string, CommandSpec>();
  for (const spec of specs) {
    for (const word of spec.words) {
      const key = word.toLowerCase();
      if (key === INCIDENT_WORD || index.has(key)) {
        throw new Error(`Command word "/${key}" is registered twice (second time for "${spec.name}").`);
      }
      index.set(key, spec);
    }
  }
  return index;
}

const SPECS_BY_WORD = indexByWord(COMMAND_SPECS);

/** The spec a first word selects; `viaPrefix` when it followed `/incident`. */
export function lookupCommand(word: string, viaPrefix: boolean): CommandSpec | undefined {
  const spec = SPECS_BY_WORD.get(word.toLowerCase());
  return spec && (viaPrefix || !spec.prefixOnly) ? spec : undefined;
}

export function isStateChangingName(name: CommandName): boolean {
  return COMMAND_SPECS.some((spec) => spec.name === name && spec.stateChanging);
}

// ---------------------------------------------------------------------------------------------------------
// Generated documentation.

const code = (text: string): string => `\`${text}\``;
const cell = (text: string): string => escapeTableCell(text);

function commandCell(spec: CommandSpec): string {
  const aliases = spec.words.slice(1).map((w) => code(`/${w}`));
  return cell(code(spec.usage) + (aliases.length > 0 ? ` (also ${aliases.join(", ")})` : ""));
}

/** The `/help` reply: one row per command, then the configured words the arguments accept. */
export function renderHelpMarkdown(vocab: CommandVocabulary): string {
  const rows = COMMAND_SPECS.map(
    (spec) => `| ${commandCell(spec)} | ${cell(spec.summary)} | ${cell(code(spec.examples[0] ?? spec.usage))} |`,
  );
  const severities = vocab.severities.map((s) => `${code(s.key)} ${s.name}`).join(", ");
  const types = vocab.types.length > 0 ? vocab.types.map(code).join(", ") : "none configured";
  return [
    "| Command | What it does | Example |",
    "| --- | --- | --- |",
    ...rows,
    "",
    `Severities: ${severities}. Statuses: ${PHASES.map(code).join(", ")}. Types: ${types}.`,
    "",
    `Every command can also follow ${code("/" + INCIDENT_WORD)}, e.g. ${code("/incident sev 1")}. ` +
      "Commands must start a line; quoted and code text is ignored.",
  ].join("\n");
}

/** The README's command table: the same rows, plus who may run each command. */
export function renderCommandTableMarkdown(): string {
  const rows = COMMAND_SPECS.map((spec) => {
    const who = !spec.stateChanging ? "anyone" : spec.name === "declare" ? "the configured `declare` permission" : "the configured `command` permission";
    const examples = spec.examples.map(code).join("<br>");
    return `| ${commandCell(spec)} | ${cell(spec.summary)} | ${cell(examples)} | ${who} |`;
  });
  return ["| Command | What it does | Examples | Who can run it |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

