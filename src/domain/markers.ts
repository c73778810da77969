import { createHmac, createHash, timingSafeEqual } from "node:crypto";

/**
 * Hidden data Firebreak keeps in GitHub text. Markers are only believed where the app itself wrote them
 * (its own comments and issues) or, inside an issue body anyone may edit, when their HMAC signature holds.
 */

const MARKER_RE = /<!-- firebreak:([a-z-]+) (\{.*?\}) -->/g;

export function renderMarker(kind: string, data: Record<string, unknown>): string {
  // JSON may not close the HTML comment early: escape every '>' and '<'.
  const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- firebreak:${kind} ${json} -->`;
}

export function readMarkers(text: string, kind: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const match of text.matchAll(MARKER_RE)) {
    if (match[1] !== kind || match[2] === undefined) continue;
    try {
      const value: unknown = JSON.parse(match[2]);
      if (value && typeof value === "object" && !Array.isArray(value)) found.push(value as Record<string, unknown>);
    } catch {
      // Not ours, or mangled by an edit: a marker that does not parse says nothing.
    }
  }
  return found;
}

export const DASHBOARD_START = "<!-- firebreak:dashboard:start -->";
export const DASHBOARD_END = "<!-- firebreak:dashboard:end -->";

/** Splits an issue body into the reporter's own text and the dashboard blocks (complete start..end pairs). */
export function splitBody(body: string): { reporterText: string; dashboards: string[] } {
  const dashboards: string[] = [];
  let rest = body;
  for (;;) {
    const start = rest.indexOf(DASHBOARD_START);
    const end = start < 0 ? -1 : rest.indexOf(DASHBOARD_END, start);
    if (start < 0 || end < 0) break;
    dashboards.push(rest.slice(start + DASHBOARD_START.length, end));
    rest = rest.slice(0, start) + rest.slice(end + DASHBOARD_END.length);
  }
  return { reporterText: rest.replace(/^\s*\n/, "").trimEnd(), dashboards };
}

export function joinBody(dashboard: string, reporterText: string): string {
  const block = `${DASHBOARD_START}\n${dashboard.trim()}\n${DASHBOARD_END}`;
  return reporterText.trim() ? `${block}\n\n${reporterText.trim()}\n` : `${block}\n`;
}

/** A short stable digest, used to key a comment's current text (an edited command is a new input). */
export function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 10);
}

/**
 * The verdict ledger: which inputs (comments, label changes) were accepted, decided once when first seen,
 * so a later change of someone's permission does not rewrite history. Signed, and bound to one issue.
 */
export type Verdict = { ok: true } | { ok: false; reason: string };
export type Verdicts = Record<string, Verdict>;

/** Compact on the wire (an issue body holds at most 65,536 characters): `1` for accepted, the reason for refused. */
type StoredVerdicts = Record<string, 1 | string>;

interface SignedLedger {
  v: 1;
  verdicts: StoredVerdicts;
}

export function renderLedger(verdicts: Verdicts, scope: string, key: string): string {
  const stored: StoredVerdicts = Object.fromEntries(Object.entries(verdicts).map(([source, verdict]) => [source, verdict.ok ? 1 : verdict.reason]));
  const payload: SignedLedger = { v: 1, verdicts: stored };
  return renderMarker("ledger", { ...payload, sig: sign(JSON.stringify(payload), scope, key) });
}

export function readLedger(dashboards: string[], scope: string, key: string): Verdicts {
  for (const block of dashboards) {
    for (const marker of readMarkers(block, "ledger")) {
      const { sig, ...payload } = marker;
      if (typeof sig !== "string" || payload.v !== 1) continue;
      if (!signatureMatches(sig, sign(JSON.stringify(payload), scope, key))) continue;
      const stored = (payload as unknown as SignedLedger).verdicts;
      return Object.fromEntries(Object.entries(stored).map(([source, value]): [string, Verdict] => [source, value === 1 ? { ok: true } : { ok: false, reason: String(value) }]));
    }
  }
  return {};
}

function sign(json: string, scope: string, key: string): string {
  return createHmac("sha256", key).update(`${scope}\n${json}`).digest("hex");
}

function signatureMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
