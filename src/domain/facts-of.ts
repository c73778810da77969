import type { IncidentConfig } from "../config/schema.js";
import type { ActionItem } from "./action-items.js";
import type { IncidentState } from "./fold.js";
import type { IncidentFacts } from "./incident-facts.js";
import type { RecordData } from "./markers.js";
import { suspectedPulls } from "./suspect-marks.js";
import { addMs, type Iso } from "./time.js";

/** The facts of a declared incident as of its folded state and its items; undefined before it is declared. */
export function factsOf(
  number: number,
  state: IncidentState,
  items: readonly ActionItem[],
  config: IncidentConfig,
): IncidentFacts | undefined {
  const declared = state.declaration?.at;
  if (!declared) return undefined;
  const detected = state.detectedAt ?? declared;
  const mitigated = state.timeline.find((entry) => entry.kind === "phase" && entry.text === "Status: monitoring")?.at;
  const latest = state.postmortems.at(-1);
  const publicUpdate = state.updates.filter((update) => update.public).at(-1);
  const postmortemDue =
    state.postmortemDueSince && addMs(state.resolvedAt ?? state.postmortemDueSince, config.postmortem.dueWithin.ms);
  return {
    number,
    ...(state.id ? { id: state.id } : {}),
    title: state.title,
    severity: state.severity ?? config.defaultSeverity,
    ...(state.type ? { type: state.type } : {}),
    started: state.startedAt ?? detected,
    ...(state.startedAt ? { startedGiven: true } : {}),
    detected,
    declared,
    ...(state.acknowledged ? { acknowledged: state.acknowledged.at } : {}),
    ...(mitigated ? { mitigated } : {}),
    ...(state.resolvedAt ? { resolved: state.resolvedAt } : {}),
    falsePositive: state.falsePositive,
    ...(state.rootCauseCategory ? { rootCauseCategory: state.rootCauseCategory } : {}),
    items: items.map((item) => ({
      number: item.number,
      ...(item.due ? { due: item.due } : {}),
      ...(item.closedAt ? { closedAt: item.closedAt } : {}),
      closedByPull: item.closedByPull !== undefined,
    })),
    phase: state.phase,
    ...(publicUpdate ? { publicUpdate: { at: publicUpdate.at, text: publicUpdate.text } } : {}),
    ...(postmortemDue ? { postmortem: { due: postmortemDue, ...mergedAt(latest) } } : {}),
    ...fixFiles(state),
    ...suspectFiles(state),
  };
}

/** Every file the pull requests that closed its items changed, sorted, once each. */
function fixFiles(state: IncidentState): { fixFiles?: string[] } {
  const files = [...new Set(state.actionItems.flatMap((item) => item.closures.flatMap((c) => c.files ?? [])))].sort();
  return files.length ? { fixFiles: files } : {};
}

/** Every file the suspected pull requests changed (cleared ones left out), sorted, once each. */
function suspectFiles(state: IncidentState): { suspectFiles?: string[] } {
  const suspected = new Set(suspectedPulls(state).map((mark) => mark.pull));
  const notices = state.suspectNotices.filter((notice) => suspected.has(notice.pull));
  const files = [...new Set(notices.flatMap((notice) => notice.files))].sort();
  return files.length ? { suspectFiles: files } : {};
}

function mergedAt(latest: IncidentState["postmortems"][number] | undefined): { mergedAt?: Iso } {
  return latest?.closed?.merged ? { mergedAt: latest.closed.at } : {};
}

/** Facts read back from a record: checked field by field, since records outlive code versions. */
export function factsFromRecord(data: RecordData, number: number): IncidentFacts | undefined {
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const declared = text(data.declared);
  const severity = text(data.severity);
  if (data.number !== number || !declared || !severity) return undefined;
  const items = Array.isArray(data.items) ? (data.items as IncidentFacts["items"]) : [];
  const optional = (key: string) => (text(data[key]) ? { [key]: text(data[key]) } : {});
  return {
    number,
    title: text(data.title) ?? "",
    severity,
    declared,
    falsePositive: data.falsePositive === true,
    ...(data.startedGiven === true ? { startedGiven: true } : {}),
    items: items.filter((item) => typeof item?.number === "number"),
    ...optional("id"),
    ...optional("type"),
    ...optional("started"),
    ...optional("detected"),
    ...optional("acknowledged"),
    ...optional("mitigated"),
    ...optional("resolved"),
    ...optional("rootCauseCategory"),
    ...optional("phase"),
    ...publicUpdateOf(data.publicUpdate),
    ...filesOf(data, "fixFiles"),
    ...filesOf(data, "suspectFiles"),
    ...(data.postmortem && typeof data.postmortem === "object"
      ? { postmortem: data.postmortem as IncidentFacts["postmortem"] & object }
      : {}),
  };
}

function filesOf(data: RecordData, key: "fixFiles" | "suspectFiles"): { [K in typeof key]?: string[] } {
  const files = data[key];
  return Array.isArray(files) ? { [key]: files.filter((f): f is string => typeof f === "string") } : {};
}

function publicUpdateOf(value: unknown): { publicUpdate?: { at: Iso; text: string } } {
  if (!value || typeof value !== "object") return {};
  const { at, text } = value as Record<string, unknown>;
  return typeof at === "string" && typeof text === "string" && text !== "" ? { publicUpdate: { at, text } } : {};
}
