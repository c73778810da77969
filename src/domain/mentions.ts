/**
 * Making user-supplied text safe to echo in the app's own comments, issue bodies and titles.
 *
 * `defuseUserText` is the one function every piece of user text goes through. It only inserts a zero-width
 * space (U+200B): invisible when rendered, it works the same inside and outside code spans and fences (where an
 * HTML entity or a backslash would show literally), so no Markdown parsing is needed to get it right. It breaks
 * what GitHub would otherwise act on: `@` mentions (notifications), issue references (cross-references on
 * other issues), HTML comments (the app's hidden markers) and HTML tags (an unclosed `<details>` would swallow
 * the rest of the page). The layout helpers below then keep the defused text inside its place.
 */

const ZWSP = "\u200B";

/**
 * GitHub links `@name` (and `@org/team`) unless the `@` follows a letter or digit, which keeps
 * `alice@example.com` an e-mail address. `_` counts as a boundary here, unlike in GitHub's own rule: in
 * `_@alice_` the underscores become emphasis and the rendered text starts with a live `@alice`.
 */
const MENTION = /(^|[^A-Za-z0-9])@(?=[A-Za-z0-9])/g;
/** `#123` and `owner/repo#123` create a back-reference in the referenced issue's timeline, */
const ISSUE_REF = /#(?=\d)/g;
/** and so do `GH-123` (even right after emphasis underscores) */
const GH_REF = /(GH-)(?=\d)/gi;
/** and links to an issue, pull request or discussion, in this repository or another (`…/issues/1`). */
const ISSUE_URL = /\/(?:issues|pull|pulls|discussions)\/(?=\d)/gi;
/** A character reference would render as the `@`, `#` or `<` it names (`&#64;acme/sre`) after the checks above. */
const CHARACTER_REFERENCE = /&(?=#|[A-Za-z][A-Za-z0-9]{0,31};)/g;
/** What can start an HTML tag, comment, declaration, processing instruction or `<…>` autolink. */
const HTML_START = /<(?=[A-Za-z!?/])/g;
/** A closer could end a marker block the app wraps around the text. */
const COMMENT_CLOSE = /-->/g;

/** U+2028/U+2029 end a line for JavaScript's `^`/`$` but not for Markdown: plain spaces, so no reader of ours splits on them. */
const SEPARATORS = /[\u2028\u2029]/g;
/** Directional overrides can make the rest of the app's line read backwards. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Mentions, issue references, HTML comments and tags in user text, made inert by inserting invisible characters only. */
export function defuseUserText(text: string): string {
  return text
    .replace(SEPARATORS, " ")
    .replace(BIDI_CONTROLS, "")
    .replace(CHARACTER_REFERENCE, `&${ZWSP}`)
    .replace(HTML_START, `<${ZWSP}`)
    .replace(COMMENT_CLOSE, `--${ZWSP}>`)
    .replace(MENTION, `$1@${ZWSP}`)
    .replace(ISSUE_REF, `#${ZWSP}`)
    .replace(GH_REF, `$1${ZWSP}`)
    .replace(ISSUE_URL, `$&${ZWSP}`);
}

/** No HTML comment can open or close in text that passed through here: markers only come from `renderMarker`. */
export function defuseHtmlComments(text: string): string {
  return text.replace(/<!--/g, `<!${ZWSP}--`).replace(COMMENT_CLOSE, `--${ZWSP}>`);
}

const LINE_BREAK = /\r\n?|\n/g;

/**
 * Backslash-escapes every `|` or `[` (`char`). A backslash typed right before it would escape our escape
 * (`\|` becoming `\\|`, an escaped backslash and a live pipe), so each run of backslashes before it is
 * doubled first; Markdown then shows the text exactly as typed.
 */
export function escapeMarkdownChar(text: string, char: "|" | "["): string {
  // The look-behind makes each run of backslashes match from its start only, which keeps long runs linear.
  return text.replace(new RegExp(`(?<!\\\\)(\\\\*)\\${char}`, "g"), `$1$1\\${char}`);
}

/** One table cell: a newline would end the row, and a pipe the cell. */
export function escapeTableCell(text: string): string {
  return escapeMarkdownChar(text.trim(), "|").replace(LINE_BREAK, "<br>");
}

/** User text in a dashboard table cell. */
export function userTableCell(text: string): string {
  return escapeTableCell(defuseUserText(text));
}

/** User text that must stay on one line (a title, a list item, a sentence of a reply). */
export function userInline(text: string): string {
  return defuseUserText(text).replace(LINE_BREAK, " ").trim();
}

/** Text placed between single backticks: a backtick of its own would end the code span early. */
export function userCodeSpanText(text: string): string {
  return userInline(text).replace(/`/g, "ˋ");
}

/**
 * User prose after a label (`**Summary:** …`). One line stays inline, where it cannot start a block. Several
 * lines become a block quote: every line carries `> `, so a heading, table row, list or unclosed fence in the
 * text stays inside the quote, and the blank line after it ends the quote before the template goes on.
 */
export function userProse(text: string): string {
  const lines = defuseUserText(text).trim().split(LINE_BREAK);
  return lines.length === 1 ? (lines[0] ?? "") : `\n${quoteLines(lines)}\n`;
}

/** Every line quoted, blank ones too: a bare blank line would end the quote and let the next line out. */
export function userBlockQuote(text: string): string {
  return quoteLines(defuseUserText(text).trim().split(LINE_BREAK));
}

function quoteLines(lines: readonly string[]): string {
  return lines.map((line) => (line.trim() === "" ? ">" : `> ${line}`)).join("\n");
}
