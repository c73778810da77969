import type { CommandVocabulary, TimeSpec } from "./commands.types.js";
import { describeSeverities, readSeverity } from "./command-args.js";
import { parseTimeSpec } from "./time-grammar.js";
import type { SeverityKey } from "./vocabulary.js";

/**
 * Reading an issue-form submission. GitHub renders each field as `### <label>`, a blank line and the answer,
 * with `_No response_` for an empty field. People edit these bodies afterwards, so reading is tolerant:
 * anything unexpected becomes a human-readable problem, never an exception.
 */

const NO_RESPONSE = "_No response_";
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

function answerFor(sections: ReadonlyMap<string, string | undefined>, label: string): string | undefined {
  for (const [key, value] of sections) {
    if (key.toLowerCase() === label.toLowerCase()) return value;
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

  const severity = answerFor(sections, "Severity");
  if (severity !== undefined) {
    const key = formSeverity(severity, vocab);
    if (key) form.severity = key;
    else form.problems.push(`Severity "${severity}" is not one of ${describeSeverities(vocab)}.`);
  }

  const type = answerFor(sections, "Incident type");
  if (type !== undefined) {
    const key = formType(type, types);
    if (key !== undefined) form.type = key;
    else form.problems.push(`Incident type "${type}" is not one of ${types.map((t) => t.name).join(", ")}.`);
  }

  const summary = answerFor(sections, "Summary");
  if (summary !== undefined) form.summary = summary;
  const impact = answerFor(sections, "Impact");
  if (impact !== undefined) form.impact = impact;

  const detected = answerFor(sections, "Detected at");
  if (detected !== undefined) {
    const at = parseTimeSpec(detected);
    if ("error" in at) form.problems.push(`Detected at: ${at.error}`);
    else form.detectedAt = at;
  }
  return form;
}
