import type { IncidentConfig } from "../config/schema.js";
import { permissionRefusal } from "../domain/authorize.js";
import { formatTimeSpec } from "../domain/command-registry.js";
import type { CommandVocabulary } from "../domain/commands.types.js";
import type { ReportedFields } from "../domain/fold.js";
import { recordsOfKind, type AppComment, type ReportedForm } from "../domain/inputs.js";
import { digest, splitBody } from "../domain/markers.js";
import { permits, type PermissionLevel } from "../domain/vocabulary.js";
import type { TemplateOverrides } from "../render/environment.js";
import { renderFormEdit, tickedItems } from "../render/views.js";
import type { Effect } from "./effects.js";
import { declaredForm, formRecord, readReportedFields } from "./reported-form.js";
/**
 * An edit of the issue body after declaration. What the form said was judged once; an edit of its fields is
 * a new input, judged like a command: by the permission of the person GitHub says edited the body (the
 * webhook's sender), counting only the fields that this edit changed (the webhook carries the body before).
 * Accepted, the app records it in a comment of its own, which the fold applies; refused, the editor is told
 * once. Ticking the dashboard's runbook checklist is judged the same way: a refused tick is taken back.
 */
export interface BodyEdit {
  by: string;
  /** The body before this edit, from the `issues.edited` webhook. */
  before: string;
}

export interface BodyEditContext {
  config: IncidentConfig;
  vocabulary: CommandVocabulary;
  templates: TemplateOverrides;
  permissionOf: (login: string) => PermissionLevel;
}

type FormField = keyof ReportedFields;
const FIELDS: FormField[] = ["severity", "type", "summary", "impact", "detectedAt"];

/** What the run does about the edit: an accepted edit to record (and fold now), a refusal to tell, ticks to take back. */
export interface BodyEditPlan {
  effects: Effect[];
  accepted?: { key: string; by: string; fields: ReportedForm };
  restoreChecklistFrom?: string;
}

export function planBodyEdit(currentBody: string, comments: readonly AppComment[], edit: BodyEdit, ctx: BodyEditContext): BodyEditPlan {
  const { config } = ctx;
  const recorded = declaredForm(comments, config);
  if (!recorded) return { effects: [] }; // not declared yet: the form will be read when it is
  const read = (body: string) => readReportedFields(splitBody(body).reporterText, config, ctx.vocabulary);
  const before = read(edit.before);
  const after = read(currentBody);
  const effective = Object.assign({}, formRecord(recorded), ...recordsOfKind(comments, "form").map((record) => record.fields as ReportedForm)) as ReportedForm;
  const changed = FIELDS.filter((field) => after[field] !== undefined && !same(after[field], before[field]) && !same(after[field], effective[field]));
  const beforeDashboard = splitBody(edit.before).dashboards[0];
  const ticksChanged = !same([...tickedItems(beforeDashboard)].sort(), [...tickedItems(splitBody(currentBody).dashboards[0])].sort());
  if (!changed.length && !ticksChanged) return { effects: [] };
  const held = ctx.permissionOf(edit.by);
  const needed = config.permissions.command;
  if (permits(held, needed)) return changed.length ? acceptedEdit(edit, changed, after, ctx) : { effects: [] };
  const changes = [...changed.map((field) => describe(field, after, config)), ...(ticksChanged ? ["the runbook checklist"] : [])].join(", ");
  const commands = [...changed.map((field) => COMMAND_FOR[field]), ...(ticksChanged ? ["`/note <what was done>`"] : [])].join(", ");
  const reason = permissionRefusal(edit.by, held, needed, "changing an incident");
  // Told once per person: the reporter editing their own text again is not news.
  const body = renderFormEdit({ accepted: false, editor: edit.by, changes, commands, reason }, ctx.templates);
  const told: Effect = { kind: "comment", key: `form-edit:${edit.by.toLowerCase()}`, recordKind: "reply", record: {}, body };
  return { effects: [told], ...(ticksChanged && beforeDashboard !== undefined ? { restoreChecklistFrom: beforeDashboard } : {}) };
}

/** The edit's key names the body it started from, so the same change made again later is a new edit. */
function acceptedEdit(edit: BodyEdit, changed: FormField[], after: ReportedFields, ctx: BodyEditContext): BodyEditPlan {
  const fields = formRecord(Object.fromEntries(changed.map((field) => [field, after[field]])) as ReportedFields);
  const key = `form:${digest(`${edit.by}\n${edit.before}\n${JSON.stringify(fields)}`)}`;
  const changes = changed.map((field) => describe(field, after, ctx.config)).join(", ");
  const body = renderFormEdit({ accepted: true, editor: edit.by, changes }, ctx.templates);
  return { effects: [{ kind: "comment", key, recordKind: "form", record: { by: edit.by, fields }, body }], accepted: { key, by: edit.by, fields } };
}

const COMMAND_FOR: Record<FormField, string> = { severity: "`/sev <1-4>`", type: "`/type <type>`", summary: "`/note <text>`", impact: "`/impact <text>`", detectedAt: "`/detected <when>`" };

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What changed, in words the app chooses: values are severity keys, type names and times, never free text. */
function describe(field: FormField, form: ReportedFields, config: IncidentConfig): string {
  switch (field) {
    case "severity":
      return `severity ${form.severity}`;
    case "type":
      return `type ${config.types[form.type ?? ""]?.name ?? form.type}`;
    case "detectedAt":
      return `detected at ${form.detectedAt ? formatTimeSpec(form.detectedAt) : "?"}`;
    default:
      return field;
  }
}
