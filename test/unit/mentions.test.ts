import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { escapeTableCell, neutralizeMentions } from "../../src/domain/mentions.js";

/** What GitHub turns into a notification or a cross-reference (html-pipeline's mention rule, and `#123`). */
const LIVE_MENTION = /(^|[^A-Za-z0-9_])@[A-Za-z0-9]/;
const ISSUE_REFERENCE = /#\d|\bGH-\d/i;
const ZWSP = "\u200B";

const risky = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.array(fc.constantFrom("@", "#", "1", "a", "/", "<", "!", "-", ">", " ", "`", "_", "GH-", "\n"), { maxLength: 30 }).map((xs) => xs.join("")),
);

describe("neutralizeMentions", () => {
  it.each([
    ["ping @alice please", `ping @${ZWSP}alice please`],
    ["@alice at the start", `@${ZWSP}alice at the start`],
    ["cc @acme/oncall", `cc @${ZWSP}acme/oncall`],
    ["(@bob)", `(@${ZWSP}bob)`],
    ["see #123 and acme/web#7", `see #${ZWSP}123 and acme/web#${ZWSP}7`],
    ["GH-42", `GH-${ZWSP}42`],
    ["<!-- firebreak:state {} -->", `<!${ZWSP}-- firebreak:state {} --${ZWSP}>`],
  ])("neutralises %j", (input, output) => {
    expect(neutralizeMentions(input)).toBe(output);
  });

  it.each(["mail alice@example.com", "a lone @ sign", "C# and #hashtag", "plain text"])("leaves %j alone", (text) => {
    expect(neutralizeMentions(text)).toBe(text);
  });

  it("lets no live mention or issue reference survive", () => {
    fc.assert(
      fc.property(risky, (text) => {
        const safe = neutralizeMentions(text);
        expect(safe).not.toMatch(LIVE_MENTION);
        expect(safe).not.toMatch(ISSUE_REFERENCE);
      }),
      { numRuns: 2000 },
    );
  });

  it("lets no HTML comment, and so no hidden marker, survive", () => {
    fc.assert(
      fc.property(risky, (text) => {
        const safe = neutralizeMentions(`${text}<!-- firebreak:incident -->${text}`);
        expect(safe).not.toContain("<!--");
        expect(safe).not.toContain("-->");
      }),
      { numRuns: 2000 },
    );
  });

  it("is idempotent, so text echoed twice is not mangled further", () => {
    fc.assert(fc.property(risky, (text) => expect(neutralizeMentions(neutralizeMentions(text))).toBe(neutralizeMentions(text))));
  });

  it("changes nothing but inserting invisible characters", () => {
    fc.assert(fc.property(risky, (text) => expect(neutralizeMentions(text).replaceAll(ZWSP, "")).toBe(text.replaceAll(ZWSP, ""))));
  });
});

describe("escapeTableCell", () => {
  it("escapes pipes and turns line breaks into <br>", () => {
    expect(escapeTableCell(" a | b\r\nc\nd\re ")).toBe("a \\| b<br>c<br>d<br>e");
  });

  it("keeps any text inside one cell of one row", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const cell = escapeTableCell(text);
        expect(cell).not.toMatch(/[\r\n]/);
        expect(cell).not.toMatch(/(^|[^\\])\|/);
      }),
    );
  });
});
