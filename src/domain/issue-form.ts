import { loadAll } from "js-yaml";
import type { IncidentConfig } from "../config/schema.js";
import type { CommandVocabulary, TimeSpec } from "./commands.types.js";
import { describeSeverities, readSeverity } from "./command-args.js";
import { parseTimeSpec } from "./time-grammar.js";
import { type SeverityKey, vocabularyOf } from "./vocabulary.js";

/**
 * Reading an issue-form submission. GitHub renders each field as `### <label>`, a blank line and the answer,
 * with `_No response_` for an empty field. People edit these bodies afterwards, so reading is tolerant:
 * anything unexpected becomes a human-readable problem, never an exception.
 */

const NO_RESPONSE = "_No response_";

/**
 * The form's fields by `id`, the contract between `.github/ISSUE_TEMPLATE/incident.yml` and this reader. A
 * submitted body carries only labels (`### <label>`), never ids, so each id has the label it is read by;
 * `formMatchesConfig` fails when a form's field with that id is labelled otherwise, or its options stop
 * matching the configuration. A heading that spells the id itself (`### detected-at`) is read too.
 */
export const FORM_FIELDS = {
  severity: "Severity",
  type: "Incident type",
  summary: "Summary",
  impact: "Impact",
  "detected-at": "Detected at",
} as const;
type FormFieldId = keyof typeof FORM_FIELDS;

/** The type dropdown's way out ("Other / not sure"): an answer meaning "no type", not an unknown one. */
const OTHER_TYPE = /^other\b/i;
const HEADING = /^###[ \t]+(\S.*)$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export interface IncidentTypeName {
  readonly key: string;
  readonly name: string;
}

export interface IncidentForm {
  severity?: SeverityKey;
  type?: string;
  summary?: string;
  impact?: string;
  detectedAt?: TimeSpec;
  problems: string[];
}

/**
 * Labels → trimmed answers (undefined for `_No response_`). Text before the first heading is not part of
 * any field; a `###` inside a fenced answer (a `render: shell` textarea) does not start a field. The first
 * field of a repeated label wins.
 */
export function parseIssueFormSections(body: string): Map<string, string | undefined> {
  const sections = new Map<string, string | undefined>();
  let label: string | undefined;
  let answer: string[] = [];
  let fence: string | undefined;
  const finish = (): void => {
    if (label === undefined || sections.has(label)) return;
    const text = answer.join("\n").trim();
    sections.set(label, text === NO_RESPONSE || text === "" ? undefined : text);
  };
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    const heading = fence === undefined ? HEADING.exec(line) : null;
    if (heading) {
      finish();
      label = (heading[1] ?? "").trim();
      answer = [];
      continue;
    }
    fence = nextFence(line, fence);
    answer.push(line);
  }
  finish();
  return sections;
}

/** The open fence after `line`: a fence opens on a run of ``` or ~~~ and closes on a run at least as long. */
function nextFence(line: string, open: string | undefined): string | undefined {
  const run = FENCE.exec(line)?.[1];
  if (run === undefined) return open;
  if (open === undefined) return run;
  const closes = run[0] === open[0] && run.length >= open.length && line.trim() === run;
  return closes ? undefined : open;
}

function answerFor(sections: ReadonlyMap<string, string | undefined>, id: FormFieldId): string | undefined {
  const names = [FORM_FIELDS[id].toLowerCase(), id];
  for (const [key, value] of sections) {
    if (names.includes(key.toLowerCase())) return value;
  }
  return undefined;
}

/** A dropdown shows `sev1 — Critical`; people editing the body write `sev1`, `1` or `Critical`. */
function formSeverity(value: string, vocab: CommandVocabulary): SeverityKey | undefined {
  // Whitespace is collapsed first so the split below cannot backtrack over long runs of it.
  const collapsed = value.replace(/\s+/g, " ").trim();
  const parts = [collapsed, ...collapsed.split(/ [—–-] | ?: ?| ?\( ?| ?\) ?/)];
  for (const part of parts) {
    const key = part.trim() === "" ? undefined : readSeverity(part, vocab);
    if (key) return key;
  }
  return undefined;
}

/** The dropdown shows the type's name; the key is accepted too. */
function formType(value: string, types: readonly IncidentTypeName[]): string | undefined {
  const wanted = value.trim().toLowerCase();
  return types.find((t) => t.name.trim().toLowerCase() === wanted || t.key.toLowerCase() === wanted)?.key;
}

