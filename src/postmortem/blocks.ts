import { randomUUID } from "node:crypto";
import type { BlockMarker } from "../render/environment.js";

/**
 * The parts of a post-mortem the app owns: named blocks between `<!-- firebreak:begin <name> -->` and
 * `<!-- firebreak:end <name> -->`. Everything outside them is the team's. The document lives in a pull request
 * people edit, so reading it is tolerant: a marker without its partner, or one inside another block, is text.
 */

const NAME = "[a-z][a-z0-9-]{0,39}";
const BLOCK_NAME = new RegExp(`^${NAME}$`);
const MARKER = new RegExp(`<!-- firebreak:(begin|end) (${NAME}) -->`, "g");

export type Segment = { kind: "text"; text: string } | { kind: "block"; name: string; content: string };

const marker = (edge: "begin" | "end", name: string) => `<!-- firebreak:${edge} ${name} -->`;

/** The document as plain text and blocks; `printDocument` gives back exactly the text it was given. */
export function parseDocument(text: string): Segment[] {
  const markers = [...text.matchAll(MARKER)].map((match) => ({
    edge: match[1],
    name: match[2] ?? "",
    start: match.index,
    end: match.index + match[0].length,
  }));
  const segments: Segment[] = [];
  let cursor = 0;
  for (let i = 0; i < markers.length; i++) {
    const begin = markers[i];
    const end = markers[i + 1];
    // A block is a begin marker whose very next marker ends it: nesting and strays stay text.
    if (begin?.edge !== "begin" || end?.edge !== "end" || end.name !== begin.name) continue;
    pushText(segments, text.slice(cursor, begin.start));
    segments.push({ kind: "block", name: begin.name, content: text.slice(begin.end, end.start) });
    cursor = end.end;
    i++;
  }
  pushText(segments, text.slice(cursor));
  return segments;
}

function pushText(segments: Segment[], text: string): void {
  if (text === "") return;
  const last = segments.at(-1);
  if (last?.kind === "text") last.text += text;
  else segments.push({ kind: "text", text });
}

export function printDocument(segments: readonly Segment[]): string {
  return segments
    .map((segment) =>
      segment.kind === "text"
        ? segment.text
        : `${marker("begin", segment.name)}${segment.content}${marker("end", segment.name)}`,
    )
    .join("");
}

/**
 * `current` with each app-owned block's content taken from the block of the same name in `fresh`. What people
 * wrote stays as it is, and a block they deleted stays deleted. Nothing to change: `current` itself.
 */
export function refreshDocument(current: string, fresh: string): string {
  // A name used twice (a reviewer copied a block) is matched in order: the second with the second.
  const latest = new Map<string, string[]>();
  for (const segment of parseDocument(fresh)) {
    if (segment.kind === "block") latest.set(segment.name, [...(latest.get(segment.name) ?? []), segment.content]);
  }
  const seen = new Map<string, number>();
  const segments = parseDocument(current).map((segment): Segment => {
    if (segment.kind !== "block") return segment;
    const index = seen.get(segment.name) ?? 0;
    seen.set(segment.name, index + 1);
    const content = latest.get(segment.name)?.[index];
    return content === undefined ? segment : { ...segment, content };
  });
  const refreshed = printDocument(segments);
  return refreshed === current ? current : refreshed;
}

/**
 * Templates cannot write `<!--` (the environment defuses it in their output), so `{{#generated}}` writes
 * sentinels carrying a random nonce instead, and `finish` turns them into markers after rendering. Text from
 * an incident cannot know the nonce, so it can never become a marker.
 */
export function blockSentinels(): { mark: BlockMarker; finish: (rendered: string) => string } {
  const nonce = randomUUID().replaceAll("-", "");
  const sentinel = (edge: "begin" | "end", name: string) => `⟦fb ${nonce} ${edge} ${name}⟧`;
  const sentinels = new RegExp(`⟦fb ${nonce} (begin|end) (${NAME})⟧`, "g");
  return {
    mark(name, content) {
      if (typeof name !== "string" || !BLOCK_NAME.test(name))
        throw new Error(
          `{{#generated}} needs a block name of lowercase letters, digits and "-", such as "timeline"; got ${JSON.stringify(name) ?? String(name)}`,
        );
      const body = content.replace(/^\n+|\s+$/g, "");
      return `${sentinel("begin", name)}\n${body}\n\n${sentinel("end", name)}\n`;
    },
    finish: (rendered) =>
      rendered.replace(sentinels, (_whole, edge: "begin" | "end", name: string) => marker(edge, name)),
  };
}
