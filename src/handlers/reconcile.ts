import type { IncidentConfig } from "../config/schema.js";
import { renderHelpMarkdown } from "../domain/command-registry.js";
import { parseComment } from "../domain/commands.js";
import type { CommandVocabulary } from "../domain/commands.types.js";
import { completeVerdicts, unjudgedLogins } from "../domain/authorize.js";
import { foldIncident, type IncidentState, type ReportedFields } from "../domain/fold.js";
import type { TimelineItem } from "../domain/history.js";
import { appMarkers, collectInputs, type IncidentInput } from "../domain/inputs.js";
import { readIncidentForm } from "../domain/issue-form.js";
import { INCIDENT_LABEL, labelDefinitions } from "../domain/labels.js";
import { joinBody, readLedger, renderLedger, renderMarker, splitBody, type Verdicts } from "../domain/markers.js";
import { isEmptyPlan, planProjection, type ProjectionPlan } from "../domain/projection.js";
import { utcDay } from "../domain/time.js";
import type { PermissionLevel, SeverityKey } from "../domain/vocabulary.js";
import type { IncidentGitHub } from "../github/port.js";
import type { TemplateOverrides } from "../render/environment.js";
import { renderDashboard, renderDeclaration, renderReply, renderStatusUpdate, renderUndone } from "../render/views.js";

/**
 * The one pipeline every handler ends in:
 *   1. read the issue and its timeline
 *   2. collect the inputs and judge the new ones (permission, once; the ledger remembers)
 *   3. fold them into the incident's state
 *   4. record what must exist once: the claimed id, posted status updates
 *   5. answer the triggering comment: a reaction, and one reply when something was refused
 *   6. project labels, title, state, assignees and the dashboard (with the ledger); write only what differs
 */

export interface ReconcileDeps {
  gh: IncidentGitHub;
  config: IncidentConfig;
  appLogin: string;
  signingKey: string;
  defaultBranch: string;
  /** The repository's own templates, already read and checked. */
  templates: TemplateOverrides;
  log: { info: (message: string) => void; debug: (message: string) => void };
}

export interface Trigger {
  /** The comment whose webhook started this run: it gets the reaction and the reply. */
  commentId?: number;
}

export interface ReconcileResult {
  state: IncidentState;
  plan: ProjectionPlan;
}

