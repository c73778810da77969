/**
 * Making user-supplied text safe to echo in the app's own comments and issue bodies.
 *
 * A zero-width space (U+200B) after `@`, `#` or `<!` is invisible when rendered, survives code spans
 * (where an HTML entity would show literally) and breaks GitHub's autolinking: echoed text must not page
 * people, cross-reference issues, or forge the app's hidden `<!-- firebreak:... -->` markers.
 */

const ZWSP = "\u200B";

/**
 * GitHub links `@name` (and `@org/team`) unless the `@` follows a word character, which is what keeps
 * `alice@example.com` an e-mail address; the same rule is used here so addresses stay intact.
 */
const MENTION = /(^|[^A-Za-z0-9_])@(?=[A-Za-z0-9])/g;
/** `#123`, `owner/repo#123` and `GH-123` all create a back-reference in the referenced issue's timeline. */
const ISSUE_REF = /#(?=\d)/g;
const GH_REF = /\b(GH-)(?=\d)/gi;
/** Openers hide text and could fake a marker; closers could end a marker block the app wraps around the text. */
const COMMENT_OPEN = /<!--/g;
const COMMENT_CLOSE = /-->/g;

export function neutralizeMentions(text: string): string {
  return text
    .replace(COMMENT_OPEN, `<!${ZWSP}--`)
    .replace(COMMENT_CLOSE, `--${ZWSP}>`)
    .replace(MENTION, `$1@${ZWSP}`)
    .replace(ISSUE_REF, `#${ZWSP}`)
    .replace(GH_REF, `$1${ZWSP}`);
}

/** One table cell: a pipe would end the cell and a newline the row. */
export function escapeTableCell(text: string): string {
  return text
    .trim()
    .replace(/\|/g, "\\|")
    .replace(/\r\n?|\n/g, "<br>");
}
