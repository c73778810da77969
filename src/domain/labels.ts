import type { IncidentConfig } from "../config/schema.js";
import { PHASES, type Phase, type SeverityKey } from "./vocabulary.js";

export interface LabelDefinition {
  name: string;
  color: string;
  description: string;
}

/** The labels that mirror an incident's state: `incident`, one severity (`sev1`), one phase (`status:fixing`). */

/** The label that marks an issue as an incident (the issue form applies it too). */
export const INCIDENT_LABEL = "incident";
const PHASE_LABEL_PREFIX = "status:";
export const FALSE_POSITIVE_LABEL = "incident:false-positive";

export function phaseLabel(phase: Phase): string {
  return `${PHASE_LABEL_PREFIX}${phase}`;
}

/**
 * GitHub label names are case-insensitive: a repository's `Incident` or `SEV1` is the label Firebreak calls
 * `incident` or `sev1` (GitHub refuses to create the other spelling and applies the existing one). Every
 * comparison of label names goes through this key.
 */
export function labelKey(name: string): string {
  return name.toLowerCase();
}

export function sameLabel(a: string, b: string): boolean {
  return labelKey(a) === labelKey(b);
}

export function isIncidentLabel(label: string): boolean {
  return sameLabel(label, INCIDENT_LABEL);
}

export function phaseFromLabel(label: string): Phase | undefined {
  const key = labelKey(label);
  if (!key.startsWith(PHASE_LABEL_PREFIX)) return undefined;
  const phase = key.slice(PHASE_LABEL_PREFIX.length);
  return (PHASES as readonly string[]).includes(phase) ? (phase as Phase) : undefined;
}

export function isPhaseLabel(label: string): boolean {
  return phaseFromLabel(label) !== undefined;
}

/** The configured severity a label stands for (`SEV1` is `sev1`), or undefined. */
export function severityFromLabel(label: string, config: IncidentConfig): SeverityKey | undefined {
  const key = labelKey(label);
  return Object.hasOwn(config.severities, key) ? (key as SeverityKey) : undefined;
}

export function isSeverityLabel(label: string, config: IncidentConfig): boolean {
  return severityFromLabel(label, config) !== undefined;
}

/** Labels Firebreak owns on an incident issue: it adds and removes only these. */
export function ownedLabels(config: IncidentConfig): string[] {
  return [INCIDENT_LABEL, FALSE_POSITIVE_LABEL, ...Object.keys(config.severities), ...PHASES.map(phaseLabel)];
}

/** A label event worth reading the issue for, judged without config (so unrelated labels cost no request). */
export function mayConcernIncidents(label: string): boolean {
  const key = labelKey(label);
  return (
    key === INCIDENT_LABEL || /^sev\d$/.test(key) || key.startsWith(PHASE_LABEL_PREFIX) || key === FALSE_POSITIVE_LABEL
  );
}

/** Colours follow severity (red to yellow) and phase (progress to green); descriptions come from config. */
export function labelDefinitions(config: IncidentConfig): LabelDefinition[] {
  const phaseColors = {
    investigating: "d93f0b",
    identified: "fbca04",
    fixing: "0e8a16",
    monitoring: "1d76db",
    resolved: "cccccc",
  } as const;
  return [
    { name: INCIDENT_LABEL, color: "b60205", description: "An incident managed by Firebreak" },
    { name: FALSE_POSITIVE_LABEL, color: "c5def5", description: "Closed: not an actual incident" },
    ...Object.entries(config.severities).map(([key, severity]) => ({
      name: key,
      color: severity.labelColor,
      description: `${severity.name}: ${severity.definition}`.slice(0, 100),
    })),
    ...PHASES.map((phase) => ({
      name: phaseLabel(phase),
      color: phaseColors[phase],
      description: config.phases[phase].description.slice(0, 100),
    })),
  ];
}
