import type { CommandVocabulary } from "./commands.types.js";
import type { SeverityKey } from "./vocabulary.js";

/** Readers for the arguments several commands share (and the issue form: a severity is read the same way). */

/** GitHub's login rule: alphanumerics and single inner hyphens, at most 39 characters. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const isValidLogin = (login: string): boolean => LOGIN.test(login);

/** `eta:` starts the ETA only as a word of its own, so `beta:` stays text. */
export const ETA_MARKER = /(^|\s)eta:/i;

export function firstLineAndRest(args: string): [string, string] {
  const newline = args.indexOf("\n");
  return newline < 0 ? [args, ""] : [args.slice(0, newline), args.slice(newline + 1)];
}

/** Per-line trailing whitespace and surrounding blank lines carry no meaning; dropping them makes print/parse canonical. */
export function normalizeText(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}

/** The text of a multi-line command: the rest of its own line, then the lines below it. */
export function joinText(first: string, rest: string): string {
  return normalizeText(rest === "" ? first : `${first}\n${rest}`);
}

export function describeSeverities(vocab: CommandVocabulary): string {
  return vocab.severities.map((s) => `${s.key} (${s.name})`).join(", ");
}

/** `1`, `sev1`, `SEV 1` or the configured name (`critical`), always resolved to a configured key. */
export function readSeverity(value: string, vocab: CommandVocabulary): SeverityKey | undefined {
  const wanted = value.trim().replace(/\s+/g, " ").toLowerCase();
  const numbered = /^(?:sev ?)?(\d+)$/.exec(wanted);
  const byKey = numbered ? vocab.severities.find((s) => s.key === `sev${Number(numbered[1])}`) : undefined;
  return (byKey ?? vocab.severities.find((s) => s.name.trim().replace(/\s+/g, " ").toLowerCase() === wanted))?.key;
}

export function unknownSeverity(value: string, vocab: CommandVocabulary): { error: string } {
  return { error: `Unknown severity "${value}". Known severities: ${describeSeverities(vocab)}.` };
}

/** Exactly one GitHub login, with or without its `@`; stored without it. */
export function readLogin(args: string): { user: string } | { error: string } {
  const tokens = args.split(/\s+/).filter((t) => t !== "");
  const [only] = tokens;
  if (only === undefined) return { error: "Say who: name a GitHub user." };
  if (tokens.length > 1) return { error: "Name exactly one GitHub user." };
  const user = only.startsWith("@") ? only.slice(1) : only;
  return isValidLogin(user) ? { user } : { error: `"${only}" is not a GitHub login.` };
}
