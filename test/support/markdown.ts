/**
 * What GitHub would act on in Markdown the app wrote, approximated closely enough for assertions: live
 * mentions, issue references, HTML comments, and GFM table rows.
 */

/**
 * The app's own hidden records each fill a line of their own (their JSON escapes `<` and `>`); a comment
 * anywhere else, a record inside a line of text included, came from what someone typed.
 */
const APP_RECORD_LINE = /^<!-- firebreak:[a-z:-]+(?: [^\n]*?)? -->$/gm;

const NAMED_REFERENCES: Record<string, string> = { commat: "@", num: "#", lt: "<", sol: "/" };

/**
 * Text as GitHub scans it for mentions and references: HTML comments are not rendered, and character
 * references are (`&#64;` is an `@` by then).
 */
function visibleText(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/&#(\d{1,7});/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#[xX]([0-9a-fA-F]{1,6});/g, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&([A-Za-z]+);/g, (reference, name: string) => NAMED_REFERENCES[name] ?? reference);
}

/**
 * Logins and teams (`acme/sre`) a piece of Markdown would notify. Stricter than GitHub: code spans count, and
 * so does an `@` after `_` (in `_@alice_` the underscores become emphasis around a live mention).
 */
export function liveMentions(markdown: string): string[] {
  const found = visibleText(markdown).matchAll(
    /(?:^|[^A-Za-z0-9])@([A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?)/g,
  );
  return [...found].map((match) => match[1]!);
}

/** `#1`, `acme/checkout#1`, `GH-1` and links to issues or pull requests: each would cross-reference another issue. */
export function liveReferences(markdown: string): string[] {
  return [...visibleText(markdown).matchAll(/#\d+|GH-\d+|\/(?:issues|pull|pulls|discussions)\/\d+/gi)].map(
    (match) => match[0],
  );
}

/** The app's own records, whole lines. */
export function appRecords(markdown: string): string[] {
  return markdown.match(APP_RECORD_LINE) ?? [];
}

/** HTML comment openers and closers outside the app's own records (a forged or echoed marker). */
export function foreignComments(markdown: string): string[] {
  const withoutRecords = markdown.replace(APP_RECORD_LINE, "");
  return [...withoutRecords.matchAll(/<!--|-->/g)].map((match) => match[0]);
}

/** The part of an issue body the app renders. */
export function dashboardOf(body: string | null | undefined): string {
  const match = /<!-- firebreak:dashboard:start -->([\s\S]*?)<!-- firebreak:dashboard:end -->/.exec(body ?? "");
  if (!match) throw new Error(`no dashboard in ${JSON.stringify(body)}`);
  return match[1]!;
}

/** GFM's cell split (cmark-gfm): a backslash escapes the punctuation after it, an unescaped pipe ends a cell. */
export function gfmCells(row: string): string[] {
  const cells: string[] = [];
  let current = "";
  for (let i = 0; i < row.length; i++) {
    const char = row[i]!;
    if (char === "\\" && /[!-/:-@[-`{-~]/.test(row[i + 1] ?? "")) {
      current += char + row[i + 1];
      i++;
    } else if (char === "|") {
      cells.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  cells.push(current);
  return cells;
}

/** Each table (a run of lines starting with `|`) as its rows' cell counts. */
export function tableShapes(markdown: string): number[][] {
  const tables: number[][] = [];
  let current: number[] | undefined;
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) {
      current = undefined;
      continue;
    }
    if (!current) {
      current = [];
      tables.push(current);
    }
    current.push(gfmCells(line).length);
  }
  return tables;
}