export async function reconcileIncident(deps: ReconcileDeps, issueNumber: number, trigger: Trigger = {}): Promise<ReconcileResult> {
  const { gh, config } = deps;
  const scope = `${gh.owner}/${gh.repo}#${issueNumber}`;

  // 1. read
  const [issue, timeline] = await Promise.all([gh.getIssue(issueNumber), gh.listTimeline(issueNumber)]);

  // 2. collect and judge
  const vocabulary = vocabularyOf(config);
  const inputs = collectInputs({ issue, timeline }, { appLogin: deps.appLogin, parse: (body) => parseComment(body, vocabulary) });
  const { reporterText, dashboards } = splitBody(issue.body);
  // Verdicts already decided: the signed ledger in the body, and refusals recorded in the app's own replies.
  const refusals = refusalsInReplies(timeline, deps.appLogin);
  const decided: Verdicts = { ...refusals, ...(issue.body ? readLedger(dashboards, scope, deps.signingKey) : {}) };
  const verdicts = await judgeInputs(gh, inputs, decided, config);

  // 3. fold
  const state = foldIncident(issue, inputs, { config, verdicts, reported: reportedFields(reporterText, config, vocabulary) });

  // 4. records that must exist exactly once; a repository's template that fails to render fails here, before any write
  if (Object.keys(deps.templates).length) trialRender(state, deps, dashboards[0]);
  if (state.declared && !state.id && state.declaration) {
    state.id = await gh.claimIncidentId(`INC-${utcDay(state.declaration.at)}`, deps.defaultBranch);
    await gh.createComment(issueNumber, `${renderDeclaration(state, config, deps.templates)}\n${renderMarker("declared", { id: state.id })}`);
    deps.log.info(`[${scope}] declared ${state.id} (${state.severity})`);
  }
  for (const update of state.updates.filter((candidate) => !candidate.posted)) {
    await gh.createComment(issueNumber, `${renderStatusUpdate(state, update, config, deps.templates)}\n${renderMarker("update", { source: update.source })}`);
    update.posted = true;
  }

  // 5. answer the triggering comment, before the ledger that says it was answered is written
  if (trigger.commentId !== undefined) {
    const recorded = await answerComment(deps, issueNumber, trigger.commentId, inputs, state, timeline, decided, verdicts);
    if (recorded) refusals[recorded] = verdicts[recorded]!;
  }
  for (const key of await explainUndoneActions(deps, issueNumber, inputs, state, verdicts, refusals)) refusals[key] = verdicts[key]!;

  // 6. project; refusals live in the replies that explain them, so a refused command does not touch the body
  const ledger = Object.fromEntries(Object.entries(verdicts).filter(([key]) => !refusals[key]));
  const bodyAround = (current: string) => {
    const parts = splitBody(current);
    return joinBody(`${renderDashboard(state, config, parts.dashboards[0], deps.templates)}\n${renderLedger(ledger, scope, deps.signingKey)}`, parts.reporterText);
  };
  const plan = planProjection(issue, state, config, state.declared ? bodyAround(issue.body) : undefined);
  // GitHub has no conditional PATCH: the body is read again just before it is written, so text someone typed
  // (or a box they ticked) while this run was busy is kept, not overwritten with what was read at the start.
  const rebase = async (): Promise<string | undefined> => {
    const latest = (await gh.getIssue(issueNumber)).body;
    const body = latest === issue.body ? plan.patch.body : bodyAround(latest);
    return body === latest ? undefined : body;
  };
  await applyPlan(gh, issueNumber, plan, config, rebase);
  if (!isEmptyPlan(plan)) deps.log.debug(`[${scope}] projected ${JSON.stringify(plan, (key, value) => (key === "body" ? "…" : value))}`);
  return { state, plan };
}

function trialRender(state: IncidentState, deps: ReconcileDeps, previousDashboard: string | undefined): void {
  const trial = { ...state, id: state.id ?? "INC-0000-00-00-000" };
  renderDashboard(trial, deps.config, previousDashboard, deps.templates);
  renderDeclaration(trial, deps.config, deps.templates);
  for (const update of state.updates) renderStatusUpdate(trial, update, deps.config, deps.templates);
}

async function judgeInputs(gh: IncidentGitHub, inputs: IncidentInput[], ledger: Verdicts, config: IncidentConfig): Promise<Verdicts> {
  const logins = unjudgedLogins(inputs, ledger, config);
  const permissions = new Map<string, PermissionLevel>();
  await Promise.all(logins.map(async (login) => permissions.set(login.toLowerCase(), await gh.getPermission(login))));
  return completeVerdicts(inputs, ledger, (login) => permissions.get(login.toLowerCase()) ?? "none", config);
}

async function applyPlan(gh: IncidentGitHub, issueNumber: number, plan: ProjectionPlan, config: IncidentConfig, rebaseBody: () => Promise<string | undefined>): Promise<void> {
  if (plan.addLabels.length) {
    await gh.ensureLabels(labelDefinitions(config).filter((label) => plan.addLabels.includes(label.name)));
    await gh.addLabels(issueNumber, plan.addLabels);
  }
  for (const label of plan.removeLabels) await gh.removeLabel(issueNumber, label);
  if (plan.patch.body !== undefined) {
    const body = await rebaseBody();
    if (body === undefined) delete plan.patch.body;
    else plan.patch.body = body;
  }
  if (Object.keys(plan.patch).length) await gh.updateIssue(issueNumber, plan.patch);
  if (plan.addAssignees.length) await gh.addAssignees(issueNumber, plan.addAssignees);
  if (plan.removeAssignees.length) await gh.removeAssignees(issueNumber, plan.removeAssignees);
}

