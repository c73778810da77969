import markdownIt from "markdown-it";
import type { MarkdownIt, StateInline, Token } from "markdown-it";

/**
 * A comment's lines as GitHub renders them (CommonMark, with HTML and GitHub's tables), to tell which lines
 * a person sees starting with a `/` in plain text: not in a quote, a fenced or indented code block, inline
 * code, an HTML block or an HTML comment.
 *
 * markdown-it rather than micromark or marked, for bounded cost on the worst comments GitHub accepts
 * (65,536 characters): micromark's unmatched code spans and HTML are quadratic (4 s on one 58 KB comment),
 * marked's emphasis takes a minute on another, and both overflow the stack on 32,000 nested quotes, while
 * markdown-it stays linear and caps nesting (bench/run.ts has the slowest cases found). Emphasis,
 * strikethrough, links and images are switched off: they never make text code or HTML, and cost the most.
 */

export interface CommentLine {
  /** The line as typed, without its line ending. */
  readonly raw: string;
  /** The line as GitHub shows it: HTML comments removed. Code keeps them, because GitHub shows them there. */
  readonly visible: string;
  /** Its first non-blank character is a `/` that GitHub renders as text. */
  readonly startsWithSlash: boolean;
}

type InlineRule = (state: StateInline, silent: boolean) => boolean;

interface Span {
  readonly from: number;
  readonly to: number;
}

/** Line breaks as CommonMark counts them; markdown-it's line numbers are indexes into this split. */
const LINE_BREAK = /\r\n|\r|\n/;
const SLASH_FIRST = /^\s*\//;
const LEADING_BLANKS = /^\s*/;

/** markdown-it's own inline rule `name`, taken through its public API from a parser with only that rule on. */
function builtInInlineRule(name: string): InlineRule {
  const probe = markdownIt("default");
  probe.inline.ruler.enableOnly([name]);
  const [rule] = probe.inline.ruler.getRules("");
  if (!rule) throw new Error(`markdown-it has no inline rule "${name}"`);
  return rule;
}

/** Wraps an inline rule so the token it makes remembers where in its block's text it started and ended. */
function recordingSpans(rule: InlineRule): InlineRule {
  return (state, silent) => {
    const from = state.pos;
    const before = state.tokens.length;
    const matched = rule(state, silent);
    const token = state.tokens.at(-1);
    if (matched && !silent && token && state.tokens.length > before)
      token.meta = { ...token.meta, span: { from, to: state.pos } };
    return matched;
  };
}

function spanOf(token: Token): Span | undefined {
  const span: unknown = token.meta?.span;
  return typeof span === "object" && span !== null ? (span as Span) : undefined;
}

function createParser(): MarkdownIt {
  const md = markdownIt("default", { html: true });
  md.disable(["emphasis", "strikethrough", "link", "image"]);
  for (const name of ["backticks", "html_inline"]) md.inline.ruler.at(name, recordingSpans(builtInInlineRule(name)));
  return md;
}

const markdown = createParser();

/** Where each `<!--` comment of raw HTML starts and ends; an unclosed one hides the rest, as browsers do. */
function htmlCommentSpans(html: string): Span[] {
  const spans: Span[] = [];
  for (let at = html.indexOf("<!--"); at >= 0; ) {
    const close = html.indexOf("-->", at + 4);
    const to = close < 0 ? html.length : close + 3;
    spans.push({ from: at, to });
    at = html.indexOf("<!--", to);
  }
  return spans;
}

/**
 * The text of one block (a paragraph's inline text, an HTML block) laid over the source lines it came from.
 * markdown-it strips container markers and indentation from the left of each line, so a line of the text ends
 * as its source line does: columns are matched from the right.
 */
class BlockText {
  readonly #lines: string[];
  readonly #starts: number[] = [];

  constructor(
    readonly text: string,
    readonly firstLine: number,
    readonly source: readonly string[],
  ) {
    this.#lines = text.split("\n");
    let start = 0;
    for (const line of this.#lines) {
      this.#starts.push(start);
      start += line.length + 1;
    }
  }

  get lineCount(): number {
    return this.#lines.length;
  }

