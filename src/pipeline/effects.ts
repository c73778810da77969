import type { ActionItem, ActionRequest } from "../domain/action-items.js";
import type { PostmortemToOpen } from "./postmortem-writes.js";
import type { AppComment } from "../domain/inputs.js";
import type { IncidentRef } from "../render/action-items.js";
import type { Iso } from "../domain/time.js";
import type { LabelDefinition } from "../domain/labels.js";
import type { RecordData, StoredVerdicts } from "../domain/markers.js";
import type { IssuePatch, Reaction } from "../github/port.js";
import type { ChannelConfig } from "../config/schema.js";
import type { OutboundMessage } from "../outbound/messages.js";
import type { SuspectQuery, SuspectNoticeRequest } from "./suspect-writes.js";

/**
 * What a run should make true on GitHub, as data: the plan decides, the executor writes. Every effect has a
 * stable key. Effects that create something (comments) carry their key in the record the app appends to what
 * it writes, so the executor knows from the app's own comments which keys are done and skips them; effects
 * that project (labels, the issue, assignees) are planned only when GitHub differs from the plan.
 */
export type Effect =
  | { kind: "react"; key: string; commentId: number; content: Reaction }
  /** Claims the next free id (atomically: a Git ref) and posts the declaration; its record carries the id. */
  | { kind: "declare"; key: "declaration"; idPrefix: string; render: (id: string) => string; record: RecordData }
  /** `claim`: claimed (a Git ref, created once) before it is written, so two sweeps at once write it once. */
  | { kind: "comment"; key: string; recordKind: string; record: RecordData; body: string; claim?: boolean }
  /** Overdue action items: a reminder on each item, then one line on the incident whose record holds every key. */
  | {
      kind: "item-reminders";
      key: string;
      reminders: { key: string; number: number; body: string; line: string }[];
    }
  /** Adds verdicts to (or sets the checklist of) an app comment's record; verdicts that do not fit go to continuations. */
  | { kind: "update-record"; key: string; holder: AppComment; verdicts?: StoredVerdicts; checklist?: string[] }
  /** The projection in one PATCH: labels (merged with those the issue shows just before), title, state and body. */
  | { kind: "issue"; key: "issue"; patch: Omit<IssuePatch, "body" | "labels">; labels?: LabelChange; body?: BodyWrite }
  | { kind: "assignees"; key: "assignees"; add: string[]; remove: string[] }
  /** Opens (or links) an action item, found by its key first; the reply on the incident records it. */
  | { kind: "action-item"; key: string; request: ActionRequest; incident: IncidentRef; timeZone: string }
  /** Opens the post-mortem pull request (or adopts the open one); the reply on the incident records it. */
  | { kind: "postmortem"; key: string; at: Iso; plan: PostmortemToOpen; incidentNumber: number }
  /** Regenerates the document's app-owned blocks on the open pull request's branch: a commit only when they changed. */
  | { kind: "postmortem-refresh"; key: "postmortem-refresh"; branch: string; path: string; document: string }
  /** The check run on the post-mortem pull request's head commit. */
  | { kind: "check-run"; key: "check-run"; headSha: string; path: string; items: ActionItem[] }
  /** Looks up the changes before the impact started, ranks them, and records the list in a comment (once per key). */
  | { kind: "suspects"; key: string; query: SuspectQuery }
  /**
   * Tells a suspected pull request's author, once (claimed): one comment on the pull request and the configured
   * label; the reply on the incident records its files (and an earlier fix of the same files).
   */
  | { kind: "suspect-notice"; key: string; request: SuspectNoticeRequest }
  /** `suspects.label` taken off a pull request by `/cleared` (or put back by a later `/suspect`): claimed, once. */
  | { kind: "suspect-label"; key: string; pull: number; label: LabelDefinition; on: boolean }
  /** A message to an outbound channel: claimed (a Git ref) and sent after the issue's own writes; no record. */
  | { kind: "notify"; key: string; channel: ChannelConfig; message: OutboundMessage };

/** Labels the projection adds (created first with Firebreak's colours) and takes off. */
export interface LabelChange {
  add: string[];
  remove: string[];
  definitions: LabelDefinition[];
}

