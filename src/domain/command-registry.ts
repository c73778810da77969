import type { CommandContext } from "./command-context.js";
import type { Command, CommandName, CommandVocabulary } from "./commands.types.js";
import {
  ETA_MARKER,
  describeSeverities,
  firstLineAndRest,
  joinText,
  normalizeText,
  readLogin,
  readSeverity,
  unknownSeverity,
} from "./command-args.js";
import { formatTimeSpec, parseTimeSpec, readTimePrefix } from "./time-grammar.js";
import { parseActionArgs, parseDueSpec, printAction, printDueSpec } from "./action-grammar.js";
import { parseDuration } from "../config/duration.js";
import { clearSuspect, markSuspect } from "./suspect-marks.js";
import { PHASES, ROLES, ROLE_COMMANDS, type Role } from "./vocabulary.js";

/**
 * The slash-command grammar as data (after prow's plugins): one entry per command holds everything about it
 * (its words, how its arguments parse and print, who may run it, its help), so the parser, the printer, the
 * permission check, `/help` and the README's command table cannot drift apart, and adding a command is one
 * entry here.
 */

type CommandOf<N extends CommandName> = Extract<Command, { name: N }>;
type ArgsResult<C extends Command = Command> = C | { error: string };

/** Who may run a command: anyone, or whoever holds the level the config sets under `permissions.<key>`. */
export type CommandPermission = "anyone" | "command" | "declare";

/** One command's entry; `C` is the command it parses to and prints. */
export interface CommandSpec<C extends Command = Command> {
  readonly name: C["name"];
  /** First words that select this command, canonical first; matched case-insensitively. */
  readonly words: readonly string[];
  readonly usage: string;
  readonly summary: string;
  readonly examples: readonly string[];
  readonly permission: CommandPermission;
  /** The text may continue on the following lines of the comment until the next command line. */
  readonly multiline: boolean;
  /** Reachable only as `/incident <word>`: a bare `/declare` is too generic a word to claim from other bots. */
  readonly prefixOnly?: boolean;
  /** `args` is everything after the word, trimmed; for multi-line commands, later lines follow a `\n`. */
  parse(args: string, vocab: CommandVocabulary): ArgsResult<C>;
  /** The canonical text of the command: parsing it gives back exactly `command`. */
  print(command: C): string;
  /** For a name several entries share (one per role): whether this entry is the one that prints `command`. */
  prints?(command: C): boolean;
  /** What the accepted command does to the incident (the fold calls it; refusals never get here). */
  apply(command: C, ctx: CommandContext): void;
  /** A command that belongs on another issue than the incident: the reply tells where, and it changes nothing. */
  readonly elsewhere?: string;
}

/** The entry of the command named `N`. */
type EntryOf<N extends CommandName> = CommandSpec<CommandOf<N>>;

/** `/incident` prefixes every command (`/incident sev 1`); it is reserved and never a command of its own. */
export const INCIDENT_WORD = "incident";

const withArgs = (head: string, ...args: (string | undefined)[]): string =>
  [head, ...args.filter((a): a is string => a !== undefined && a !== "")].join(" ");

// ---------------------------------------------------------------------------------------------------------
// Argument parsers and printers that need more than a line.

function parseDeclare(args: string, vocab: CommandVocabulary): ArgsResult<CommandOf<"declare">> {
  // Only the `sevN` spelling selects a severity here: "/incident declare 500 errors" must stay a title.
  const m = /^(sev\d+)(?:\s+([\s\S]*))?$/i.exec(args);
  if (!m) return args === "" ? { name: "declare" } : { name: "declare", title: args };
  const severity = readSeverity(m[1] ?? "", vocab);
  if (!severity) return unknownSeverity(m[1] ?? "", vocab);
  const title = (m[2] ?? "").trim();
  return title === "" ? { name: "declare", severity } : { name: "declare", severity, title };
}

function parseStatus(args: string): ArgsResult<CommandOf<"status">> {
  const phase = PHASES.find((p) => p === args.toLowerCase());
  if (phase) return { name: "status", phase };
  const known = PHASES.join(", ");
  return { error: args === "" ? `Say which status: ${known}.` : `Unknown status "${args}". Known statuses: ${known}.` };
}

