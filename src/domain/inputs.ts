import type { ParsedLine } from "./commands.types.js";
import type { IssueHistory, TimelineItem } from "./history.js";
import { digest, type AppRecord, type RecordData } from "./markers.js";
import type { Iso } from "./time.js";

/**
 * Step one of the fold: what in an issue's history can change the incident. People's comments with
 * commands, their label changes, closing and reopening, renames; and the app's own records (which id it
 * claimed, which updates it posted, whom it assigned), believed only in text the app authored.
 * Every other bot is ignored entirely.
 */

interface InputBase {
  /** Stable key: verdicts, replies and posted updates refer to it. */
  key: string;
  at: Iso;
  seq: number;
  actor: string;
}

/** Inputs a person made; each needs a verdict (permission) before it counts. */
export type HumanInput = InputBase &
  (
    | { type: "comment"; commentId: number; lines: ParsedLine[] }
    | { type: "label-added" | "label-removed"; label: string }
    | { type: "closed"; reason: string | null }
    | { type: "reopened" }
    | { type: "renamed"; from: string; to: string }
  );

/** Facts that need no verdict: assignments, and the app's own records. */
type RecordInput = InputBase &
  (
    | { type: "assigned" | "unassigned"; assignee: string; byApp: boolean }
    /** `oncall`: whom the rota made commander when it was declared (null: nobody), as the app recorded it then. */
    | { type: "declared-record"; id: string; form?: ReportedForm; oncall?: string | null }
    /** Someone allowed to change the incident edited the issue form; the app recorded which fields, as it judged them. */
    | { type: "form-edited"; by: string; fields: ReportedForm }
    | { type: "alert"; alert: AlertRecord }
    /** The app moved a security incident here: where from, who declared it there, as what. */
    | { type: "moved"; from: MovedFrom; by: string; typeKey?: string; severity?: string }
    /** What the app recorded about action items and post-mortem pull requests (read in `fold`, checked there). */
    | { type: "app-record"; kind: FollowUpRecordKind; data: RecordData }
  );

/** Records of the follow-ups of an incident: its action items and its post-mortem pull requests. */
export const FOLLOW_UP_RECORD_KINDS = [
  "action-item",
  "item-closed",
  "item-due",
  "postmortem",
  "postmortem-closed",
  "suspects",
  "suspect-notified",
] as const;
export type FollowUpRecordKind = (typeof FOLLOW_UP_RECORD_KINDS)[number];

export type IncidentInput = HumanInput | RecordInput;

interface MovedFrom {
  /** `owner/name` of the repository it was declared in. */
  repo: string;
  number: number;
  /** The placeholder issue left there. */
  placeholder?: number;
}

/** What monitoring sent through `repository_dispatch`, kept in the body of the issue the app opened. */
export interface AlertRecord {
  title: string;
  severity?: string;
  type?: string;
  summary?: string;
  source?: string;
  dedupKey: string;
}

/** What the issue form said when the incident was declared, as the app recorded it then. */
export interface ReportedForm {
  severity?: string;
  type?: string;
  summary?: string;
  impact?: string;
  detectedAt?: unknown;
}

/** Reads the app's signed records: on a comment's last line (bound to this issue), or in an issue the app opened (bound to the repository). */
export interface RecordReader {
  trailing(body: string): AppRecord | undefined;
  embedded(body: string, kind: string): RecordData[];
}

export interface InputContext {
  appLogin: string;
  parse: (body: string) => ParsedLine[];
  records: RecordReader;
}

/** One of the app's own comments with the record it carries. */
export interface AppComment {
  commentId: number;
  body: string;
  record: AppRecord;
}

export function commentKey(commentId: number, body: string): string {
  return `c${commentId}.${digest(body)}`;
}

/** The app's own comments that carry a valid record: the only comments whose hidden data is believed. */
export function appComments(timeline: readonly TimelineItem[], appLogin: string, records: RecordReader): AppComment[] {
  const found: AppComment[] = [];
  for (const item of timeline) {
    if (item.kind !== "comment" || item.author.login !== appLogin) continue;
    const record = records.trailing(item.body);
    if (record) found.push({ commentId: item.id, body: item.body, record });
  }
  return found;
}

/** The data of every app record of one kind, in timeline order. */
export function recordsOfKind(comments: readonly AppComment[], kind: string): RecordData[] {
  return comments.filter((comment) => comment.record.kind === kind).map((comment) => comment.record.data);
}

