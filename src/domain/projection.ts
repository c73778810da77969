import type { IncidentConfig } from "../config/schema.js";
import type { IncidentState } from "./fold.js";
import type { IssueSnapshot } from "./history.js";
import type { IncidentInput } from "./inputs.js";
import { clipWithEllipsis, TEXT_BOUNDS } from "./text-bounds.js";
import { userInline } from "./mentions.js";
import { FALSE_POSITIVE_LABEL, INCIDENT_LABEL, labelKey, ownedLabels, phaseLabel } from "./labels.js";

/**
 * What GitHub should show for an incident, compared with what it shows: the smallest set of writes.
 * Only labels Firebreak owns are added or removed; only people the app assigned are unassigned.
 */
export interface ProjectionPlan {
  addLabels: string[];
  removeLabels: string[];
  addAssignees: string[];
  removeAssignees: string[];
  /** Fields of one issue PATCH; empty when nothing changed. */
  patch: {
    title?: string;
    body?: string;
    state?: "open" | "closed";
    state_reason?: "completed" | "not_planned" | "reopened";
  };
}

/** The title with its id, cut so GitHub accepts it (a title a person made as long as allowed must not freeze the incident). */
function incidentTitle(state: IncidentState): string {
  // A person typed the title; the app rewrites it with the id, so it is defused like any echoed text.
  return clipWithEllipsis(
    state.id ? `[${state.id}] ${userInline(state.title)}` : userInline(state.title),
    TEXT_BOUNDS.title,
  );
}

function desiredLabels(state: IncidentState): string[] {
  if (!state.declared) return [];
  const labels = [INCIDENT_LABEL, phaseLabel(state.phase)];
  if (state.severity) labels.push(state.severity);
  if (state.falsePositive) labels.push(FALSE_POSITIVE_LABEL);
  return labels;
}

/** People the app itself assigned and who are still assigned: the only ones it may unassign. */
export function appAssigned(inputs: readonly IncidentInput[]): string[] {
  const assigned = new Map<string, string>();
  for (const input of inputs) {
    if (input.type !== "assigned" && input.type !== "unassigned") continue;
    const key = input.assignee.toLowerCase();
    if (input.type === "assigned" && input.byApp) assigned.set(key, input.assignee);
    else assigned.delete(key);
  }
  return [...assigned.values()];
}

export function planProjection(
  issue: IssueSnapshot,
  state: IncidentState,
  config: IncidentConfig,
  body: string | undefined,
  assignedByApp: readonly string[] = [],
): ProjectionPlan {
  const plan: ProjectionPlan = { addLabels: [], removeLabels: [], addAssignees: [], removeAssignees: [], patch: {} };
  // Label names compare case-insensitively (the issue may carry `Incident`); removals use the name GitHub shows.
  const onIssue = new Map(issue.labels.map((label) => [labelKey(label), label]));
  if (!state.declared) {
    const incident = onIssue.get(labelKey(INCIDENT_LABEL));
    if (state.rejectedDeclaration && incident) plan.removeLabels.push(incident);
    return plan;
  }
  const wanted = desiredLabels(state);
  const wantedKeys = new Set(wanted.map(labelKey));
  plan.addLabels = wanted.filter((label) => !onIssue.has(labelKey(label)));
  plan.removeLabels = ownedLabels(config).flatMap((label) => {
    const shown = onIssue.get(labelKey(label));
    return shown !== undefined && !wantedKeys.has(labelKey(label)) ? [shown] : [];
  });

  const assigned = new Set(issue.assignees.map((login) => login.toLowerCase()));
  const holders = [...new Set(Object.values(state.roles).filter((login): login is string => Boolean(login)))];
  const holderSet = new Set(holders.map((login) => login.toLowerCase()));
  plan.addAssignees = holders.filter((login) => !assigned.has(login.toLowerCase()));
  plan.removeAssignees = assignedByApp.filter(
    (login) => assigned.has(login.toLowerCase()) && !holderSet.has(login.toLowerCase()),
  );

  const title = incidentTitle(state);
  if (title !== issue.title) plan.patch.title = title;
  if (body !== undefined && body !== issue.body) plan.patch.body = body;
  const wantClosed = state.phase === "resolved";
  if (wantClosed && issue.state === "open") {
    plan.patch.state = "closed";
    plan.patch.state_reason = state.falsePositive ? "not_planned" : "completed";
  } else if (!wantClosed && issue.state === "closed") {
    plan.patch.state = "open";
    plan.patch.state_reason = "reopened";
  }
  return plan;
}
