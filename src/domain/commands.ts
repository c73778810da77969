import type { Command, CommandVocabulary, ParsedLine } from "./commands.types.js";
import {
  ETA_MARKER,
  INCIDENT_WORD,
  formatTimeSpec,
  isStateChangingName,
  lookupCommand,
  type CommandSpec,
} from "./command-registry.js";
import { ROLE_COMMANDS } from "./vocabulary.js";

/**
 * Finding slash commands in a comment. A command is a line whose first non-space character is `/` followed
 * by a registered word, outside fenced code, quotes and HTML comments: quoting someone's `/sev 1` in a reply
 * must never run it again, and other bots' `/words` are none of our business.
 */

export const MAX_COMMANDS_PER_COMMENT = 20;

type LineKind = "text" | "quote" | "code";

interface ScannedLine {
  readonly raw: string;
  readonly kind: LineKind;
  /** The line began inside a multi-line HTML comment, so it cannot start a command. */
  readonly startsInComment: boolean;
  /** The line as rendered: HTML comments removed (code lines are kept verbatim). */
  readonly visible: string;
}

interface Fence {
  readonly char: "`" | "~";
  readonly length: number;
}

// ---------------------------------------------------------------------------------------------------------
// Scanning: which lines are code, quotes or hidden, following CommonMark closely enough for comments.

function opensFence(line: string): Fence | undefined {
  const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  const run = m?.[1];
  if (!run) return undefined;
  const char = run[0] === "~" ? "~" : "`";
  // A backtick fence's info string cannot contain backticks (that is inline code instead).
  if (char === "`" && (m[2] ?? "").includes("`")) return undefined;
  return { char, length: run.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = /^ {0,3}(`+|~+)\s*$/.exec(line);
  const run = m?.[1];
  return run !== undefined && run[0] === fence.char && run.length >= fence.length;
}

/**
 * Removes HTML comments from one line, skipping inline code spans (a `<!--` in backticks is literal).
 * Scans left to right because whichever of a code span or a comment opens first wins.
 */
function stripComments(line: string, inComment: boolean): { visible: string; inComment: boolean } {
  if (!inComment && !line.includes("<!--")) return { visible: line, inComment };
  const runs = backtickRuns(line);
  let visible = "";
  let i = 0;
  while (i < line.length) {
    const run = runs.get(i);
    if (inComment) {
      const end = line.indexOf("-->", i);
      if (end < 0) return { visible, inComment: true };
      i = end + 3;
      inComment = false;
    } else if (run) {
      const end = (run.closeAt ?? i) + run.length;
      visible += line.slice(i, end);
      i = end;
    } else if (line.startsWith("<!--", i)) {
      inComment = true;
      i += 4;
    } else {
      visible += line[i];
      i += 1;
    }
  }
  return { visible, inComment };
}

/**
 * Each backtick run by start, with where the next run of the same length starts (the end of its code span).
 * Precomputed right to left so a line full of backticks stays linear.
 */
function backtickRuns(line: string): Map<number, { length: number; closeAt: number | undefined }> {
  const starts = [...line.matchAll(/`+/g)].map((m) => ({ start: m.index, length: m[0].length }));
  const runs = new Map<number, { length: number; closeAt: number | undefined }>();
  const nextByLength = new Map<number, number>();
  for (const { start, length } of starts.reverse()) {
    runs.set(start, { length, closeAt: nextByLength.get(length) });
    nextByLength.set(length, start);
  }
  return runs;
}

function splitLines(body: string): string[] {
  return body.replace(/\r\n?/g, "\n").split("\n");
}