function parseType(args: string, vocab: CommandVocabulary): ArgsResult<CommandOf<"type">> {
  const type = vocab.types.find((t) => t.toLowerCase() === args.toLowerCase());
  if (type !== undefined) return { name: "type", type };
  if (vocab.types.length === 0) return { error: "No incident types are configured." };
  const known = vocab.types.join(", ");
  return {
    error: args === "" ? `Say which type: ${known}.` : `Unknown incident type "${args}". Known types: ${known}.`,
  };
}

function requireText<N extends "note" | "impact">(name: N, what: string) {
  return (args: string): ArgsResult<CommandOf<N>> => {
    const text = normalizeText(args);
    return text === "" ? { error: `Say ${what}.` } : ({ name, text } as CommandOf<N>);
  };
}

/** `category:<word>` first, then the text; the category is lower-case letters, digits and hyphens. */
function parseRootCause(args: string): ArgsResult<CommandOf<"root-cause">> {
  const category = /^category:([A-Za-z0-9][A-Za-z0-9-]{0,39})(?=\s|$)/i.exec(args);
  const text = normalizeText(category ? args.slice(category[0].length) : args);
  if (text === "") return { error: "Say what the root cause is." };
  return category
    ? { name: "root-cause", text, category: (category[1] ?? "").toLowerCase() }
    : { name: "root-cause", text };
}

/** `#4211`: the pull request a `/suspect` or `/cleared` is about. */
function parsePull<N extends "suspect" | "cleared">(name: N, args: string): ArgsResult<CommandOf<N>> {
  const m = /^#?(\d{1,9})$/.exec(args);
  return m ? ({ name, pull: Number(m[1]) } as CommandOf<N>) : { error: `Say which pull request: \`/${name} #4211\`.` };
}

/** `public` first on the line: the update may be shown outside the team (the status page, public channels). */
const PUBLIC_MARKER = /^public(?:\s+|$)/i;

function parseUpdate(args: string): ArgsResult<CommandOf<"update">> {
  const [line, rest] = firstLineAndRest(args);
  const isPublic = PUBLIC_MARKER.test(line);
  const first = isPublic ? line.replace(PUBLIC_MARKER, "") : line;
  const marker = ETA_MARKER.exec(first);
  const lead = marker ? first.slice(0, marker.index) : first;
  const eta = marker ? first.slice(marker.index + marker[0].length).trim() : "";
  const text = joinText(lead, rest);
  if (text === "") return { error: "Say what changed." };
  return { name: "update", text, ...(eta === "" ? {} : { eta }), ...(isPublic ? { public: true } : {}) };
}

function printUpdate({ text, eta, public: isPublic }: CommandOf<"update">): string {
  const head = isPublic ? "/update public" : "/update";
  const etaPart = eta === undefined ? undefined : `eta: ${eta}`;
  const firstLine = text.split("\n", 1)[0] ?? "";
  // A first line that itself says "eta:" (or starts with "public") would be read as the ETA (or the marker), so
  // the text then starts on the next line.
  if (ETA_MARKER.test(firstLine) || PUBLIC_MARKER.test(firstLine)) return `${withArgs(head, etaPart)}\n${text}`;
  const [first, ...rest] = text.split("\n");
  return [withArgs(head, first, etaPart), ...rest].join("\n");
}

function parseTimeline(args: string): ArgsResult<CommandOf<"timeline">> {
  const [first, rest] = firstLineAndRest(args);
  const read = readTimePrefix(first);
  if ("error" in read) return read;
  const text = joinText(read.rest, rest);
  return text === "" ? { error: "Say what happened at that time." } : { name: "timeline", at: read.at, text };
}

function parseMoment<N extends "detected" | "started">(name: N) {
  return (args: string): ArgsResult<CommandOf<N>> => {
    const at = parseTimeSpec(args);
    return "error" in at ? at : ({ name, at } as CommandOf<N>);
  };
}

// ---------------------------------------------------------------------------------------------------------
// The entries.

const ROLE_TITLES: Record<Role, string> = {
  commander: "incident commander",
  tech: "technical lead",
  comms: "communications lead",
  support: "customer support lead",
};

