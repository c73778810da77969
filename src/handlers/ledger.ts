import type { AppComment } from "../domain/inputs.js";
import { COMMENT_TEXT_LIMIT } from "../domain/limits.js";
import { loadVerdicts, renderRecord, storeVerdicts, withoutTrailingRecord, type SigningKeys, type StoredVerdicts, type Verdicts } from "../domain/markers.js";
import type { IncidentGitHub } from "../github/port.js";

/**
 * Where decided verdicts live: in the app's own comments, which nobody without write access can edit.
 * The declaration comment's record holds them (continued in `ledger` comments when it grows full);
 * refusals are also recorded in the replies that explained them. Editing or pasting the issue body
 * cannot remove or roll back a verdict.
 */

const LEDGER_KINDS = new Set(["declared", "ledger"]);

/** Every verdict the app's records hold; the first record of a verdict wins (decided once). */
export function decidedVerdicts(comments: readonly AppComment[]): Verdicts {
  const decided: Verdicts = {};
  for (const comment of comments) {
    const { kind, data } = comment.record;
    const found = LEDGER_KINDS.has(kind) ? loadVerdicts(data.verdicts) : kind === "reply" ? refusalsIn(data.refusals) : {};
    for (const [source, verdict] of Object.entries(found)) {
      const known = decided[source];
      // A reply's reason is kinder than the ledger's bare "refused": keep it when both say refused.
      if (!known || (!known.ok && !verdict.ok && kind === "reply")) decided[source] = verdict;
    }
  }
  return decided;
}

function refusalsIn(value: unknown): Verdicts {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, reason]) => typeof reason === "string").map(([source, reason]) => [source, { ok: false, reason: reason as string }]));
}

export interface LedgerWrite {
  gh: IncidentGitHub;
  issueNumber: number;
  scope: string;
  keys: SigningKeys;
}

/**
 * Adds the verdicts not yet recorded to the latest comment that holds the ledger (one comment edit), or
 * starts a continuation comment when that one is full. Before the incident is declared there is no
 * ledger comment yet: its declaration comment will carry every verdict decided by then.
 */
export async function recordVerdicts(write: LedgerWrite, comments: readonly AppComment[], unrecorded: Verdicts): Promise<void> {
  if (!Object.keys(unrecorded).length) return;
  const holder = [...comments].reverse().find((comment) => LEDGER_KINDS.has(comment.record.kind));
  if (!holder) return;
  const { kind, data } = holder.record;
  const verdicts: StoredVerdicts = { ...(data.verdicts as StoredVerdicts | undefined), ...storeVerdicts(unrecorded) };
  const body = `${withoutTrailingRecord(holder.body)}\n${renderRecord(kind, { ...data, verdicts }, write.scope, write.keys)}`;
  if (body.length <= COMMENT_TEXT_LIMIT) {
    await write.gh.updateComment(holder.commentId, body);
    return;
  }
  const note = "<sub>Firebreak's record of who could change this incident, continued. Nothing to do here.</sub>";
  await write.gh.createComment(write.issueNumber, `${note}\n${renderRecord("ledger", { verdicts: storeVerdicts(unrecorded) }, write.scope, write.keys)}`);
}
