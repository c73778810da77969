import type { IncidentConfig } from "../config/schema.js";
import type { IncidentState } from "../domain/fold.js";
import { suspectedPulls } from "../domain/suspect-marks.js";
import { affectedServices } from "../domain/suspects.js";
import type { Effect } from "./effects.js";
import type { SuspectQuery } from "./suspect-writes.js";

/**
 * When suspect changes are looked up: once per declaration (recorded, so redeliveries and later runs find it done)
 * and once per `/suspects`; and when a pull request is first marked with `/suspect`, its author is told once.
 */

/** The key of the lookup a declaration makes. */
const DECLARATION_LOOKUP = "suspects:declaration";

export function planSuspects(
  state: IncidentState,
  incident: { number: number; labels: readonly string[]; url: string },
  config: IncidentConfig,
): Effect[] {
  if (!state.declared || !state.id) return [];
  const recorded = new Set(state.suspectLists.map((list) => list.key));
  const effects: Effect[] = [];
  // Whatever its phase by now: the list depends on the declaration only, however late the app gets to it. A
  // security incident moved here changed where it was declared, not here: this repository's list would mislead.
  if (config.suspects.enabled && !state.movedFrom && !recorded.has(DECLARATION_LOOKUP))
    effects.push({ kind: "suspects", key: DECLARATION_LOOKUP, query: queryOf(state, incident, config) });
  for (const request of state.suspectRequests)
    if (!recorded.has(request.key))
      effects.push({ kind: "suspects", key: request.key, query: queryOf(state, incident, config, request.window) });
  return [...effects, ...notices(state, incident, config), ...labelChanges(state, config)];
}

/**
 * The label follows the marks: a told pull request's label comes off with `/cleared` and goes back on with a later
 * `/suspect` (its first one came with the notice). Each change is keyed by when it was asked, so it happens once.
 */
function labelChanges(state: IncidentState, config: IncidentConfig): Effect[] {
  const name = config.suspects.label;
  if (!name) return [];
  const told = new Set(state.suspectNotices.map((notice) => notice.pull));
  const label = { name, ...SUSPECT_LABEL };
  return state.suspectMarks.flatMap((mark): Effect[] => {
    if (!told.has(mark.pull)) return [];
    if (mark.cleared)
      return [
        {
          kind: "suspect-label",
          key: `suspect-label:${mark.pull}:off:${mark.cleared.at}`,
          pull: mark.pull,
          label,
          on: false,
        },
      ];
    return mark.remarked
      ? [{ kind: "suspect-label", key: `suspect-label:${mark.pull}:on:${mark.at}`, pull: mark.pull, label, on: true }]
      : [];
  });
}

const SUSPECT_LABEL = { color: "b60205", description: "Suspected cause of an incident" };

function queryOf(
  state: IncidentState,
  incident: { labels: readonly string[] },
  config: IncidentConfig,
  window?: { text: string; ms: number },
): SuspectQuery {
  const { suspects } = config;
  const severityWindow = state.severity ? suspects.windowBySeverity[state.severity] : undefined;
  const span = window ?? severityWindow ?? suspects.window;
  const reference = state.startedAt ?? state.detectedAt ?? state.declaration?.at ?? state.lastActivityAt;
  const facts = { labels: incident.labels, title: state.title, ...optional(state.type, state.summary) };
  const services = affectedServices(config.services, facts);
  // A CODEOWNERS section may name the service: by the incident's type, a label's last word, or its title's words.
  const sectionNames = [
    ...(state.type ? [state.type] : []),
    ...incident.labels.map((label) => label.toLowerCase().split(/[:/]/).at(-1) ?? ""),
    ...state.title.toLowerCase().split(/[^a-z0-9-]+/),
  ].filter((name) => name.length > 1);
  return {
    reference,
    referenceName: state.startedAt ? "impact started" : "detection",
    windowMs: span.ms,
    windowText: span.text,
    services,
    sectionNames: [...new Set(sectionNames)],
    codeowners: suspects.codeowners,
    highlightPaths: suspects.highlightPaths,
    productionEnvironments: suspects.productionEnvironments,
    shown: suspects.shown,
    timeZone: config.timeZone,
  };
}

function optional(type: string | undefined, summary: string | undefined): { type?: string; summary?: string } {
  return { ...(type ? { type } : {}), ...(summary ? { summary } : {}) };
}

/** One notice per pull request ever marked: clearing and marking it again tells its author nothing more. */
function notices(state: IncidentState, incident: { number: number; url: string }, config: IncidentConfig): Effect[] {
  const told = new Set(state.suspectNotices.map((notice) => notice.pull));
  const label = config.suspects.label;
  return suspectedPulls(state)
    .filter((mark) => !told.has(mark.pull))
    .map((mark) => ({
      kind: "suspect-notice",
      key: `suspect-notice:${mark.pull}`,
      request: {
        pull: mark.pull,
        by: mark.by,
        incident: {
          number: incident.number,
          id: state.id ?? "",
          title: state.title,
          url: incident.url,
          declared: state.declaration?.at ?? mark.at,
        },
        repeatWindowMs: config.metrics.repeatWindow.ms,
        postmortemFolder: config.postmortem.folder.replace(/^\/+|\/+$/g, ""),
        ...(label ? { label: { name: label, ...SUSPECT_LABEL } } : {}),
      },
    }));
}