function scanLines(body: string): ScannedLine[] {
  let fence: Fence | undefined;
  let inComment = false;
  return splitLines(body).map((raw): ScannedLine => {
    if (fence) {
      if (closesFence(raw, fence)) fence = undefined;
      return { raw, kind: "code", startsInComment: false, visible: raw };
    }
    fence = inComment ? undefined : opensFence(raw);
    if (fence) return { raw, kind: "code", startsInComment: false, visible: raw };
    const startsInComment = inComment;
    const stripped = stripComments(raw, inComment);
    inComment = stripped.inComment;
    const kind = /^\s*>/.test(raw) ? "quote" : "text";
    return { raw, kind, startsInComment, visible: stripped.visible };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Recognising command lines.

type Recognized =
  | { kind: "command"; spec: CommandSpec; firstArgs: string }
  | { kind: "unknown-verb"; verb: string };

interface CommandLine {
  readonly index: number;
  readonly raw: string;
  readonly what: Recognized;
}

const SLASH_WORD = /^\s*\/(\S+)\s*([\s\S]*)$/;

/** What a scanned line means, or undefined when it is not ours (plain text, code, quote, another bot's command). */
function recognize(line: ScannedLine): Recognized | undefined {
  if (line.kind !== "text" || line.startsInComment || !/^\s*\//.test(line.raw)) return undefined;
  const m = SLASH_WORD.exec(line.visible);
  const word = (m?.[1] ?? "").toLowerCase();
  const rest = (m?.[2] ?? "").trim();
  if (word === INCIDENT_WORD) return recognizeAfterPrefix(rest);
  const spec = lookupCommand(word, false);
  return spec ? { kind: "command", spec, firstArgs: rest } : undefined;
}

function recognizeAfterPrefix(rest: string): Recognized {
  const [, verb = "", args = ""] = /^(\S*)\s*([\s\S]*)$/.exec(rest) ?? [];
  const spec = lookupCommand(verb, true);
  return spec ? { kind: "command", spec, firstArgs: args.trim() } : { kind: "unknown-verb", verb };
}

function findCommandLines(lines: readonly ScannedLine[]): CommandLine[] {
  const found: CommandLine[] = [];
  lines.forEach((line, index) => {
    const what = recognize(line);
    if (what) found.push({ index, raw: line.raw.trim(), what });
  });
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing.

/**
 * The arguments a command line's spec parses: the rest of its line, and for multi-line commands every
 * following line up to the next command line, as rendered (HTML comments hidden by GitHub stay hidden).
 */
function argsFor(commandLines: readonly CommandLine[], i: number, lines: readonly ScannedLine[]): string {
  const cl = commandLines[i];
  if (cl?.what.kind !== "command") return "";
  if (!cl.what.spec.multiline) return cl.what.firstArgs;
  const end = commandLines[i + 1]?.index ?? lines.length;
  return [cl.what.firstArgs, ...lines.slice(cl.index + 1, end).map((line) => line.visible)].join("\n");
}

function parseCommandLine(cl: CommandLine, text: string, vocab: CommandVocabulary): ParsedLine {
  const line = cl.index + 1;
  if (cl.what.kind === "unknown-verb") {
    const error =
      cl.what.verb === ""
        ? `Say what to do after /${INCIDENT_WORD}, e.g. /${INCIDENT_WORD} declare sev2 <title>. Type /help for all commands.`
        : `Unknown command "/${INCIDENT_WORD} ${cl.what.verb}". Type /help for all commands.`;
    return { ok: false, line, raw: cl.raw, error, usage: "/help" };
  }
  const { spec } = cl.what;
  const result = spec.parse(text, vocab);
  return "error" in result
    ? { ok: false, line, raw: cl.raw, error: result.error, usage: spec.usage }
    : { ok: true, line, raw: cl.raw, command: result };
}

function overflowError(extra: readonly CommandLine[]): ParsedLine {
  const first = extra[0];
  return {
    ok: false,
    line: (first?.index ?? 0) + 1,
    raw: first?.raw ?? "",
    error: `At most ${MAX_COMMANDS_PER_COMMENT} commands are run per comment; ${extra.length} more were ignored.`,
    usage: "Split the commands over several comments.",
  };
}

/** Every command in a comment, in order, each parsed or explained. Never throws. */
export function parseComment(body: string, vocab: CommandVocabulary): ParsedLine[] {
  const lines = scanLines(body);
  const commandLines = findCommandLines(lines);
  const parsed = commandLines
    .slice(0, MAX_COMMANDS_PER_COMMENT)
    .map((cl, i) => parseCommandLine(cl, argsFor(commandLines, i, lines), vocab));
  const extra = commandLines.slice(MAX_COMMANDS_PER_COMMENT);
  return extra.length > 0 ? [...parsed, overflowError(extra)] : parsed;
}

/**
 * Whether `parseComment` would return anything, for any configuration: configuration only decides whether a
 * command line parses, never whether it is one. Lets a comment without commands cost no API request.
 */
/** True iff some command line of the comment addresses Firebreak by name (`/incident …`). */
export function hasIncidentPrefixedLine(body: string): boolean {
  const prefix = new RegExp(`^/${INCIDENT_WORD}\\b`, "i");
  return hasCommandLine(body) && findCommandLines(scanLines(body)).some((line) => prefix.test(line.raw));
}

export function hasCommandLine(body: string): boolean {
  // Cheap pre-check: nearly all comments have no line starting with a slash at all. The leading blanks
  // exclude line breaks so that a body of many empty lines stays linear.
  if (!/^[^\S\n\r\u2028\u2029]*\/\S/m.test(body)) return false;
  return findCommandLines(scanLines(body)).length > 0;
}

export function isStateChanging(cmd: Command): boolean {
  return isStateChangingName(cmd.name);
}

// ---------------------------------------------------------------------------------------------------------
// Printing: the canonical text of a command; parseComment(printCommand(cmd)) gives back exactly cmd.

const withArgs = (head: string, ...args: (string | undefined)[]): string =>
  [head, ...args.filter((a): a is string => a !== undefined && a !== "")].join(" ");

function printUpdate(text: string, eta: string | undefined): string {
  const etaPart = eta === undefined ? undefined : `eta: ${eta}`;
  const firstLine = text.split("\n", 1)[0] ?? "";
  // A first line that itself says "eta:" would be read as the ETA, so the text then starts on the next line.
  if (ETA_MARKER.test(firstLine)) return `${withArgs("/update", etaPart)}\n${text}`;
  const [first, ...rest] = text.split("\n");
  return [withArgs("/update", first, etaPart), ...rest].join("\n");
}

export function printCommand(cmd: Command): string {
  switch (cmd.name) {
    case "declare":
      return withArgs(`/${INCIDENT_WORD} declare`, cmd.severity, cmd.title);
    case "severity":
      return `/sev ${cmd.severity.slice("sev".length)}`;
    case "status":
      return `/status ${cmd.phase}`;
    case "type":
      return `/type ${cmd.type}`;
    case "ack":
      return "/ack";
    case "role":
      return `/${ROLE_COMMANDS[cmd.role]} @${cmd.user}`;
    case "update":
      return printUpdate(cmd.text, cmd.eta);
    case "note":
    case "impact":
    case "root-cause":
      return `/${cmd.name} ${cmd.text}`;
    case "timeline":
      return `/timeline ${formatTimeSpec(cmd.at)} ${cmd.text}`;
    case "detected":
    case "started":
      return `/${cmd.name} ${formatTimeSpec(cmd.at)}`;
    case "resolve":
      return withArgs("/resolve", cmd.summary);
    case "false-positive":
      return withArgs("/false-positive", cmd.reason);
    case "help":
      return "/help";
  }
}