/**
 * The dashboard written around whatever the body says when it is written: GitHub has no conditional PATCH,
 * so the executor reads the body again just before writing it, and keeps what someone typed meanwhile.
 */
interface BodyWrite {
  /** The body the plan read, and what it should become. */
  read: string;
  planned: string;
  /** The body to write around a different current one (undefined: leave it). */
  around: (latest: string) => string;
}

/**
 * The order writes happen in. Each write waits its turn behind GitHub's secondary limits (a second apart), so
 * the order is what people see first: their reaction, then the incident's new state (after the id is claimed),
 * then the app's comments, and last the verdicts' record, which nobody reads but the app (a run that stops
 * before it is judged again by the next, with the same permissions).
 */
const ORDER: Record<Effect["kind"], number> = {
  react: 0,
  declare: 1,
  issue: 2,
  assignees: 3,
  "action-item": 4,
  postmortem: 4,
  suspects: 4,
  "suspect-notice": 4,
  "suspect-label": 4,
  "postmortem-refresh": 5,
  "check-run": 6,
  comment: 6,
  "item-reminders": 6,
  "update-record": 7,
  // Delivery never holds back the issue's own updates: the channels hear of it once GitHub shows it.
  notify: 8,
};

export function inWriteOrder(effects: readonly Effect[]): Effect[] {
  return [...effects].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
}

/** One line per effect, for logs and dry runs. */
export function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case "react":
      return `react ${effect.content} to comment ${effect.commentId}`;
    case "declare":
      return `claim an ${effect.idPrefix}-NNN id and post the declaration`;
    case "comment":
      return `comment (${effect.key})`;
    case "update-record":
      return `record ${Object.keys(effect.verdicts ?? {}).length} verdict(s)${effect.checklist ? " and the checklist" : ""}`;
    case "issue": {
      const labels = effect.labels
        ? [`labels +[${effect.labels.add.join(", ")}] -[${effect.labels.remove.join(", ")}]`]
        : [];
      return `update the issue (${[...labels, ...Object.keys(effect.patch), ...(effect.body ? ["body"] : [])].join(", ")})`;
    }
    case "assignees":
      return `assignees +[${effect.add.join(", ")}] -[${effect.remove.join(", ")}]`;
    case "action-item":
      return effect.request.link !== undefined
        ? `link #${effect.request.link} as an action item (${effect.key})`
        : `open an action item (${effect.key})`;
    case "postmortem":
      return `open the post-mortem pull request from ${effect.plan.branch}`;
    case "postmortem-refresh":
      return `refresh ${effect.path} on ${effect.branch}`;
    case "check-run":
      return `check the post-mortem at ${effect.headSha.slice(0, 7)}`;
    case "notify":
      return `notify ${effect.channel.name} (${effect.key})`;
    case "suspects":
      return `list the changes before ${effect.query.reference} (${effect.key})`;
    case "suspect-notice":
      return `tell the author of #${effect.request.pull} it is suspected (${effect.key})`;
    case "suspect-label":
      return `${effect.on ? "put" : "take"} ${effect.label.name} ${effect.on ? "on" : "off"} #${effect.pull} (${effect.key})`;
    case "item-reminders":
      return `remind ${effect.reminders.map((reminder) => `#${reminder.number}`).join(", ")} of their deadlines`;
  }
}

/** Keys done according to the app's own records: what they were written for, and the comments they answered. */
export function doneKeys(comments: readonly AppComment[]): Set<string> {
  const done = new Set<string>();
  for (const { record } of comments) for (const key of keysOf(record.data)) done.add(key);
  return done;
}

function keysOf(data: RecordData): string[] {
  const { key, keys, verdicts, refusals } = data;
  const own = typeof key === "string" ? [key] : [];
  // One comment may stand for several keys (escalation steps caught up at once, several overdue items).
  const several = Array.isArray(keys) ? keys.map(String) : [];
  // A decided verdict, or a reply that explained a refusal, means that run answered the comment with a reaction.
  const answered = [
    ...Object.keys(isObject(verdicts) ? verdicts : {}),
    ...Object.keys(isObject(refusals) ? refusals : {}),
    ...own.filter((k) => k.startsWith("reply:")).map((k) => k.slice("reply:".length)),
  ].map((source) => `react:${source}`);
  return [...own, ...several, ...answered];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
