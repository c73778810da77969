import type { IncidentConfig } from "../config/schema.js";
import type { ReportedFields } from "../domain/fold.js";
import { appComments, recordsOfKind, type ReportedForm } from "../domain/inputs.js";
import { renderRecord, splitBody, type SigningKeys } from "../domain/markers.js";
import { formatTimeSpec } from "../domain/command-registry.js";
import { permits } from "../domain/vocabulary.js";
import { permissionRefusal } from "../domain/authorize.js";
import type { IncidentGitHub } from "../github/port.js";
import type { TemplateOverrides } from "../render/environment.js";
import { renderFormEdit } from "../render/views.js";
import { declaredForm, formRecord, readReportedFields } from "./reported-form.js";
import type { RecordReader } from "../domain/inputs.js";
import type { CommandVocabulary } from "../domain/commands.types.js";

/**
 * An edit of the issue body after declaration. What the form said was judged once; an edit of its fields is
 * a new input, judged like a command: by the permission of the person GitHub says edited the body (the
 * webhook's sender), counting only the fields that this edit changed (the webhook carries the body before).
 * Accepted, the app records it in a comment of its own, which the fold applies; refused, the editor is told once.
 */
export interface FormEdit {
  by: string;
  /** The body before this edit, from the `issues.edited` webhook. */
  before: string;
}

export interface FormEditDeps {
  gh: IncidentGitHub;
  config: IncidentConfig;
  appLogin: string;
  keys: SigningKeys;
  records: RecordReader;
  vocabulary: CommandVocabulary;
  templates: TemplateOverrides;
}

type FormField = keyof ReportedFields;
const FIELDS: FormField[] = ["severity", "type", "summary", "impact", "detectedAt"];

export async function judgeFormEdit(deps: FormEditDeps, issueNumber: number, edit: FormEdit): Promise<void> {
  const { gh, config } = deps;
  const [issue, timeline] = await Promise.all([gh.getIssue(issueNumber), gh.listTimeline(issueNumber)]);
  const comments = appComments(timeline, deps.appLogin, deps.records);
  const recorded = declaredForm(comments, config);
  if (!recorded) return; // not declared yet: the form will be read when it is
  const read = (body: string) => readReportedFields(splitBody(body).reporterText, config, deps.vocabulary);
  const before = read(edit.before);
  const after = read(issue.body);
  const effective = Object.assign({}, formRecord(recorded), ...recordsOfKind(comments, "form").map((record) => record.fields as ReportedForm)) as ReportedForm;
  const changed = FIELDS.filter((field) => after[field] !== undefined && !same(after[field], before[field]) && !same(after[field], effective[field]));
  if (!changed.length) return;
  const fields = formRecord(Object.fromEntries(changed.map((field) => [field, after[field]])) as ReportedFields);
  const changes = changed.map((field) => describe(field, after, config)).join(", ");
  const scope = `${gh.owner}/${gh.repo}#${issueNumber}`;
  const held = await gh.getPermission(edit.by);
  const needed = config.permissions.command;
  if (permits(held, needed)) {
    const record = renderRecord("form", { by: edit.by, fields }, scope, deps.keys);
    await gh.createComment(issueNumber, `${renderFormEdit({ accepted: true, editor: edit.by, changes }, deps.templates)}\n${record}`);
    return;
  }
  // Told once per person: the reporter editing their own text again is not news.
  const source = `form-edit:${edit.by.toLowerCase()}`;
  if (recordsOfKind(comments, "reply").some((record) => record.source === source)) return;
  const reason = permissionRefusal(edit.by, held, needed, "changing an incident");
  const commands = changed.map((field) => COMMAND_FOR[field]).join(", ");
  const record = renderRecord("reply", { source, refusals: {} }, scope, deps.keys);
  await gh.createComment(issueNumber, `${renderFormEdit({ accepted: false, editor: edit.by, changes, reason, commands }, deps.templates)}\n${record}`);
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
