import type { ActionItem } from "../../src/domain/action-items.js";
import { assessPostmortem, checkRunOutput } from "../../src/postmortem/assess.js";

const item = (number: number, extra: Partial<ActionItem> = {}): ActionItem => ({
  number,
  title: `Item ${number}`,
  state: "open",
  askedBy: "bob",
  linked: false,
  ...extra,
});

describe("assessing a post-mortem", () => {
  it("names the heading each remaining prompt sits under, once each", () => {
    const doc = [
      "# Report",
      "## Root Cause",
      "> ✍️ **To write:** why",
      "### Contributing Factors",
      "The cache.",
      "## Impact",
      "- **Users:** ✍️ **To write:** number",
      "- **Data loss:** ✍️ **To write:** yes or no",
    ].join("\n");
    expect(assessPostmortem(doc, []).sectionsWithPrompts).toEqual(["Root Cause", "Impact"]);
  });

  it("ignores prompts in fenced code and in the app's generated blocks", () => {
    const doc = [
      "## Lessons Learned",
      "```md",
      "> ✍️ **To write:** quoted example",
      "## Not a heading",
      "```",
      "~~~~",
      "✍️ **To write:** also code",
      "~~~",
      "~~~~",
      "<!-- firebreak:begin summary -->",
      "> ✍️ **To write:** someone's impact text",
      "<!-- firebreak:end summary -->",
      "Done.",
    ].join("\n");
    expect(assessPostmortem(doc, [])).toEqual({
      complete: true,
      sectionsWithPrompts: [],
      itemsWithoutOwner: [],
      itemsWithoutDeadline: [],
    });
    expect(checkRunOutput(assessPostmortem(doc, []))).toEqual({
      conclusion: "success",
      title: "Post-mortem complete",
      summary: "The post-mortem is complete.\n",
    });
  });

  it("counts a prompt after an unclosed fence as code, as GitHub shows it", () => {
    expect(assessPostmortem("## A\n```\n✍️ **To write:** x", []).complete).toBe(true);
  });

  it("finds open action items without an owner or a deadline, and fails the check with a list", () => {
    const items = [
      item(1, { owner: "carol", due: "2026-12-01T00:00:00Z" }),
      item(2, { title: "Alert @everyone on #9", due: "2026-12-01T00:00:00Z" }),
      item(3, { owner: "dave" }),
      item(4, { state: "closed" }),
    ];
    const assessment = assessPostmortem("## Lessons Learned\n> ✍️ **To write:** x\n", items);
    expect(assessment.itemsWithoutOwner.map((i) => i.number)).toEqual([2]);
    expect(assessment.itemsWithoutDeadline.map((i) => i.number)).toEqual([3]);
    expect(checkRunOutput(assessment)).toEqual({
      conclusion: "failure",
      title:
        "Post-mortem incomplete: 1 section to write, 1 action item without an owner, 1 action item without a deadline",
      summary: [
        "The post-mortem is not complete yet:",
        "",
        "- Sections with a ✍️ prompt still to write:",
        "  - Lessons Learned",
        "- Action items without an owner (assign someone):",
        "  - #2 Alert @\u200Beveryone on #\u200B9",
        "- Action items without a deadline:",
        "  - #3 Item 3",
        "",
      ].join("\n"),
    });
  });
});
