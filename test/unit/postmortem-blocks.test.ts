import fc from "fast-check";
import { parseDocument, printDocument, refreshDocument } from "../../src/postmortem/blocks.js";

const begin = (name: string) => `<!-- firebreak:begin ${name} -->`;
const end = (name: string) => `<!-- firebreak:end ${name} -->`;

describe("post-mortem blocks", () => {
  it("reads named blocks between their markers and leaves the rest as text", () => {
    const text = `# PM\n${begin("summary")}\nfacts\n${end("summary")}\nours\n`;
    expect(parseDocument(text)).toEqual([
      { kind: "text", text: "# PM\n" },
      { kind: "block", name: "summary", content: "\nfacts\n" },
      { kind: "text", text: "\nours\n" },
    ]);
  });

  it("treats unpaired, mismatched and nested markers as text", () => {
    const text = `${begin("a")} x ${begin("b")} y ${end("b")} z ${end("a")} ${end("c")} ${begin("d")} ${end("e")}`;
    const blocks = parseDocument(text).filter((segment) => segment.kind === "block");
    expect(blocks).toEqual([{ kind: "block", name: "b", content: " y " }]);
  });

  it("gives back exactly the text it read, whatever the text", () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom("summary", "timeline", "x").map(begin),
      fc.constantFrom("summary", "timeline", "x").map(end),
      fc.constant("<!-- firebreak:begin  summary -->"),
      fc.constant("<!-- firebreak:"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        expect(printDocument(parseDocument(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("replaces generated blocks and keeps what reviewers wrote, inside and between them", () => {
    const current = `# PM\n${begin("timeline")}\nold rows\n${end("timeline")}\n## Root Cause\nThe cache, said carol.\n${begin("summary")}\nold summary\n${end("summary")}\n`;
    const fresh = `# PM\n${begin("timeline")}\nnew rows\n${end("timeline")}\n## Root Cause\n> ✍️ **To write:** …\n${begin("summary")}\nnew summary\n${end("summary")}\n`;
    expect(refreshDocument(current, fresh)).toBe(
      `# PM\n${begin("timeline")}\nnew rows\n${end("timeline")}\n## Root Cause\nThe cache, said carol.\n${begin("summary")}\nnew summary\n${end("summary")}\n`,
    );
  });

  it("leaves a block a reviewer deleted deleted, and a block the fresh render lacks as it was", () => {
    const current = `intro\n${begin("links")}\nold links\n${end("links")}\n`;
    const fresh = `intro\n${begin("summary")}\nsummary\n${end("summary")}\n${begin("timeline")}\nrows\n${end("timeline")}\n`;
    expect(refreshDocument(current, fresh)).toBe(current);
  });

  it("returns the very same string when nothing differs, so no commit is needed", () => {
    const current = `a\n${begin("times")}\nsame\n${end("times")}\nb`;
    const fresh = `other\n${begin("times")}\nsame\n${end("times")}\n`;
    expect(refreshDocument(current, fresh)).toBe(current);
  });

  it("refreshing with the document itself changes nothing, whatever the document", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constant(begin("s")), fc.constant(end("s")))), (pieces) => {
        const text = pieces.join("");
        expect(refreshDocument(text, text)).toBe(text);
      }),
    );
  });
});
