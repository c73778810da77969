import type { Command, CommandVocabulary, ParsedLine } from "./commands.types.js";
import { INCIDENT_WORD, lookupCommand, specOf, type CommandPermission, type CommandSpec } from "./command-registry.js";
import { readCommentLines, type CommentLine } from "./comment-markdown.js";

/**
 * Finding slash commands in a comment. A command line is a line GitHub shows starting with `/` and a
 * registered word, in plain text: a paragraph's line, wherever the paragraph is (in a list item too, or a line
 * that merely continues a quote without its own `>`), a heading's or a table row's. Never a line of a quote,
 * code (fenced, indented, inline), an HTML block or an HTML comment: quoting someone's `/sev 1` in a reply
 * must never run it again, and other bots' `/words` are none of our business.
 */

export const MAX_COMMANDS_PER_COMMENT = 20;

// ---------------------------------------------------------------------------------------------------------
// Recognising command lines.

type Recognized = { kind: "command"; spec: CommandSpec; firstArgs: string } | { kind: "unknown-verb"; verb: string };

interface CommandLine {
  readonly index: number;
  readonly raw: string;
  readonly what: Recognized;
}

const SLASH_WORD = /^\s*\/(\S+)\s*([\s\S]*)$/;

/** What a line means, or undefined when it is not ours (plain text, code, quote, another bot's command). */
function recognize(line: CommentLine): Recognized | undefined {
  if (!line.startsWithSlash) return undefined;
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

const MAY_HOLD_COMMAND = /^[^\S\n\r\u2028\u2029]*\/\S/m;

/**
 * Cheap pre-check: nearly all comments have no line starting with a slash at all, and those cost no Markdown
 * parse. The leading blanks exclude line breaks so that a body of many empty lines stays linear.
 */
export function mayHoldCommandLine(body: string): boolean {
  return MAY_HOLD_COMMAND.test(body);
}

interface ReadComment {
  readonly lines: readonly CommentLine[];
  readonly commandLines: readonly CommandLine[];
}

function readComment(body: string): ReadComment {
  if (!mayHoldCommandLine(body)) return { lines: [], commandLines: [] };
  const lines = readCommentLines(body);
  const commandLines: CommandLine[] = [];
  lines.forEach((line, index) => {
    const what = recognize(line);
    if (what) commandLines.push({ index, raw: line.raw.trim(), what });
  });
  return { lines, commandLines };
}

// ---------------------------------------------------------------------------------------------------------
// Parsing.

/**
 * The arguments a command line's spec parses: the rest of its line, and for multi-line commands every
 * following line up to the next command line, as rendered (HTML comments hidden by GitHub stay hidden).
 */
function argsFor(commandLines: readonly CommandLine[], i: number, lines: readonly CommentLine[]): string {
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
  const { lines, commandLines } = readComment(body);
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
export function hasCommandLine(body: string): boolean {
  return readComment(body).commandLines.length > 0;
}

/** True iff some command line of the comment addresses Firebreak by name (`/incident …`). */
export function hasIncidentPrefixedLine(body: string): boolean {
  const prefix = new RegExp(`^/${INCIDENT_WORD}\\b`, "i");
  return readComment(body).commandLines.some((line) => prefix.test(line.raw));
}

/** The canonical text of a command; `parseComment(printCommand(cmd))` gives back exactly `cmd`. */
export function printCommand(cmd: Command): string {
  return specOf(cmd).print(cmd);
}

/** Who may run the command, as its registry entry says. */
export function requiredPermission(cmd: Command): CommandPermission {
  return specOf(cmd).permission;
}

export function isStateChanging(cmd: Command): boolean {
  return requiredPermission(cmd) !== "anyone";
}
