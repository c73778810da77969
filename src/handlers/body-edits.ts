import type { IncidentConfig } from "../config/schema.js";
import type { ReportedFields } from "../domain/fold.js";
import { appComments, recordsOfKind, type AppComment, type ReportedForm } from "../domain/inputs.js";
import { renderRecord, splitBody, type SigningKeys } from "../domain/markers.js";
import { formatTimeSpec } from "../domain/command-registry.js";
import { permits } from "../domain/vocabulary.js";
import { permissionRefusal } from "../domain/authorize.js";
import type { IncidentGitHub } from "../github/port.js";
import type { TemplateOverrides } from "../render/environment.js";
import { renderFormEdit, tickedItems } from "../render/views.js";
import { declaredForm, formRecord, readReportedFields } from "./reported-form.js";
import type { RecordReader } from "../domain/inputs.js";
import type { CommandVocabulary } from "../domain/commands.types.js";

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

export interface BodyEditDeps {
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

/** What the run does about the edit: restore the checklist ticks from before it, when its editor may not change them. */
export interface BodyEditOutcome {
  restoreChecklistFrom?: string;
}

export async function judgeBodyEdit(deps: BodyEditDeps, issueNumber: number, edit: BodyEdit): Promise<BodyEditOutcome> {
  const { gh, config } = deps;
  const [issue, timeline] = await Promise.all([gh.getIssue(issueNumber), gh.listTimeline(issueNumber)]);
  const comments = appComments(timeline, deps.appLogin, deps.records);
  const recorded = declaredForm(comments, config);
  if (!recorded) return {}; // not declared yet: the form will be read when it is
  const read = (body: string) => readReportedFields(splitBody(body).reporterText, config, deps.vocabulary);
  const before = read(edit.before);
  const after = read(issue.body);
  const effective = Object.assign({}, formRecord(recorded), ...recordsOfKind(comments, "form").map((record) => record.fields as ReportedForm)) as ReportedForm;
  const changed = FIELDS.filter((field) => after[field] !== undefined && !same(after[field], before[field]) && !same(after[field], effective[field]));
  const beforeDashboard = splitBody(edit.before).dashboards[0];
  const ticksChanged = !same([...tickedItems(beforeDashboard)].sort(), [...tickedItems(splitBody(issue.body).dashboards[0])].sort());
  if (!changed.length && !ticksChanged) return {};
  const held = await gh.getPermission(edit.by);
  const needed = config.permissions.command;
  if (permits(held, needed)) {
    if (changed.length) await recordAcceptedEdit(deps, issueNumber, edit.by, changed, after);
    return {};
  }
  const changes = [...changed.map((field) => describe(field, after, config)), ...(ticksChanged ? ["the runbook checklist"] : [])].join(", ");
  const commands = [...changed.map((field) => COMMAND_FOR[field]), ...(ticksChanged ? ["`/note <what was done>`"] : [])].join(", ");
  await tellOnce(deps, issueNumber, comments, edit.by, { changes, commands, reason: permissionRefusal(edit.by, held, needed, "changing an incident") });
  return ticksChanged && beforeDashboard !== undefined ? { restoreChecklistFrom: beforeDashboard } : {};
}

async function recordAcceptedEdit(deps: BodyEditDeps, issueNumber: number, editor: string, changed: FormField[], after: ReportedFields): Promise<void> {
  const fields = formRecord(Object.fromEntries(changed.map((field) => [field, after[field]])) as ReportedFields);
  const changes = changed.map((field) => describe(field, after, deps.config)).join(", ");
  const record = renderRecord("form", { by: editor, fields }, `${deps.gh.owner}/${deps.gh.repo}#${issueNumber}`, deps.keys);
  await deps.gh.createComment(issueNumber, `${renderFormEdit({ accepted: true, editor, changes }, deps.templates)}\n${record}`);
}

/** Told once per person: the reporter editing their own text again is not news. */
async function tellOnce(deps: BodyEditDeps, issueNumber: number, comments: readonly AppComment[], editor: string, view: { changes: string; commands: string; reason: string }): Promise<void> {
  const source = `form-edit:${editor.toLowerCase()}`;
  if (recordsOfKind(comments, "reply").some((record) => record.source === source)) return;
  const record = renderRecord("reply", { source, refusals: {} }, `${deps.gh.owner}/${deps.gh.repo}#${issueNumber}`, deps.keys);
  await deps.gh.createComment(issueNumber, `${renderFormEdit({ accepted: false, editor, ...view }, deps.templates)}\n${record}`);
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
