import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import type { Command, CommandVocabulary, TimeSpec } from "../../src/domain/commands.types.js";
import { hasCommandLine, mayHoldCommandLine, parseComment, printCommand } from "../../src/domain/commands.js";
import { readCommentLines } from "../../src/domain/comment-markdown.js";
import { formatTimeSpec, parseTimeSpec } from "../../src/domain/time-grammar.js";
import { PHASES, ROLES } from "../../src/domain/vocabulary.js";
import { TEST_VOCABULARY } from "../support/vocabulary.js";

const vocab = TEST_VOCABULARY;
const emptyVocab: CommandVocabulary = { severities: [], types: [] };

// Characters chosen to reach the scanner's corners: fences, code spans, quotes, comments, mentions, unicode.
const char = fc.constantFrom(..."aZ09 -_.:#@`~><!|*()é🔥\t/".split(/(?:)/u));
const rawLine = fc.array(char, { maxLength: 24 }).map((cs) => cs.join(""));

/** Lines that only random text would rarely produce: fences, quoted commands, ETAs, references. */
const trickyLine = fc.constantFrom(
  "```",
  "~~~",
  "``` js",
  "  ~~~~",
  "> /sev 1",
  "eta: soon",
  "the ETA: 5 minutes",
  "sev2 is the right level",
  "`/ack`",
  "-->",
  "#12 and @alice",
  "    indented",
);
/** A line of user text that is not a command line and hides nothing (see parseComment's rules). */
const textLine = fc
  .oneof({ arbitrary: rawLine, weight: 3 }, { arbitrary: trickyLine, weight: 1 })
  .filter((l) => !/^\s*\//.test(l) && !l.includes("<!--"));
const normalize = (text: string): string =>
  text
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n")
    .trim();
const singleLine = textLine.map((l) => l.trim()).filter((l) => l !== "");
const multiLine = fc
  .array(textLine, { minLength: 1, maxLength: 5 })
  .map((ls) => normalize(ls.join("\n")))
  .filter((t) => t !== "");

const loginPart = fc.array(fc.constantFrom(..."abcXYZ019"), { minLength: 1, maxLength: 8 }).map((cs) => cs.join(""));
const login = fc
  .array(loginPart, { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join("-"))
  .filter((l) => l.length <= 39);

const severity = fc.constantFrom(...vocab.severities.map((s) => s.key));
const date = fc
  .date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2999-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString());
const timeSpec: fc.Arbitrary<TimeSpec> = fc.oneof(
  fc.record({
    kind: fc.constant("clock" as const),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
  }),
  fc.record({
    kind: fc.constant("local" as const),
    date: date.map((iso) => iso.slice(0, 10)),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
  }),
  fc.record({ kind: fc.constant("instant" as const), iso: date.map((iso) => `${iso.slice(0, 19)}Z`) }),
);

/** Builds an object without the optional keys that came out undefined, as the parser does. */
const compact = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const command: fc.Arbitrary<Command> = fc.oneof(
  fc
    .record({
      severity: fc.option(severity, { nil: undefined }),
      // A title starting with a `sevN` word would be read as the severity; there is no escape for that.
      title: fc.option(
        singleLine.filter((t) => !/^sev\d+(\s|$)/i.test(t)),
        { nil: undefined },
      ),
    })
    .map((r) => compact({ name: "declare" as const, ...r })),
  severity.map((s) => ({ name: "severity" as const, severity: s })),
  fc.constantFrom(...PHASES).map((phase) => ({ name: "status" as const, phase })),
  fc.constantFrom(...vocab.types).map((type) => ({ name: "type" as const, type })),
  fc.constant({ name: "ack" as const }),
  fc.record({ name: fc.constant("role" as const), role: fc.constantFrom(...ROLES), user: login }),
  fc
    .record({
      text: fc.oneof(
        multiLine,
        multiLine.map((text) => `public ${text}`),
      ),
      eta: fc.option(singleLine, { nil: undefined }),
      public: fc.option(fc.constant(true as const), { nil: undefined }),
    })
    .map((r) => compact({ name: "update" as const, ...r })),
  multiLine.map((text) => ({ name: "note" as const, text })),
  fc.record({ name: fc.constant("timeline" as const), at: timeSpec, text: multiLine }),
  fc.record({ name: fc.constantFrom("detected" as const, "started" as const), at: timeSpec }),
  fc.record({ name: fc.constantFrom("impact" as const, "root-cause" as const), text: multiLine }),
  fc.option(multiLine, { nil: undefined }).map((summary) => compact({ name: "resolve" as const, summary })),
  fc.option(singleLine, { nil: undefined }).map((reason) => compact({ name: "false-positive" as const, reason })),
  fc.constant({ name: "help" as const }),
  fc.constant({ name: "oncall" as const }),
  fc.record({
    name: fc.constantFrom("suspect" as const, "cleared" as const),
    pull: fc.integer({ min: 1, max: 999_999 }),
  }),
  fc
    .option(
      fc.constantFrom({ text: "6h", ms: 21_600_000 }, { text: "3d", ms: 259_200_000 }, { text: "90m", ms: 5_400_000 }),
      { nil: undefined },
    )
    .map((window) => compact({ name: "suspects" as const, window })),
);

/** Comment bodies stitched from fragments that exercise every rule of the scanner. */
const fragment = fc.oneof(
  fc.constantFrom(
    "/sev 1",
    "/sev 9",
    "  /ack",
    "> /ack",
    "/incident",
    "/incident frobnicate",
    "/frobnicate",
    "/update a",
    "```",
    "~~~",
    "````js",
    "<!--",
    "-->",
    "<!-- /sev 1 -->",
    "`/sev 1`",
    "`<!--`",
    "/",
    "",
  ),
  rawLine,
);
const body = fc
  .tuple(fc.array(fragment, { maxLength: 12 }), fc.constantFrom("\n", "\r\n", "\r"))
  .map(([lines, eol]) => lines.join(eol));

describe("parse(print(cmd)) = cmd", () => {
  it("holds for every valid command, including multi-line texts", () => {
    fc.assert(
      fc.property(command, (cmd) => {
        const printed = printCommand(cmd);
        const parsed = parseComment(printed, vocab);
        expect(parsed.map((p) => (p.ok ? p.command : p.error))).toEqual([cmd]);
        expect(parsed[0]?.line).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("hasCommandLine agrees with parseComment", () => {
  it("for comments built from tricky fragments", () => {
    fc.assert(
      fc.property(body, (text) => {
        expect(hasCommandLine(text)).toBe(parseComment(text, vocab).length > 0);
      }),
      { numRuns: 3000 },
    );
  });

  it("for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        expect(hasCommandLine(text)).toBe(parseComment(text, vocab).length > 0);
      }),
    );
  });

  it("because configuration decides only whether a command line parses, not whether it is one", () => {
    fc.assert(
      fc.property(body, (text) => {
        const withConfig = parseComment(text, vocab).map((p) => p.line);
        expect(parseComment(text, emptyVocab).map((p) => p.line)).toEqual(withConfig);
      }),
    );
  });
});

describe("parseComment never throws", () => {
  it("on any input", () => {
    fc.assert(
      fc.property(fc.oneof(body, fc.string({ unit: "binary", maxLength: 500 })), (text) => {
        expect(() => parseComment(text, vocab)).not.toThrow();
      }),
    );
  });
});

describe("Markdown that GitHub never shows as a line of text holds no command", () => {
  const anyBody = fc.oneof(body, fc.string({ unit: "binary", maxLength: 300 }));
  const linesOf = (text: string): string[] => text.split(/\r\n|\r|\n/);

  it("when the whole comment is quoted, as GitHub's quote reply does", () => {
    fc.assert(
      fc.property(anyBody, (text) => {
        expect(
          parseComment(
            linesOf(text)
              .map((line) => `> ${line}`)
              .join("\n"),
            vocab,
          ),
        ).toEqual([]);
      }),
    );
  });

  it("when the whole comment is fenced", () => {
    fc.assert(
      fc.property(anyBody, (text) => {
        // Longer than any backtick run inside, so nothing in the text can close the fence.
        const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
        const fence = "`".repeat(Math.max(3, longestRun + 1));
        expect(parseComment(`${fence}\n${text}\n${fence}`, vocab)).toEqual([]);
      }),
    );
  });

  it("when the whole comment is indented as code below a paragraph", () => {
    fc.assert(
      fc.property(anyBody, (text) => {
        expect(
          parseComment(
            `Logs:\n\n${linesOf(text)
              .map((line) => `    ${line}`)
              .join("\n")}`,
            vocab,
          ),
        ).toEqual([]);
      }),
    );
  });
});

describe("the pre-check that spares most comments a Markdown parse", () => {
  it("never skips a comment with a command line", () => {
    fc.assert(
      fc.property(fc.oneof(body, fc.string({ unit: "binary", maxLength: 200 })), (text) => {
        const slashLine = readCommentLines(text).some((line) => line.startsWithSlash && /^\s*\/\S/.test(line.visible));
        if (slashLine) expect(mayHoldCommandLine(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parseTimeSpec(formatTimeSpec(at)) = at", () => {
  it("holds for every time a command or the issue form can carry", () => {
    fc.assert(
      fc.property(timeSpec, (at) => {
        expect(parseTimeSpec(formatTimeSpec(at))).toEqual(at);
      }),
    );
  });
});
