import type { AppComment } from "../domain/inputs.js";
import { loadVerdicts, storeVerdicts, type StoredVerdicts, type Verdicts } from "../domain/markers.js";
import type { Effect } from "./effects.js";

/**
 * Where decided verdicts live: in the app's own comments, which nobody without write access can edit.
 * The declaration comment's record holds them (continued in `ledger` comments when it grows full);
 * refusals are also recorded in the replies that explained them. Editing or pasting the issue body
 * cannot remove or roll back a verdict.
 */

// A security incident moved here brings the verdicts judged where it was declared (`moved`).
const LEDGER_KINDS = new Set(["declared", "ledger", "moved"]);

/** Every verdict the app's records hold (ledgers, and the refusals replies explained); the first record of one wins. */
export function decidedVerdicts(comments: readonly AppComment[]): StoredVerdicts {
  const decided: StoredVerdicts = {};
  for (const { record } of comments) {
    const found = LEDGER_KINDS.has(record.kind)
      ? loadVerdicts(record.data.verdicts)
      : record.kind === "reply"
        ? loadVerdicts(record.data.refusals)
        : {};
    for (const [source, verdict] of Object.entries(found)) decided[source] ??= verdict;
  }
  return decided;
}

/**
 * Updates to the app's records: verdicts decided in this run that no record holds yet go to the latest comment
 * holding the ledger; a changed checklist goes to the declaration. One edit per comment. Before the incident is
 * declared there is nothing to update: its declaration will carry the verdicts.
 */
export function planRecordUpdates(
  comments: readonly AppComment[],
  unrecorded: Verdicts,
  checklist: string[] | undefined,
): Effect[] {
  const updates = new Map<AppComment, { verdicts?: StoredVerdicts; checklist?: string[] }>();
  const ledger = [...comments].reverse().find((comment) => LEDGER_KINDS.has(comment.record.kind));
  if (ledger && Object.keys(unrecorded).length) updates.set(ledger, { verdicts: storeVerdicts(unrecorded) });
  const declaration = comments.find((comment) => comment.record.kind === "declared");
  if (declaration && checklist) updates.set(declaration, { ...updates.get(declaration), checklist });
  return [...updates].map(([holder, update]) => ({
    kind: "update-record",
    key: `record:${holder.commentId}`,
    holder,
    ...update,
  }));
}
