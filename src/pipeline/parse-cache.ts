import { createHash } from "node:crypto";
import { parseComment } from "../domain/commands.js";
import type { CommandVocabulary, ParsedLine } from "../domain/commands.types.js";

/**
 * Every run reads every comment of the issue again, and a long incident, or a reader's pile of 63 KB comments,
 * would cost a Markdown parse each per event. A comment's text and the vocabulary decide its parse, so parses are
 * kept by a digest of both, for the most recently used comments of the process.
 */
const CAPACITY = 5_000;
const parses = new Map<string, ParsedLine[]>();

export function cachedParse(body: string, vocabulary: CommandVocabulary): ParsedLine[] {
  const key = createHash("sha256").update(JSON.stringify(vocabulary)).update("\0").update(body).digest("base64");
  const known = parses.get(key);
  if (known) {
    // Map keeps insertion order: re-inserting makes this the most recently used.
    parses.delete(key);
    parses.set(key, known);
    return known;
  }
  const parsed = parseComment(body, vocabulary);
  parses.set(key, parsed);
  if (parses.size > CAPACITY) parses.delete(parses.keys().next().value as string);
  return parsed;
}
