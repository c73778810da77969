import { userInline, userTableCell } from "../domain/mentions.js";
import { clipWithEllipsis, TEXT_BOUNDS } from "../domain/text-bounds.js";

/**
 * User text in the post-mortem, made safe for where it goes. Every helper starts from the same defusing the
 * dashboard uses (mentions, issue references, HTML comments and tags), then keeps the text inside its place.
 */

const LINE_BREAKS = /\s*(?:\r\n?|\n)\s*/g;

/** One line of text after a label or in a list item. */
export const inline = (text: string, max: number = TEXT_BOUNDS.cell): string => userInline(clipWithEllipsis(text, max));

/** A table cell: a pipe cannot add a cell, and lines are joined so nothing can add a row. */
export const tableCell = (text: string): string =>
  userTableCell(clipWithEllipsis(text.replace(LINE_BREAKS, " "), TEXT_BOUNDS.cell));

/** A login, shown without notifying anyone: a document is read long after the incident. */
export const person = (login: string): string => userInline(`@${login}`);

/**
 * Mermaid reads `:` and `#` in a timeline line as syntax, `;` ends a statement, `%%` starts a comment or a
 * directive, a backtick could close the fence and `<`/`>` could become HTML; look-alikes take their place.
 */
const MERMAID_LOOKALIKES: Record<string, string> = {
  ":": "∶",
  "#": "＃",
  ";": ",",
  "%": "％",
  "`": "ˋ",
  "<": "‹",
  ">": "›",
  "{": "(",
  "}": ")",
};

/** Text on one line of a Mermaid diagram. */
export function mermaidText(text: string, max = 80): string {
  return inline(text.replace(/\p{Cc}/gu, " "), max)
    .replace(/[:#;%`<>{}]/g, (char) => MERMAID_LOOKALIKES[char] ?? " ")
    .trim();
}
