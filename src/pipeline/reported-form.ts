import type { IncidentConfig } from "../config/schema.js";
import type { ReportedFields } from "../domain/fold.js";
import type { CommandVocabulary } from "../domain/commands.types.js";
import type { AppComment, ReportedForm } from "../domain/inputs.js";
import { readIncidentForm } from "../domain/issue-form.js";
import { isTimeSpec } from "../domain/time.js";
import type { SeverityKey } from "../domain/vocabulary.js";

/**
 * What the issue form said is judged once: read from the body when the incident is declared, kept in the
 * declaration's signed record, and from then on read only from there. Editing the form afterwards (the
 * reporter can, whatever their permission) changes nothing the app derived; commands change the incident.
 */

/** Long answers are kept in full in the issue body; the record keeps enough for the dashboard. */
const RECORDED_TEXT_LIMIT = 4_000;

export function formRecord(reported: ReportedFields): ReportedForm {
  const bounded = (text: string | undefined) =>
    text === undefined
      ? undefined
      : text.length > RECORDED_TEXT_LIMIT
        ? `${text.slice(0, RECORDED_TEXT_LIMIT)}…`
        : text;
  return {
    severity: reported.severity,
    type: reported.type,
    summary: bounded(reported.summary),
    impact: bounded(reported.impact),
    detectedAt: reported.detectedAt,
  };
}

/** The form as recorded in the app's declaration, checked against today's config; undefined before it exists. */
export function declaredForm(comments: readonly AppComment[], config: IncidentConfig): ReportedFields | undefined {
  const declaration = comments.find((comment) => comment.record.kind === "declared");
  if (!declaration) return undefined;
  const form = (declaration.record.data.form ?? {}) as ReportedForm;
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  const severity = text(form.severity);
  const type = text(form.type);
  return {
    severity: severity && Object.hasOwn(config.severities, severity) ? (severity as SeverityKey) : undefined,
    type: type && Object.hasOwn(config.types, type) ? type : undefined,
    summary: text(form.summary),
    impact: text(form.impact),
    detectedAt: isTimeSpec(form.detectedAt) ? form.detectedAt : undefined,
  };
}

/** The form's fields as the reporter's text says now. */
export function readReportedFields(
  reporterText: string,
  config: IncidentConfig,
  vocabulary: CommandVocabulary,
): ReportedFields {
  const types = Object.entries(config.types).map(([key, type]) => ({ key, name: type.name }));
  const { severity, type, summary, impact, detectedAt } = readIncidentForm(reporterText, vocabulary, types);
  return { severity, type, summary, impact, detectedAt };
}