export function collectInputs(history: IssueHistory, ctx: InputContext): IncidentInput[] {
  const inputs: IncidentInput[] = [];
  const { issue } = history;
  if (issue.author.login === ctx.appLogin) {
    for (const marker of ctx.records.embedded(issue.body, "alert")) {
      const alert = toAlert(marker);
      if (alert) inputs.push({ key: "alert", at: issue.createdAt, seq: 0, actor: ctx.appLogin, type: "alert", alert });
    }
  }
  // GitHub lists the timeline in order; that position breaks ties between items of the same second
  // (comment ids and event ids are separate sequences, so ids cannot).
  history.timeline.forEach((item, index) => {
    const input = toInput(item, index + 1, ctx);
    if (input) inputs.push(...input);
  });
  return inputs;
}

function toInput(item: TimelineItem, seq: number, ctx: InputContext): IncidentInput[] | undefined {
  const base = { at: item.at, seq, key: `e${item.id}` };
  switch (item.kind) {
    case "comment": {
      if (item.author.login === ctx.appLogin)
        return appRecordInputs(ctx.records.trailing(item.body), { ...base, actor: ctx.appLogin });
      if (item.author.isBot) return undefined;
      const lines = ctx.parse(item.body);
      if (lines.length === 0) return undefined;
      return [
        {
          ...base,
          key: commentKey(item.id, item.body),
          actor: item.author.login,
          type: "comment",
          commentId: item.id,
          lines,
        },
      ];
    }
    case "labeled":
    case "unlabeled":
      if (item.actor.isBot) return undefined;
      return [
        {
          ...base,
          actor: item.actor.login,
          type: item.kind === "labeled" ? "label-added" : "label-removed",
          label: item.label,
        },
      ];
    case "assigned":
    case "unassigned":
      if (item.actor.isBot && item.actor.login !== ctx.appLogin) return undefined;
      return [
        {
          ...base,
          actor: item.actor.login,
          type: item.kind,
          assignee: item.assignee,
          byApp: item.actor.login === ctx.appLogin,
        },
      ];
    case "closed":
      if (item.actor.isBot) return undefined;
      return [{ ...base, actor: item.actor.login, type: "closed", reason: item.stateReason }];
    case "reopened":
      if (item.actor.isBot) return undefined;
      return [{ ...base, actor: item.actor.login, type: "reopened" }];
    case "cross-referenced":
    case "connected":
      return undefined;
    case "renamed":
      if (item.actor.isBot) return undefined;
      return [{ ...base, actor: item.actor.login, type: "renamed", from: item.from, to: item.to }];
  }
}

function appRecordInputs(record: AppRecord | undefined, base: InputBase): IncidentInput[] {
  const data = record?.data;
  if (record?.kind === "declared" && typeof data?.id === "string" && INCIDENT_ID_RE.test(data.id)) {
    const form = data.form && typeof data.form === "object" ? (data.form as ReportedForm) : undefined;
    const oncall = typeof data.oncall === "string" || data.oncall === null ? { oncall: data.oncall } : {};
    return [{ ...base, type: "declared-record", id: data.id, ...(form ? { form } : {}), ...oncall }];
  }
  if (record?.kind === "form" && typeof data?.by === "string" && data.fields && typeof data.fields === "object") {
    return [{ ...base, type: "form-edited", by: data.by, fields: data.fields as ReportedForm }];
  }
  if (record?.kind === "moved" && data) return movedInputs(data, base);
  const kind = FOLLOW_UP_RECORD_KINDS.find((known) => known === record?.kind);
  return kind && data ? [{ ...base, type: "app-record", kind, data }] : [];
}

function movedInputs(data: RecordData, base: InputBase): IncidentInput[] {
  const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  const repo = text(data.from);
  const by = text(data.by);
  if (!repo || !by || typeof data.number !== "number") return [];
  const placeholder = typeof data.placeholder === "number" ? { placeholder: data.placeholder } : {};
  const typeKey = text(data.type);
  const severity = text(data.severity);
  return [
    {
      ...base,
      type: "moved",
      from: { repo, number: data.number, ...placeholder },
      by,
      ...(typeKey ? { typeKey } : {}),
      ...(severity ? { severity } : {}),
    },
  ];
}

function toAlert(marker: Record<string, unknown>): AlertRecord | undefined {
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : undefined);
  const title = text(marker.title);
  const dedupKey = text(marker.dedupKey);
  if (!title || !dedupKey) return undefined;
  return {
    title,
    dedupKey,
    severity: text(marker.severity),
    type: text(marker.type),
    summary: text(marker.summary),
    source: text(marker.source),
  };
}

const INCIDENT_ID_RE = /^INC-\d{4}-\d{2}-\d{2}-\d{3,}$/;
