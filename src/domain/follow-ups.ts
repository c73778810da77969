import type { ActionRequest, TrackedItem } from "./action-items.js";
import type { FollowUpRecordKind } from "./inputs.js";
import type { RecordData } from "./markers.js";
import type { Iso } from "./time.js";
import { noSuspects, recordSuspectList, recordSuspectNotice, type SuspectState } from "./suspect-marks.js";

/**
 * The follow-ups of an incident as its own history records them: action items the app opened or linked (and
 * what it later learned about them), and the post-mortem pull requests it opened and saw merged or closed.
 * Records outlive code versions, so every field is checked as it is read.
 */

/** A post-mortem pull request the app opened, and how it ended. */
export interface PostmortemPull {
  key: string;
  pull: number;
  branch: string;
  path: string;
  at: Iso;
  closed?: { at: Iso; merged: boolean; by?: string };
}

export interface FollowUps extends SuspectState {
  actionRequests: ActionRequest[];
  actionItems: TrackedItem[];
  postmortemRequests: { key: string; at: Iso; by: string }[];
  postmortems: PostmortemPull[];
  /** Since when the incident has needed a post-mortem (resolved, not a false positive, at a configured severity). */
  postmortemDueSince?: Iso;
}

export function noFollowUps(): FollowUps {
  return { actionRequests: [], actionItems: [], postmortemRequests: [], postmortems: [], ...noSuspects() };
}

/** A timeline entry a record adds: about item or pull request `ref` (the app's own, shown as a live link). */
export interface FollowUpNote {
  kind: "action" | "postmortem" | "change";
  text: string;
  at: Iso;
  actor?: string;
  ref?: number;
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;

/** Applies one record to the follow-ups; returns the timeline entries it makes, if any. */
export function applyFollowUpRecord(
  state: FollowUps,
  kind: FollowUpRecordKind,
  data: RecordData,
  at: Iso,
): FollowUpNote | FollowUpNote[] | undefined {
  switch (kind) {
    // The changes are no one's doing on the incident: their authors are named in the text, never mentioned.
    case "suspects":
      return recordSuspectList(state, data, at).map((note) => ({ kind: "change", ...note, actor: "" }));
    case "suspect-notified":
      recordSuspectNotice(state, data);
      return undefined;
    case "action-item":
      return trackItem(state, data, at);
    case "item-closed":
      return recordClosure(state, data);
    case "item-due":
      return recordDue(state, data, at);
    case "postmortem":
      return recordPostmortem(state, data, at);
    case "postmortem-closed":
      return recordPostmortemClosed(state, data);
  }
}

/**
 * A record says when what it records was asked for (`at`): the timeline then does not depend on how soon after
 * the app got to it. Older records without it count from the record itself.
 */
function trackItem(state: FollowUps, data: RecordData, recordedAt: Iso): FollowUpNote | undefined {
  const at = str(data.at) ?? recordedAt;
  const number = num(data.item);
  const key = str(data.key);
  const title = str(data.title);
  if (!number || !key || title === undefined || state.actionItems.some((item) => item.number === number)) return;
  const item: TrackedItem = {
    key,
    number,
    title,
    ...(str(data.owner) ? { owner: str(data.owner) } : {}),
    ...(str(data.unassignable) ? { unassignable: str(data.unassignable) } : {}),
    ...(str(data.due) ? { due: str(data.due) } : {}),
    askedBy: str(data.askedBy) ?? "",
    linked: data.linked === true,
    at,
    closures: [],
  };
  state.actionItems.push(item);
  const text = `Action item ${item.linked ? "linked" : "opened"}: ${title}`;
  return { kind: "action", text, at, ...(item.askedBy ? { actor: item.askedBy } : {}), ref: number };
}

function recordClosure(state: FollowUps, data: RecordData): FollowUpNote | undefined {
  const item = state.actionItems.find((tracked) => tracked.number === num(data.item));
  const closedAt = str(data.at);
  if (!item || !closedAt || item.closures.some((closure) => closure.at === closedAt)) return;
  const by = str(data.by);
  const pull = num(data.pull);
  const files = Array.isArray(data.files) ? data.files.filter((f): f is string => typeof f === "string") : [];
  item.closures.push({
    at: closedAt,
    ...(by ? { by } : {}),
    ...(pull ? { pull } : {}),
    ...(files.length ? { files } : {}),
  });
  const how = pull ? `by pull request #${pull}` : "by hand";
  return {
    kind: "action",
    text: `Action item closed ${how}: ${item.title}`,
    at: closedAt,
    ...(by ? { actor: by } : {}),
    ref: item.number,
  };
}

function recordDue(state: FollowUps, data: RecordData, at: Iso): FollowUpNote | undefined {
  const item = state.actionItems.find((tracked) => tracked.number === num(data.item));
  const due = str(data.due);
  if (!item || !due) return;
  item.due = due;
  const by = str(data.by);
  return {
    kind: "action",
    text: `Action item deadline moved to ${due.slice(0, 10)}: ${item.title}`,
    at,
    ...(by ? { actor: by } : {}),
    ref: item.number,
  };
}

function recordPostmortem(state: FollowUps, data: RecordData, recordedAt: Iso): FollowUpNote | undefined {
  const at = str(data.at) ?? recordedAt;
  const pull = num(data.pull);
  const key = str(data.key);
  const branch = str(data.branch);
  const path = str(data.path);
  if (!pull || !key || !branch || !path || state.postmortems.some((known) => known.pull === pull)) return;
  state.postmortems.push({ key, pull, branch, path, at });
  return { kind: "postmortem", text: "Post-mortem pull request opened", at, ref: pull };
}

function recordPostmortemClosed(state: FollowUps, data: RecordData): FollowUpNote | undefined {
  const known = state.postmortems.find((postmortem) => postmortem.pull === num(data.pull));
  const at = str(data.at);
  if (!known || !at || known.closed) return;
  const by = str(data.by);
  known.closed = { at, merged: data.merged === true, ...(by ? { by } : {}) };
  const text = known.closed.merged ? "Post-mortem merged" : "Post-mortem pull request closed without merging";
  return { kind: "postmortem", text, at, ...(by ? { actor: by } : {}), ref: known.pull };
}

/** The post-mortem pull request still open, if any (the newest the app opened that has not closed). */
export function openPostmortem(state: FollowUps): PostmortemPull | undefined {
  const latest = state.postmortems.at(-1);
  return latest && !latest.closed ? latest : undefined;
}
