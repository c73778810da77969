import type { IncidentConfig } from "../config/schema.js";
import type { AlertRecord } from "./inputs.js";
import { severityFromLabel } from "./labels.js";
import { clipWithEllipsis } from "./text-bounds.js";
import type { SeverityKey } from "./vocabulary.js";

/**
 * An alert from monitoring (`repository_dispatch` with `event_type: incident`), normalised once: the same
 * rules decide what the issue the app opens says and what the fold makes of its record.
 */
export interface AlertPayload {
  title: string;
  severity?: string;
  type?: string;
  summary?: string;
  source?: string;
  dedup_key?: string;
}

export interface NormalizedAlert {
  /** What the app's record keeps (the summary bounded, so the issue body always fits). */
  record: AlertRecord;
  /** The severity and type the config knows; what the alert named otherwise, to say so. */
  severity?: SeverityKey;
  type?: string;
  unknownSeverity?: string;
  unknownType?: string;
}

/** The record keeps enough of the summary for the dashboard; the issue body shows it whole. */
const RECORDED_SUMMARY = 2_000;

export function normalizeAlert(alert: AlertPayload, dedupKey: string, config: IncidentConfig): NormalizedAlert {
  const { severity, type, unknownSeverity, unknownType } = knownTerms(alert, config);
  const summary = alert.summary === undefined ? undefined : clipWithEllipsis(alert.summary, RECORDED_SUMMARY);
  const record: AlertRecord = { title: alert.title, dedupKey, severity, type, summary, source: alert.source };
  return { record, severity, type, unknownSeverity, unknownType };
}

/** The severity and type an alert (or its record) names, when the config knows them. */
export function knownTerms(
  alert: { severity?: string; type?: string },
  config: IncidentConfig,
): Pick<NormalizedAlert, "severity" | "type" | "unknownSeverity" | "unknownType"> {
  const severity = alert.severity ? severityFromLabel(alert.severity, config) : undefined;
  const type = alert.type && Object.hasOwn(config.types, alert.type) ? alert.type : undefined;
  return {
    severity,
    type,
    ...(alert.severity && !severity ? { unknownSeverity: alert.severity } : {}),
    ...(alert.type && !type ? { unknownType: alert.type } : {}),
  };
}