export function readIncidentForm(
  body: string,
  vocab: CommandVocabulary,
  types: readonly IncidentTypeName[] = vocab.types.map((key) => ({ key, name: key })),
): IncidentForm {
  const sections = parseIssueFormSections(body);
  const form: IncidentForm = { problems: [] };

  const severity = answerFor(sections, "severity");
  if (severity !== undefined) {
    const key = formSeverity(severity, vocab);
    if (key) form.severity = key;
    else form.problems.push(`Severity "${severity}" is not one of ${describeSeverities(vocab)}.`);
  }

  const type = answerFor(sections, "type");
  if (type !== undefined && !OTHER_TYPE.test(type.trim())) {
    const key = formType(type, types);
    if (key !== undefined) form.type = key;
    else form.problems.push(`Incident type "${type}" is not one of ${types.map((t) => t.name).join(", ")}.`);
  }

  const summary = answerFor(sections, "summary");
  if (summary !== undefined) form.summary = summary;
  const impact = answerFor(sections, "impact");
  if (impact !== undefined) form.impact = impact;

  const detected = answerFor(sections, "detected-at");
  if (detected !== undefined) {
    const at = parseTimeSpec(detected);
    if ("error" in at) form.problems.push(`Detected at: ${at.error}`);
    else form.detectedAt = at;
  }
  return form;
}

interface FormField {
  type?: unknown;
  id?: unknown;
  attributes?: { label?: unknown; options?: unknown };
}

/**
 * Where an issue form (the YAML text of `.github/ISSUE_TEMPLATE/incident.yml`) and the configuration disagree,
 * in words; empty when the app can read every answer the form offers. Checks that each field Firebreak reads is
 * there under its id with the label it is read by, that every severity option names a configured severity and
 * every type option a configured type (or is the "Other" way out), and that every configured severity and type
 * is offered.
 */
export function formMatchesConfig(formYaml: string, config: IncidentConfig): string[] {
  let documents: unknown[];
  try {
    documents = loadAll(formYaml);
  } catch (error) {
    return [`the form is not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`];
  }
  const form = documents[0];
  const body = typeof form === "object" && form !== null && "body" in form ? form.body : undefined;
  if (!Array.isArray(body)) return ["the form has no `body` list of fields"];
  const fields = new Map<string, FormField>();
  for (const field of body as FormField[]) if (typeof field?.id === "string") fields.set(field.id, field);

  const problems: string[] = [];
  for (const [id, label] of Object.entries(FORM_FIELDS)) {
    const field = fields.get(id);
    if (!field) {
      if (id !== "impact" && id !== "detected-at")
        problems.push(`no field with id \`${id}\` (Firebreak reads "${label}")`);
      continue;
    }
    const shown = field.attributes?.label;
    if (typeof shown !== "string" || shown.trim().toLowerCase() !== label.toLowerCase())
      problems.push(`field \`${id}\` is labelled ${JSON.stringify(shown)}; Firebreak reads it by the label "${label}"`);
  }
  problems.push(
    ...severityOptionProblems(fields.get("severity"), config),
    ...typeOptionProblems(fields.get("type"), config),
  );
  return problems;
}

function optionsOf(field: FormField | undefined): string[] | undefined {
  const options = field?.attributes?.options;
  return Array.isArray(options) ? options.map(String) : undefined;
}

function severityOptionProblems(field: FormField | undefined, config: IncidentConfig): string[] {
  const options = optionsOf(field);
  if (!field || !options) return field ? ["field `severity` is not a dropdown with options"] : [];
  const vocab = vocabularyOf(config);
  const read = options.map((option) => [option, formSeverity(option, vocab)] as const);
  const problems = read
    .filter(([, key]) => key === undefined)
    .map(([option]) => `severity option "${option}" is not a configured severity (${describeSeverities(vocab)})`);
  const offered = new Set(read.map(([, key]) => key));
  for (const { key, name } of vocab.severities)
    if (!offered.has(key)) problems.push(`severity ${key} (${name}) is configured but not offered by the form`);
  return problems;
}

function typeOptionProblems(field: FormField | undefined, config: IncidentConfig): string[] {
  const options = optionsOf(field);
  if (!field || !options) return field ? ["field `type` is not a dropdown with options"] : [];
  const types = Object.entries(config.types).map(([key, type]) => ({ key, name: type.name }));
  const read = options
    .filter((option) => !OTHER_TYPE.test(option.trim()))
    .map((option) => [option, formType(option, types)] as const);
  const problems = read
    .filter(([, key]) => key === undefined)
    .map(
      ([option]) =>
        `type option "${option}" is not a configured incident type (${types.map((t) => t.name).join(", ")})`,
    );
  const offered = new Set(read.map(([, key]) => key));
  for (const { key, name } of types)
    if (!offered.has(key)) problems.push(`incident type ${key} ("${name}") is configured but not offered by the form`);
  return problems;
}
