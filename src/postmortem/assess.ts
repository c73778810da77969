import type { ActionItem } from "../domain/action-items.js";
import type { CheckRunOutput } from "../github/port.js";
import { userInline } from "../domain/mentions.js";
import { clipWithEllipsis, TEXT_BOUNDS } from "../domain/text-bounds.js";
import { parseDocument } from "./blocks.js";

/**
 * Is the post-mortem done? Every `✍️ **To write:**` prompt replaced, and every open action item owned and
 * dated. Prompts count only in the team's text: not in the app-owned blocks (which quote the incident's
 * text) and not in fenced code.
 */

export interface PostmortemAssessment {
  complete: boolean;
  /** The `##`/`###` heading each remaining prompt sits under, once each, in document order. */
  sectionsWithPrompts: string[];
  itemsWithoutOwner: ActionItem[];
  itemsWithoutDeadline: ActionItem[];
}

const PROMPT = /✍\uFE0F?\s*\*\*To write:\*\*/;
const HEADING = /^ {0,3}(#{2,3})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** A prompt before any `##` heading. */
const TOP = "(top of the document)";

export function assessPostmortem(documentText: string, actionItems: readonly ActionItem[]): PostmortemAssessment {
  const sections = new Set<string>();
  let heading = TOP;
  let fence: string | undefined;
  for (const segment of parseDocument(documentText)) {
    if (segment.kind === "block") continue;
    for (const line of segment.text.split(/\r\n?|\n/)) {
      const fenceAfter = nextFence(fence, line);
      if (fence !== undefined || fenceAfter !== undefined) {
        fence = fenceAfter;
        continue;
      }
      const title = HEADING.exec(line)?.[2];
      if (title !== undefined) heading = title.trim() || heading;
      else if (PROMPT.test(line)) sections.add(heading);
    }
  }
  const open = actionItems.filter((item) => item.state === "open");
  const itemsWithoutOwner = open.filter((item) => item.owner === undefined);
  const itemsWithoutDeadline = open.filter((item) => item.due === undefined);
  return {
    complete: sections.size === 0 && itemsWithoutOwner.length === 0 && itemsWithoutDeadline.length === 0,
    sectionsWithPrompts: [...sections],
    itemsWithoutOwner,
    itemsWithoutDeadline,
  };
}

/** The fence open after `line` (CommonMark's rules, enough of them): `fence` is the one open before it. */
function nextFence(fence: string | undefined, line: string): string | undefined {
  const match = FENCE.exec(line);
  const run = match?.[1];
  const info = match?.[2] ?? "";
  if (fence !== undefined) {
    const closes = run !== undefined && run[0] === fence[0] && run.length >= fence.length && info.trim() === "";
    return closes ? undefined : fence;
  }
  // A backtick fence's info string cannot hold a backtick: such a line opens no fence.
  return run !== undefined && !(run.startsWith("`") && info.includes("`")) ? run : undefined;
}

/** What the check run on the post-mortem's pull request says. */
export function checkRunOutput(
  assessment: PostmortemAssessment,
): CheckRunOutput & { conclusion: "success" | "failure" } {
  if (assessment.complete)
    return { conclusion: "success", title: "Post-mortem complete", summary: "The post-mortem is complete.\n" };
  const { sectionsWithPrompts: sections, itemsWithoutOwner: unowned, itemsWithoutDeadline: undated } = assessment;
  const shown = (text: string) => userInline(clipWithEllipsis(text, TEXT_BOUNDS.cell));
  const item = (it: ActionItem) => `  - #${it.number} ${shown(it.title)}`;
  const parts = [
    sections.length ? `${count(sections.length, "section")} to write` : "",
    unowned.length ? `${count(unowned.length, "action item")} without an owner` : "",
    undated.length ? `${count(undated.length, "action item")} without a deadline` : "",
  ].filter(Boolean);
  const lines = [
    "The post-mortem is not complete yet:",
    "",
    ...(sections.length
      ? ["- Sections with a ✍️ prompt still to write:", ...sections.map((s) => `  - ${shown(s)}`)]
      : []),
    ...(unowned.length ? ["- Action items without an owner (assign someone):", ...unowned.map(item)] : []),
    ...(undated.length ? ["- Action items without a deadline:", ...undated.map(item)] : []),
  ];
  return {
    conclusion: "failure",
    title: `Post-mortem incomplete: ${parts.join(", ")}`,
    summary: `${lines.join("\n")}\n`,
  };
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
