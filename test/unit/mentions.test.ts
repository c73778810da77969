import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import {
  defuseUserText,
  escapeTableCell,
  userBlockQuote,
  userCodeSpanText,
  userInline,
  userProse,
  userTableCell,
} from "../../src/domain/mentions.js";
import { gfmCells } from "../support/markdown.js";

/** What GitHub turns into a notification or a cross-reference (html-pipeline's mention rule, `#123`, `GH-123`, issue links). */
const LIVE_MENTION = /(^|[^A-Za-z0-9_])@[A-Za-z0-9]/;
const ISSUE_REFERENCE = /#\d|GH-\d|\/(issues|pull|pulls|discussions)\/\d/i;
const HTML_START = /<[A-Za-z!?/]/;
const CHARACTER_REFERENCE = /&(#|[A-Za-z][A-Za-z0-9]*;)/;
const ZWSP = "\u200B";

const risky = fc.oneof(
  fc.string({ unit: "binary" }),
  fc
    .array(
      fc.constantFrom(
        "@",
        "#",
        "1",
        "a",
        "/",
        "<",
        "!",
        "-",
        ">",
        " ",
        "`",
        "_",
        "GH-",
        "\n",
        "&",
        ";",
        "issues/",
        "\\",
        "|",
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join("")),
);

describe("defuseUserText", () => {
  it.each([
    ["ping @alice please", `ping @${ZWSP}alice please`],
    ["@alice at the start", `@${ZWSP}alice at the start`],
    ["cc @acme/oncall", `cc @${ZWSP}acme/oncall`],
    ["(@bob)", `(@${ZWSP}bob)`],
    ["_@alice_ in emphasis", `_@${ZWSP}alice_ in emphasis`],
    ["\\@alice escaped", `\\@${ZWSP}alice escaped`],
    ["see #123 and acme/web#7", `see #${ZWSP}123 and acme/web#${ZWSP}7`],
    ["GH-42 gh-7 _GH-1_", `GH-${ZWSP}42 gh-${ZWSP}7 _GH-${ZWSP}1_`],
    ["https://github.com/acme/checkout/issues/1", `https://github.com/acme/checkout/issues/${ZWSP}1`],
    [
      "[x](https://github.com/acme/web/pull/12) /discussions/3",
      `[x](https://github.com/acme/web/pull/${ZWSP}12) /discussions/${ZWSP}3`,
    ],
    [
      '<!-- firebreak:declared {"id":"INC-2026-01-01-001"} -->',
      `<${ZWSP}!-- firebreak:declared {"id":"INC-2026-01-01-001"} --${ZWSP}>`,
    ],
    ["<details><summary>x</summary>", `<${ZWSP}details><${ZWSP}summary>x<${ZWSP}/summary>`],
    ["<https://evil.example> <?php", `<${ZWSP}https://evil.example> <${ZWSP}?php`],
    ["&#64;acme/sre &commat;bob &#x23;1", `&${ZWSP}#${ZWSP}64;acme/sre &${ZWSP}commat;bob &${ZWSP}#x23;1`],
  ])("defuses %j", (input, output) => {
    expect(defuseUserText(input)).toBe(output);
  });

  it.each([
    "mail alice@example.com",
    "a lone @ sign",
    "C# and #hashtag",
    "a < b and <3",
    "x -> y",
    "AT&T & co",
    "plain text",
  ])("leaves %j alone", (text) => {
    expect(defuseUserText(text)).toBe(text);
  });

  it("lets no live mention, issue reference, HTML comment, tag or character reference survive", () => {
    fc.assert(
      fc.property(risky, (text) => {
        const safe = defuseUserText(text);
        expect(safe).not.toMatch(LIVE_MENTION);
        expect(safe).not.toMatch(ISSUE_REFERENCE);
        expect(safe).not.toContain("<!--");
        expect(safe).not.toContain("-->");
        expect(safe).not.toMatch(HTML_START);
        expect(safe).not.toMatch(CHARACTER_REFERENCE);
      }),
      { numRuns: 3000 },
    );
  });

  it("lets no hidden marker survive, wherever it is pasted", () => {
    fc.assert(
      fc.property(risky, risky, (before, after) => {
        const safe = defuseUserText(`${before}<!-- firebreak:declared {"id":"INC-2026-01-01-001"} -->${after}`);
        expect(safe).not.toContain("<!--");
        expect(safe).not.toContain("-->");
      }),
    );
  });

  it("is idempotent, so text echoed twice is not mangled further", () => {
    fc.assert(fc.property(risky, (text) => expect(defuseUserText(defuseUserText(text))).toBe(defuseUserText(text))));
  });

  it("changes nothing but inserting invisible characters", () => {
    fc.assert(
      fc.property(risky, (text) => expect(defuseUserText(text).replaceAll(ZWSP, "")).toBe(text.replaceAll(ZWSP, ""))),
    );
  });

  it("stays fast on long hostile text", () => {
    const started = performance.now();
    defuseUserText("&a".repeat(30_000) + "<a".repeat(30_000) + "@".repeat(60_000));
    userTableCell(`${"\\".repeat(60_000)}x${"\\|".repeat(30_000)}`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

/** GFM's rendering of one table row: cells split, then `\|` becomes `|` and the inline backslash escapes apply. */
function renderGfmCells(row: string): string[] {
  return gfmCells(row).map((cell) =>
    cell
      .replace(/\\\|/g, "|")
      .replace(/\\([!-/:-@[-`{-~])/g, "$1")
      .trim(),
  );
}

describe("escapeTableCell", () => {
  it("escapes pipes and turns line breaks into <br>", () => {
    expect(escapeTableCell(" a | b\r\nc\nd\re ")).toBe("a \\| b<br>c<br>d<br>e");
  });

  it.each([
    ["a|b", "a\\|b"],
    ["a\\|b", "a\\\\\\|b"],
    ["a\\\\|b", "a\\\\\\\\\\|b"],
    ["path\\to\\file", "path\\to\\file"],
  ])("keeps %j one cell, shown as typed (%j)", (input, output) => {
    expect(escapeTableCell(input)).toBe(output);
    expect(renderGfmCells(output)).toEqual([input]);
  });

  it("keeps any text inside one cell of one row, every pipe of it shown", () => {
    const cellText = fc
      .array(fc.constantFrom("a", " ", "\\", "|", "b"), { maxLength: 30 })
      .map((parts) => parts.join(""));
    const withoutBackslashes = (text: string) => text.replaceAll("\\", "");
    fc.assert(
      fc.property(cellText, (text) => {
        const cells = renderGfmCells(escapeTableCell(text));
        expect(cells).toHaveLength(1);
        expect(withoutBackslashes(cells[0]!)).toBe(withoutBackslashes(text.trim()));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => expect(escapeTableCell(text)).not.toMatch(/[\r\n]/)),
    );
  });
});

describe("placing user text", () => {
  it("defuses and escapes a table cell", () => {
    expect(userTableCell("Alertmanager | @acme/sre\n| fake | row |")).toBe(
      `Alertmanager \\| @${ZWSP}acme/sre<br>\\| fake \\| row \\|`,
    );
  });

  it("keeps one-line prose inline and quotes every line of longer prose, blank ones included", () => {
    expect(userProse("Checkout is down")).toBe("Checkout is down");
    expect(userProse("Checkout is down\n\n## Timeline\n| fake | row |\n```")).toBe(
      "\n> Checkout is down\n>\n> ## Timeline\n> | fake | row |\n> ```\n",
    );
    expect(userBlockQuote("one line")).toBe("> one line");
  });

  it("never lets a line of prose leave its quote", () => {
    fc.assert(
      fc.property(risky, (text) => {
        const lines = userProse(text).split("\n");
        if (lines.length > 1) expect(lines.slice(1, -1).every((line) => line.startsWith(">"))).toBe(true);
      }),
    );
  });

  it("keeps inline text and code span text on one line, and code span text free of backticks", () => {
    expect(userInline(" a\nb\r\nc ")).toBe("a b c");
    expect(userCodeSpanText("/sev `@acme/sre`")).toBe(`/sev ˋ@${ZWSP}acme/sreˋ`);
  });
});
