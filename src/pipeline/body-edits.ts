import type { IncidentConfig } from "../config/schema.js";
import { permissionRefusal } from "../domain/authorize.js";
import { formatTimeSpec } from "../domain/time-grammar.js";
import type { CommandVocabulary } from "../domain/commands.types.js";
import type { ReportedFields } from "../domain/fold.js";
import { recordsOfKind, type AppComment, type ReportedForm } from "../domain/inputs.js";
import { digest, splitBody } from "../domain/markers.js";
import { permits, type PermissionLevel } from "../domain/vocabulary.js";
import type { TemplateOverrides } from "../render/environment.js";
import { renderFormEdit, type FormChange } from "../render/views.js";
import { tickedChecklist } from "../domain/checklist.js";
import type { Effect } from "./effects.js";
import { declaredForm, formRecord, readReportedFields } from "./reported-form.js";
/**
 * An edit of the issue body after declaration. What the form said was judged once; an edit of its fields is
 * a new input, judged like a command: by the permission of the person GitHub says edited the body (the
 * webhook's sender), counting only the fields that this edit changed (the webhook carries the body before).
 * Accepted, the app records it in a comment of its own, which the fold applies; refused, the editor is told
 * once. Ticking the dashboard's runbook checklist is judged the same way: accepted ticks go to the app's
 * record, which the dashboard shows, so a refused tick is simply not shown.
 */
export interface BodyEdit {
  by: string;
  /** The body before and after this edit, from the `issues.edited` webhook (not as it is by the time the run reads it). */
  before: string;
  after: string;
  at: string;
}

export interface BodyEditContext {
  config: IncidentConfig;
  vocabulary: CommandVocabulary;
  templates: TemplateOverrides;
  permissionOf: (login: string) => PermissionLevel;
  /** Every runbook checklist item the config names, to tell a tick from text that looks like one. */
  checklistItems: readonly string[];
}

type FormField = keyof ReportedFields;
const FIELDS: FormField[] = ["severity", "type", "summary", "impact", "detectedAt"];

/** What the run does about the edit: an accepted edit to record (and fold now), a refusal to tell, accepted ticks. */
export interface BodyEditPlan {
  effects: Effect[];
  accepted?: { key: string; by: string; fields: ReportedForm };
  /** The checklist as an editor allowed to tick it left it. */
  checklist?: string[];
}

export function planBodyEdit(comments: readonly AppComment[], edit: BodyEdit, ctx: BodyEditContext): BodyEditPlan {
  const { config } = ctx;
  const recorded = declaredForm(comments, config);
  if (!recorded) return { effects: [] }; // not declared yet: the form will be read when it is
  const read = (body: string) => readReportedFields(splitBody(body).reporterText, config, ctx.vocabulary);
  const before = read(edit.before);
  const after = read(edit.after);
  const effective = Object.assign(
    {},
    formRecord(recorded),
    ...recordsOfKind(comments, "form").map((record) => record.fields as ReportedForm),
  ) as ReportedForm;
  const changed = FIELDS.filter(
    (field) =>
      after[field] !== undefined && !same(after[field], before[field]) && !same(after[field], effective[field]),
  );
  const ticked = (body: string) => tickedChecklist(splitBody(body).dashboards[0], ctx.checklistItems);
  const ticksAfter = ticked(edit.after);
  const ticksChanged = !same(ticked(edit.before), ticksAfter);
  if (!changed.length && !ticksChanged) return { effects: [] };
  const held = ctx.permissionOf(edit.by);
  const needed = config.permissions.command;
  if (permits(held, needed))
    return {
      ...(changed.length ? acceptedEdit(edit, changed, after, ctx) : { effects: [] }),
      ...(ticksChanged ? { checklist: ticksAfter } : {}),
    };
  const changes: FormChange[] = [
    ...changed.map((field) => changeOf(field, after)),
    ...(ticksChanged ? [{ field: "checklist" as const }] : []),
  ];
  const reason = permissionRefusal(edit.by, held, needed, "changing an incident");
  // Told once per person: the reporter editing their own text again is not news.
  const body = renderFormEdit({ accepted: false, editor: edit.by, changes, reason }, config, ctx.templates);
  const told: Effect = {
    kind: "comment",
    key: `form-edit:${edit.by.toLowerCase()}`,
    recordKind: "reply",
    record: {},
    body,
  };
  return { effects: [told] };
}

/** The edit's key names the body it started from, so the same change made again later is a new edit. */
function acceptedEdit(edit: BodyEdit, changed: FormField[], after: ReportedFields, ctx: BodyEditContext): BodyEditPlan {
  const fields = formRecord(Object.fromEntries(changed.map((field) => [field, after[field]])) as ReportedFields);
  const key = `form:${digest(`${edit.by}\n${edit.before}\n${JSON.stringify(fields)}`)}`;
  const body = renderFormEdit(
    { accepted: true, editor: edit.by, changes: changed.map((field) => changeOf(field, after)) },
    ctx.config,
    ctx.templates,
  );
  return {
    effects: [{ kind: "comment", key, recordKind: "form", record: { by: edit.by, fields }, body }],
    accepted: { key, by: edit.by, fields },
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A changed field with the value the app read (severity key, type key, time), never free text. */
function changeOf(field: FormField, form: ReportedFields): FormChange {
  if (field === "severity") return { field, value: form.severity };
  if (field === "type") return { field, value: form.type };
  if (field === "detectedAt") return { field, value: form.detectedAt ? formatTimeSpec(form.detectedAt) : undefined };
  return { field };
}
