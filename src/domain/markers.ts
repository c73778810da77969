import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Records: the hidden data Firebreak keeps in GitHub text, one HTML comment
 * `<!-- firebreak:<kind> <json> <signature> -->`. A record is believed only when
 *   - it sits where the app puts it: the last line of a comment the app authored (an app-created issue's
 *     body is searched, since writers may add text after it), never text quoted in the middle;
 *   - its HMAC signature holds for this repository or issue (the scope) and this kind, under the
 *     app's signing key (or a previous key, while keys are rotated).
 * So text a person typed that slips into the app's output is still not a record, and a record copied from
 * another issue, or edited, says nothing. Reading is linear: no pattern backtracks over long text.
 */

export interface SigningKeys {
  /** Signs every record written from now on. */
  current: string;
  /** Still accepted when reading, so rotating the key does not void what was written before. */
  previous: readonly string[];
}

export type RecordData = Record<string, unknown>;

export interface AppRecord {
  kind: string;
  data: RecordData;
}

const RECORD_OPEN = "<!-- firebreak:";
const RECORD_CLOSE = " -->";
const KIND = /^[a-z][a-z-]{0,31}$/;
const SIGNATURE_LENGTH = 32;
/** How many candidate records one issue body is searched for: enough for the app's, bounded for everyone's. */
const MAX_EMBEDDED_CANDIDATES = 8;

export function renderRecord(kind: string, data: RecordData, scope: string, keys: SigningKeys): string {
  if (!KIND.test(kind)) throw new Error(`invalid record kind ${kind}`);
  // JSON may not close the HTML comment early: every '<' and '>' is escaped (and so ` -->` cannot occur).
  const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${RECORD_OPEN}${kind} ${json} ${sign(scope, kind, json, keys.current)}${RECORD_CLOSE}`;
}

/** The record on the last line of a comment the app wrote, if it is one and its signature holds. */
export function readTrailingRecord(body: string, scope: string, keys: SigningKeys): AppRecord | undefined {
  const text = body.trimEnd();
  return parseRecordLine(text.slice(text.lastIndexOf("\n") + 1), scope, keys);
}

/** Records of one kind anywhere in a body the app authored (an issue it opened), signature checked. */
export function readEmbeddedRecords(body: string, kind: string, scope: string, keys: SigningKeys): RecordData[] {
  const found: RecordData[] = [];
  const open = `${RECORD_OPEN}${kind} `;
  let from = 0;
  for (let candidates = 0; candidates < MAX_EMBEDDED_CANDIDATES; candidates++) {
    const start = body.indexOf(open, from);
    const end = start < 0 ? -1 : body.indexOf(RECORD_CLOSE, start + open.length);
    if (end < 0) break;
    const record = parseRecordLine(body.slice(start, end + RECORD_CLOSE.length), scope, keys);
    if (record?.kind === kind) found.push(record.data);
    from = end + RECORD_CLOSE.length;
  }
  return found;
}

function parseRecordLine(line: string, scope: string, keys: SigningKeys): AppRecord | undefined {
  if (!line.startsWith(RECORD_OPEN) || !line.endsWith(RECORD_CLOSE)) return undefined;
  const inner = line.slice(RECORD_OPEN.length, line.length - RECORD_CLOSE.length);
  const kindEnd = inner.indexOf(" ");
  const jsonEnd = inner.lastIndexOf(" ");
  if (kindEnd < 0 || jsonEnd <= kindEnd) return undefined;
  const kind = inner.slice(0, kindEnd);
  const json = inner.slice(kindEnd + 1, jsonEnd);
  const signature = inner.slice(jsonEnd + 1);
  if (!KIND.test(kind) || signature.length !== SIGNATURE_LENGTH) return undefined;
  if (![keys.current, ...keys.previous].some((key) => signatureMatches(signature, sign(scope, kind, json, key))))
    return undefined;
  try {
    const data: unknown = JSON.parse(json);
    return data && typeof data === "object" && !Array.isArray(data) ? { kind, data: data as RecordData } : undefined;
  } catch {
    return undefined;
  }
}

function sign(scope: string, kind: string, json: string, key: string): string {
  return createHmac("sha256", key).update(`${scope}\n${kind}\n${json}`).digest("hex").slice(0, SIGNATURE_LENGTH);
}

function signatureMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The visible part of an app comment: everything before its record line. */
export function withoutTrailingRecord(body: string): string {
  const text = body.trimEnd();
  const lineStart = text.lastIndexOf("\n") + 1;
  return text.slice(lineStart).startsWith(RECORD_OPEN) ? text.slice(0, lineStart).trimEnd() : text;
}

const DASHBOARD_START = "<!-- firebreak:dashboard:start -->";
const DASHBOARD_END = "<!-- firebreak:dashboard:end -->";

/** Splits an issue body into the reporter's own text and the dashboard blocks (complete start..end pairs), in one pass. */
export function splitBody(body: string): { reporterText: string; dashboards: string[] } {
  const dashboards: string[] = [];
  const kept: string[] = [];
  let from = 0;
  for (;;) {
    const start = body.indexOf(DASHBOARD_START, from);
    const end = start < 0 ? -1 : body.indexOf(DASHBOARD_END, start + DASHBOARD_START.length);
    if (end < 0) break;
    kept.push(body.slice(from, start));
    dashboards.push(body.slice(start + DASHBOARD_START.length, end));
    from = end + DASHBOARD_END.length;
  }
  kept.push(body.slice(from));
  return {
    reporterText: kept
      .join("")
      .replace(/^\s*\n/, "")
      .trimEnd(),
    dashboards,
  };
}

export function joinBody(dashboard: string, reporterText: string): string {
  const block = `${DASHBOARD_START}\n${dashboard.trim()}\n${DASHBOARD_END}`;
  return reporterText.trim() ? `${block}\n\n${reporterText.trim()}\n` : `${block}\n`;
}

/**
 * A short stable digest, used to key a comment's current text (an edited command is a new input). 64 bits:
 * finding another text with the same key, to reuse an old verdict, is out of anyone's reach.
 */
export function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * Verdicts: which inputs (comments, label changes, closing) were accepted, decided once when first seen, so a
 * later change of someone's permission does not rewrite history. They are kept in the app's own comments
 * (the declaration comment's record, continued in `ledger` comments), which no reader can edit. A refusal is
 * kept as a short code (`held:read`, `target:someone`) from which its explanation is written again.
 */
export type Verdict = { ok: true } | { ok: false; reason: string; code: string };
export type Verdicts = Record<string, Verdict>;

/** Compact in a record (a comment holds at most 65,536 characters): 1 accepted, or the refusal's code. */
export type StoredVerdict = 1 | string;
export type StoredVerdicts = Record<string, StoredVerdict>;

const REFUSAL_CODE = /^(held:[a-z]{1,10}|target:[A-Za-z0-9-]{1,39}|earlier)$/;

export function storeVerdicts(verdicts: Verdicts): StoredVerdicts {
  return Object.fromEntries(
    Object.entries(verdicts).map(([source, verdict]) => [source, verdict.ok ? 1 : verdict.code]),
  );
}

/** Stored verdicts read back from a record; anything malformed is left out (and so judged again). */
export function loadVerdicts(stored: unknown): StoredVerdicts {
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return {};
  const verdicts: StoredVerdicts = {};
  for (const [source, value] of Object.entries(stored)) {
    if (value === 1 || (typeof value === "string" && REFUSAL_CODE.test(value))) verdicts[source] = value;
    // Records written before refusals had codes said 0.
    else if (value === 0) verdicts[source] = "earlier";
  }
  return verdicts;
}