  /** Offset in the text of the first non-blank character of its `k`th line. */
  firstCharOf(k: number): number {
    return (this.#starts[k] ?? 0) + (LEADING_BLANKS.exec(this.#lines[k] ?? "")?.[0].length ?? 0);
  }

  /** Source line and column of an offset in the text. */
  locate(offset: number): { line: number; column: number } {
    const k = this.#lineAt(offset);
    const own = (this.#lines[k] ?? "").trimEnd();
    const source = (this.source[this.firstLine + k] ?? "").trimEnd();
    const column = source.length - (own.length - (offset - (this.#starts[k] ?? 0)));
    return { line: this.firstLine + k, column: Math.max(0, column) };
  }

  /** The line holding an offset: binary search, since a paragraph may have thousands of lines and spans. */
  #lineAt(offset: number): number {
    let low = 0;
    let high = this.#lines.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/** What the parse says about each source line: which start with a `/` in text, and which parts are hidden. */
class RenderedLines {
  readonly #slashFirst: boolean[];
  readonly #startsWithSlash = new Set<number>();
  readonly #hidden = new Map<number, Span[]>();
  #row: { line: number; cursor: number } | undefined;

  constructor(readonly source: readonly string[]) {
    this.#slashFirst = source.map((line) => SLASH_FIRST.test(line));
  }

  visit(token: Token): void {
    if (token.type === "inline") {
      if (token.map) this.#readText(new BlockText(token.content, token.map[0], this.source), token.children ?? []);
      else this.#readCell(token);
    } else if (token.type === "tr_open" && token.map) {
      // A table row is one source line, and its first cell starts it: a row that starts with `/` starts with text.
      this.#row = { line: token.map[0], cursor: 0 };
      if (this.#slashFirst[token.map[0]]) this.#startsWithSlash.add(token.map[0]);
    } else if (token.type === "html_block" && token.map) {
      const html = new BlockText(token.content.replace(/\n$/, ""), token.map[0], this.source);
      for (const span of htmlCommentSpans(html.text)) this.#hide(html, span);
    }
  }

  startsWithSlash(line: number): boolean {
    return this.#startsWithSlash.has(line);
  }

  visible(line: number): string {
    const raw = this.source[line] ?? "";
    const hidden = (this.#hidden.get(line) ?? []).sort((a, b) => a.from - b.from);
    let visible = "";
    let at = 0;
    for (const { from, to } of hidden) {
      if (from > at) visible += raw.slice(at, from);
      at = Math.max(at, to);
    }
    return visible + raw.slice(at);
  }

  /** Marks the lines of a text block that start with a `/` outside its code spans and inline HTML. */
  #readText(text: BlockText, children: readonly Token[]): void {
    const spans = children.flatMap((child) => {
      const span = spanOf(child);
      return span ? [{ child, span }] : [];
    });
    let next = 0;
    for (let k = 0; k < text.lineCount; k++) {
      if (!this.#slashFirst[text.firstLine + k]) continue;
      const at = text.firstCharOf(k);
      // Spans and lines both run in text order, so one pass over each suffices.
      while (next < spans.length && (spans[next]?.span.to ?? 0) <= at) next++;
      const covering = spans[next]?.span;
      if (text.text[at] === "/" && !(covering && covering.from <= at)) this.#startsWithSlash.add(text.firstLine + k);
    }
    for (const { child, span } of spans) if (isHtmlComment(child)) this.#hide(text, span);
  }

  /** A table cell's text has no line of its own: it is found in its row's source line, left to right. */
  #readCell(cell: Token): void {
    const row = this.#row;
    const raw = row ? this.source[row.line] : undefined;
    const at = row && raw !== undefined ? raw.indexOf(cell.content, row.cursor) : -1;
    if (!row || at < 0) return;
    row.cursor = at + cell.content.length;
    for (const child of cell.children ?? []) {
      const span = spanOf(child);
      if (span && isHtmlComment(child)) this.#hideOnLine(row.line, { from: at + span.from, to: at + span.to });
    }
  }

  #hide(text: BlockText, span: Span): void {
    const start = text.locate(span.from);
    const end = text.locate(span.to);
    for (let line = start.line; line <= end.line; line++) {
      const from = line === start.line ? start.column : 0;
      const to = line === end.line ? end.column : Number.POSITIVE_INFINITY;
      this.#hideOnLine(line, { from, to });
    }
  }

  #hideOnLine(line: number, span: Span): void {
    const spans = this.#hidden.get(line);
    if (spans) spans.push(span);
    else this.#hidden.set(line, [span]);
  }
}

const isHtmlComment = (token: Token): boolean => token.type === "html_inline" && token.content.startsWith("<!--");

/** Every line of a comment, as typed and as GitHub shows it. Parses the whole comment once. */
export function readCommentLines(body: string): CommentLine[] {
  const source = body.split(LINE_BREAK);
  const rendered = new RenderedLines(source);
  for (const token of markdown.parse(body, {})) rendered.visit(token);
  return source.map((raw, line) => ({
    raw,
    visible: rendered.visible(line),
    startsWithSlash: rendered.startsWithSlash(line),
  }));
}