/** One entry per role, each with its own word (`/ic`, `/tech`, …); all four parse to the `role` command. */
function roleSpec(role: Role): EntryOf<"role"> {
  const word = ROLE_COMMANDS[role];
  return {
    name: "role",
    words: word === role ? [word] : [word, role],
    usage: `/${word} @user`,
    summary: `Assign the ${ROLE_TITLES[role]}.`,
    examples: [`/${word} @octocat`],
    permission: "command",
    multiline: false,
    parse(args) {
      const login = readLogin(args);
      return "error" in login ? login : { name: "role", role, user: login.user };
    },
    print: (cmd) => `/${word} @${cmd.user}`,
    prints: (cmd) => cmd.role === role,
    apply(cmd, ctx) {
      if (ctx.state.roles[cmd.role] === cmd.user) return;
      ctx.state.roles[cmd.role] = cmd.user;
      ctx.note("role", `${ctx.config.roles[cmd.role].name}: @${cmd.user}`);
    },
  };
}

/**
 * The table: every command by name, in the order `/help` and the README list them. Keyed by name so that the
 * compiler checks each command of the `Command` type has its entry, and types each entry's `parse` and
 * `print` by its command (a name several entries share, the roles, lists them all).
 */
const ENTRIES = {
  declare: {
    name: "declare",
    words: ["declare"],
    usage: `/${INCIDENT_WORD} declare [sev1-4] [title]`,
    summary: "Declare an incident on this issue, optionally with a severity and a title.",
    examples: [`/${INCIDENT_WORD} declare sev2 Checkout returns 500s`],
    permission: "declare",
    multiline: false,
    prefixOnly: true,
    parse: parseDeclare,
    print: (cmd) => withArgs(`/${INCIDENT_WORD} declare`, cmd.severity, cmd.title),
    // Declaring again with a severity changes it; a title given later does not rename the incident.
    apply: (cmd, ctx) =>
      ctx.state.declared ? cmd.severity && ctx.setSeverity(cmd.severity) : ctx.declare(cmd.severity, cmd.title),
  },
  severity: {
    name: "severity",
    words: ["sev", "severity"],
    usage: "/sev <1-4>",
    summary: "Change the severity (number, sevN or the severity's name).",
    examples: ["/sev 1", "/severity critical"],
    permission: "command",
    multiline: false,
    parse(args, vocab) {
      if (args === "") return { error: `Say which severity: ${describeSeverities(vocab)}.` };
      const key = readSeverity(args, vocab);
      return key ? { name: "severity", severity: key } : unknownSeverity(args, vocab);
    },
    print: (cmd) => `/sev ${cmd.severity.slice("sev".length)}`,
    apply: (cmd, ctx) => ctx.setSeverity(cmd.severity),
  },
  status: {
    name: "status",
    words: ["status"],
    usage: `/status <${PHASES.join("|")}>`,
    summary: "Move the incident to another phase.",
    examples: ["/status monitoring"],
    permission: "command",
    multiline: false,
    parse: parseStatus,
    print: (cmd) => `/status ${cmd.phase}`,
    apply: (cmd, ctx) => ctx.setPhase(cmd.phase),
  },
  type: {
    name: "type",
    words: ["type"],
    usage: "/type <type>",
    summary: "Set the incident type.",
    examples: ["/type security"],
    permission: "command",
    multiline: false,
    parse: parseType,
    print: (cmd) => `/type ${cmd.type}`,
    apply(cmd, ctx) {
      if (ctx.state.type !== cmd.type) ctx.note("type", `Type set to ${ctx.config.types[cmd.type]?.name ?? cmd.type}`);
      ctx.state.type = cmd.type;
    },
  },
  ack: {
    name: "ack",
    words: ["ack"],
    usage: "/ack",
    summary: "Acknowledge the page: you are looking at it.",
    examples: ["/ack"],
    permission: "command",
    multiline: false,
    parse: (args) => (args === "" ? { name: "ack" } : { error: "/ack takes no arguments." }),
    print: () => "/ack",
    apply(_cmd, ctx) {
      if (ctx.state.acknowledged) return;
      ctx.state.acknowledged = { at: ctx.at, by: ctx.actor };
      ctx.note("ack", "Acknowledged");
    },
  },
  role: ROLES.map(roleSpec),
  update: {
    name: "update",
    words: ["update"],
    usage: "/update [public] <text> [eta: <when>]",
    summary:
      "Post a status update; the text may continue on the next lines. `public` marks it as one that may be shown outside the team.",
    examples: ["/update Rolled back the deploy, error rate falling. eta: 30 minutes"],
    permission: "command",
    multiline: true,
    parse: parseUpdate,
    print: printUpdate,
    apply(cmd, ctx) {
      const { state } = ctx;
      const severity = state.severity ?? ctx.config.defaultSeverity;
      state.updates.push({
        source: ctx.source,
        at: ctx.at,
        by: ctx.actor,
        text: cmd.text,
        eta: cmd.eta,
        ...(cmd.public ? { public: true } : {}),
        phase: state.phase,
        severity,
        impact: state.impact,
      });
      ctx.note("update", "Status update posted");
    },
  },
  note: {
    name: "note",
    words: ["note"],
    usage: "/note <text>",
    summary: "Add a note to the timeline.",
    examples: ["/note Paged the database on-call"],
    permission: "command",
    multiline: true,
    parse: requireText("note", "what to note"),
    print: (cmd) => `/note ${cmd.text}`,
    apply: (cmd, ctx) => ctx.note("note", cmd.text),
  },
  timeline: {
    name: "timeline",
    words: ["timeline"],
    usage: "/timeline <HH:MM|YYYY-MM-DD HH:MM|ISO time> <text>",
    summary: "Add an event that happened at another time to the timeline.",
    examples: ["/timeline 14:05 Deploy 4211 started", "/timeline 2026-11-25T13:05:00Z Alert fired"],
    permission: "command",
    multiline: true,
    parse: parseTimeline,
    print: (cmd) => `/timeline ${formatTimeSpec(cmd.at)} ${cmd.text}`,
    apply: (cmd, ctx) => ctx.note("note", cmd.text, ctx.resolveTime(cmd.at)),
  },
  detected: {
    name: "detected",
    words: ["detected"],
    usage: "/detected <when>",
    summary: "Record when the incident was detected.",
    examples: ["/detected 14:02"],
    permission: "command",
    multiline: false,
    parse: parseMoment("detected"),
    print: (cmd) => `/detected ${formatTimeSpec(cmd.at)}`,
    apply(cmd, ctx) {
      ctx.state.detectedAt = ctx.resolveTime(cmd.at);
      ctx.note("detected", "Detected", ctx.state.detectedAt);
    },
  },
  started: {
    name: "started",
    words: ["started"],
    usage: "/started <when>",
    summary: "Record when the impact started.",
    examples: ["/started 2026-11-25 13:50"],
    permission: "command",
    multiline: false,
    parse: parseMoment("started"),
    print: (cmd) => `/started ${formatTimeSpec(cmd.at)}`,
    apply(cmd, ctx) {
      ctx.state.startedAt = ctx.resolveTime(cmd.at);
      ctx.note("started", "Impact started", ctx.state.startedAt);
    },
  },
  impact: {
    name: "impact",
    words: ["impact"],
    usage: "/impact <text>",
    summary: "Describe the customer impact.",
    examples: ["/impact 30% of checkouts fail in EU"],
    permission: "command",
    multiline: true,
    parse: requireText("impact", "what the impact is"),
    print: (cmd) => `/impact ${cmd.text}`,
    apply(cmd, ctx) {
      ctx.state.impact = cmd.text;
      ctx.note("impact", "Impact assessed");
    },
  },
  "root-cause": {
    name: "root-cause",
    words: ["root-cause", "rootcause"],
    usage: "/root-cause [category:<word>] <text>",
    summary: "Record the root cause, optionally with a category (incidents of one type and category are repeats).",
    examples: ["/root-cause category:config Connection pool exhausted after config change"],
    permission: "command",
    multiline: true,
    parse: parseRootCause,
    print: (cmd) => withArgs("/root-cause", cmd.category && `category:${cmd.category}`, cmd.text),
    apply(cmd, ctx) {
      ctx.state.rootCause = cmd.text;
      if (cmd.category) ctx.state.rootCauseCategory = cmd.category;
      ctx.note("root-cause", cmd.category ? `Root cause identified (${cmd.category})` : "Root cause identified");
    },
  },
  resolve: {
    name: "resolve",
    words: ["resolve"],
    usage: "/resolve [summary]",
    summary: "Resolve the incident, optionally with a summary.",
    examples: ["/resolve Rolled back; error rate back to baseline"],
    permission: "command",
    multiline: true,
    parse(args) {
      const summary = normalizeText(args);
      return summary === "" ? { name: "resolve" } : { name: "resolve", summary };
    },
    print: (cmd) => withArgs("/resolve", cmd.summary),
    apply(cmd, ctx) {
      if (cmd.summary) ctx.state.resolution = cmd.summary;
      ctx.setPhase("resolved");
    },
  },
  "false-positive": {
    name: "false-positive",
    words: ["false-positive"],
    usage: "/false-positive [reason]",
    summary: "Close as a false alarm.",
    examples: ["/false-positive Synthetic check misconfigured"],
    permission: "command",
    multiline: false,
    parse: (args) => (args === "" ? { name: "false-positive" } : { name: "false-positive", reason: args }),
    print: (cmd) => withArgs("/false-positive", cmd.reason),
    apply(cmd, ctx) {
      ctx.markFalsePositive(cmd.reason);
      ctx.setPhase("resolved");
    },
  },
  action: {
    name: "action",
    words: ["action"],
    usage: "/action <title> [@owner] [due:<date|span>] · /action #<issue> [due:<date|span>]",
    summary:
      "Open an action item (an issue linked to this incident, assigned to the owner, with a deadline), or make an existing issue one.",
    examples: ["/action Alert on connection pool saturation @octocat due:2w", "/action #123 due:2026-12-20"],
    permission: "command",
    multiline: false,
    parse: parseActionArgs,
    print: printAction,
    apply: (cmd, ctx) => ctx.requestAction(cmd),
  },
  due: {
    name: "due",
    words: ["due"],
    usage: "/due <date|span>",
    summary: "On an action item: move its deadline.",
    examples: ["/due 2026-12-20", "/due 1w"],
    permission: "command",
    multiline: false,
    parse(args) {
      const due = parseDueSpec(args.trim());
      return "error" in due ? due : { name: "due", due };
    },
    print: (cmd) => `/due ${printDueSpec(cmd.due)}`,
    apply: () => undefined,
    elsewhere: "`/due` moves an action item's deadline: type it on the action item's issue, not on the incident.",
  },
  postmortem: {
    name: "postmortem",
    words: ["postmortem", "post-mortem"],
    usage: "/postmortem",
    summary: "Open the post-mortem pull request (or refresh the one that is open).",
    examples: ["/postmortem"],
    permission: "command",
    multiline: false,
    parse: (args) => (args === "" ? { name: "postmortem" } : { error: "/postmortem takes no arguments." }),
    print: () => "/postmortem",
    apply: (_cmd, ctx) => ctx.requestPostmortem(),
  },
  suspects: {
    name: "suspects",
    words: ["suspects"],
    usage: "/suspects [window]",
    summary:
      "List again the changes that landed before the impact started (merged pull requests, pushes, releases, deployments), optionally looking further back.",
    examples: ["/suspects", "/suspects 3d"],
    permission: "command",
    multiline: false,
    parse(args) {
      if (args === "") return { name: "suspects" };
      const window = parseDuration(args.toLowerCase());
      return window && window.ms > 0
        ? { name: "suspects", window: { text: window.text, ms: window.ms } }
        : { error: `"${args}" is not a window: give a span such as 6h or 3d.` };
    },
    print: (cmd) => withArgs("/suspects", cmd.window?.text),
    apply(cmd, ctx) {
      ctx.state.suspectRequests.push({
        key: `suspects:${ctx.source}`,
        at: ctx.at,
        ...(cmd.window ? { window: cmd.window } : {}),
      });
      ctx.note("change", `Suspect changes looked up again${cmd.window ? ` (${cmd.window.text} back)` : ""}`);
    },
  },
  suspect: {
    name: "suspect",
    words: ["suspect"],
    usage: "/suspect #<pull request>",
    summary:
      "Mark a pull request as the suspected cause: shown on the dashboard and in the post-mortem, and its author is told once on the pull request.",
    examples: ["/suspect #4211"],
    permission: "command",
    multiline: false,
    parse: (args) => parsePull("suspect", args),
    print: (cmd) => `/suspect #${cmd.pull}`,
    apply: (cmd, ctx) => markSuspect(ctx, cmd.pull),
  },
  cleared: {
    name: "cleared",
    words: ["cleared"],
    usage: "/cleared #<pull request>",
    summary: "Clear a pull request marked with `/suspect`: it is no longer suspected.",
    examples: ["/cleared #4211"],
    permission: "command",
    multiline: false,
    parse: (args) => parsePull("cleared", args),
    print: (cmd) => `/cleared #${cmd.pull}`,
    apply: (cmd, ctx) => clearSuspect(ctx, cmd.pull),
  },
  oncall: {
    name: "oncall",
    words: ["oncall", "on-call"],
    usage: "/oncall",
    summary: "Say who is on call now and next (primary, secondary, escalation) and when they hand off.",
    examples: ["/oncall"],
    permission: "anyone",
    multiline: false,
    // Like /help: a question that changes nothing is never answered with an error.
    parse: () => ({ name: "oncall" }),
    print: () => "/oncall",
    apply: () => undefined,
  },
  notify: {
    name: "notify",
    words: ["notify"],
    usage: "/notify stakeholders [text]",
    summary:
      "Post the stakeholder notification (severity, impact, status, ETA, update frequency, status page), mentioning the configured stakeholders.",
    examples: ["/notify stakeholders EU customers cannot pay; a rollback is under way."],
    permission: "command",
    multiline: true,
    parse(args) {
      const m = /^stakeholders\b\s*([\s\S]*)$/i.exec(args);
      if (!m) return { error: "Say who to notify: `/notify stakeholders [text]`." };
      const text = normalizeText(m[1] ?? "");
      return text === "" ? { name: "notify" } : { name: "notify", text };
    },
    print: (cmd) => withArgs("/notify stakeholders", cmd.text),
    apply(cmd, ctx) {
      ctx.state.stakeholderNotices.push({
        source: ctx.source,
        at: ctx.at,
        by: ctx.actor,
        ...(cmd.text ? { text: cmd.text } : {}),
      });
      ctx.note("note", "Stakeholders notified");
    },
  },
  report: {
    name: "report",
    words: ["report"],
    usage: `/${INCIDENT_WORD} report [YYYY-MM]`,
    summary: "Open or bring up to date the month's incident report issue (this month when no month is given).",
    examples: [`/${INCIDENT_WORD} report 2026-10`],
    // Like a question: it changes no incident, and the report it writes is the same whoever asks.
    permission: "anyone",
    multiline: false,
    prefixOnly: true,
    parse: (args) =>
      args === ""
        ? { name: "report" }
        : /^\d{4}-(0[1-9]|1[0-2])$/.test(args)
          ? { name: "report", month: args }
          : { error: `"${args}" is not a month: give it as YYYY-MM, e.g. 2026-10.` },
    print: (cmd) => withArgs(`/${INCIDENT_WORD} report`, cmd.month),
    apply: () => undefined,
  },
  help: {
    name: "help",
    words: ["help"],
    usage: "/help",
    summary: "Show this list of commands.",
    examples: ["/help"],
    permission: "anyone",
    multiline: false,
    // Anything after /help is ignored: asking for help must never be answered with an error.
    parse: () => ({ name: "help" }),
    print: () => "/help",
    apply: () => undefined,
  },
} satisfies { [N in CommandName]: EntryOf<N> | readonly EntryOf<N>[] };

export const COMMAND_SPECS: readonly CommandSpec[] = Object.values(ENTRIES).flat();

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

/** The entry a parsed command came from (for a role, the entry of that role). */
export function specOf(command: Command): CommandSpec {
  const entries: readonly CommandSpec[] = [ENTRIES[command.name]].flat();
  const spec = entries.find((s) => s.prints?.(command) ?? true);
  // Unreachable: every role has its entry.
  if (!spec) throw new Error(`No command entry prints "${command.name}" ${JSON.stringify(command)}.`);
  return spec;
}