/** Reacts to the comment and, when something was refused or help asked for, replies once; returns the key of a refusal it recorded. */
async function answerComment(
  deps: ReconcileDeps,
  issueNumber: number,
  commentId: number,
  inputs: IncidentInput[],
  state: IncidentState,
  timeline: TimelineItem[],
  decided: Verdicts,
  verdicts: Verdicts,
): Promise<string | undefined> {
  const input = inputs.find((candidate) => candidate.type === "comment" && candidate.commentId === commentId);
  const outcomes = input ? state.outcomes[input.key] : undefined;
  if (!input || !outcomes?.length) return undefined;
  const refused = outcomes.some((outcome) => !outcome.ok);
  // A verdict decided by an earlier run means that run answered this comment: a redelivery writes nothing.
  if (!decided[input.key]) await deps.gh.react(commentId, refused ? "confused" : "+1");
  const wantsHelp = outcomes.some((outcome) => outcome.ok && outcome.command?.name === "help");
  if (!refused && !wantsHelp) return undefined;
  if (alreadyReplied(timeline, deps.appLogin, input.key)) return undefined;
  const verdict = verdicts[input.key];
  const refusal = verdict && !verdict.ok ? verdict : undefined;
  const help = wantsHelp ? renderHelpMarkdown(vocabularyOf(deps.config)) : undefined;
  await deps.gh.createComment(issueNumber, `${renderReply(input.actor, outcomes, help, deps.templates)}\n${renderMarker("reply", { source: input.key, ...(refusal ? { refusal: refusal.reason } : {}) })}`);
  return refusal ? input.key : undefined;
}

/**
 * A label added, or an issue closed or reopened, by someone without permission is undone by the projection;
 * each such person gets one reply saying why (the reply also records the refusal).
 */
async function explainUndoneActions(
  deps: ReconcileDeps,
  issueNumber: number,
  inputs: IncidentInput[],
  state: IncidentState,
  verdicts: Verdicts,
  refusals: Verdicts,
): Promise<string[]> {
  const explained: string[] = [];
  for (const input of inputs) {
    const verdict = verdicts[input.key];
    if (!verdict || verdict.ok || refusals[input.key]) continue;
    if (input.type !== "label-added" && input.type !== "closed" && input.type !== "reopened") continue;
    // On an ordinary issue only the incident label is undone; `sev1` may mean something else there.
    if (!state.declared && !(input.type === "label-added" && input.label === INCIDENT_LABEL)) continue;
    const undone = input.type === "label-added" ? `I took the \`${input.label}\` label off again` : input.type === "closed" ? "I reopened this incident" : "I closed this incident again";
    const declaring = input.type === "label-added" && input.label === INCIDENT_LABEL;
    await deps.gh.createComment(issueNumber, `${renderUndone(input.actor, undone, verdict.reason, declaring, deps.templates)}\n${renderMarker("reply", { source: input.key, refusal: verdict.reason })}`);
    explained.push(input.key);
  }
  return explained;
}

function alreadyReplied(timeline: TimelineItem[], appLogin: string, source: string): boolean {
  return appMarkers(timeline, appLogin, "reply").some((marker) => marker.source === source);
}

/** Refusals the app recorded in its replies (trusted: only the app's own comments are read). */
function refusalsInReplies(timeline: TimelineItem[], appLogin: string): Verdicts {
  const refusals: Verdicts = {};
  for (const marker of appMarkers(timeline, appLogin, "reply")) {
    if (typeof marker.source === "string" && typeof marker.refusal === "string") refusals[marker.source] = { ok: false, reason: marker.refusal };
  }
  return refusals;
}

export function vocabularyOf(config: IncidentConfig): CommandVocabulary {
  return {
    severities: Object.entries(config.severities).map(([key, severity]) => ({ key: key as SeverityKey, name: severity.name })),
    types: Object.keys(config.types),
  };
}

function reportedFields(reporterText: string, config: IncidentConfig, vocabulary: CommandVocabulary): ReportedFields {
  const types = Object.entries(config.types).map(([key, type]) => ({ key, name: type.name }));
  const { severity, type, summary, impact, detectedAt } = readIncidentForm(reporterText, vocabulary, types);
  return { severity, type, summary, impact, detectedAt };
}
