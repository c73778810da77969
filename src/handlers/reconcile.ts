import type { IncidentConfig } from "../config/schema.js";
import { parseComment } from "../domain/commands.js";
import type { CommandVocabulary } from "../domain/commands.types.js";
import { completeVerdicts, unjudgedLogins } from "../domain/authorize.js";
import { foldIncident, type IncidentState, type ReportedFields } from "../domain/fold.js";
import { appComments, collectInputs, type AppComment, type IncidentInput, type RecordReader } from "../domain/inputs.js";
import { labelDefinitions } from "../domain/labels.js";
import { GITHUB_BODY_LIMIT } from "../domain/limits.js";
import { joinBody, readEmbeddedRecords, readTrailingRecord, renderRecord, splitBody, storeVerdicts, type SigningKeys, type Verdicts } from "../domain/markers.js";
import { isEmptyPlan, planProjection, type ProjectionPlan } from "../domain/projection.js";
import { utcDay } from "../domain/time.js";
import type { PermissionLevel, SeverityKey } from "../domain/vocabulary.js";
import { statusOf } from "../github/octokit-adapter.js";
import type { IncidentGitHub } from "../github/port.js";
import type { TemplateOverrides } from "../render/environment.js";
import { renderDashboard, renderDeclaration, renderStatusUpdate } from "../render/views.js";
import { answerComment, explainUndoneActions, type ReplyContext } from "./answers.js";
import { declaredForm, formRecord, readReportedFields } from "./reported-form.js";
import { judgeBodyEdit, type BodyEdit } from "./body-edits.js";
import { decidedVerdicts, recordVerdicts } from "./ledger.js";
import { IndependentWrites } from "./writes.js";

/**
 * The one pipeline every handler ends in:
 *   1. read the issue and its timeline, and the app's own signed records in it
 *   2. collect the inputs and judge the new ones (permission, once; the app's records remember)
 *   3. fold them into the incident's state
 *   4. record what must exist once: the declaration (with the id, what the form said, the verdicts), status updates
 *   5. answer the triggering comment: a reaction, and one reply when something was refused
 *   6. project labels, title, state, assignees and the dashboard; write only what differs, explain what was undone
 * Every write is attempted independently: one GitHub refuses does not stop the others.
 */

export interface ReconcileDeps {
  gh: IncidentGitHub;
  config: IncidentConfig;
  appLogin: string;
  keys: SigningKeys;
  defaultBranch: string;
  /** The repository's own templates, already read and checked. */
  templates: TemplateOverrides;
  log: { info: (message: string) => void; debug: (message: string) => void; warn: (message: string) => void };
}

export interface Trigger {
  /** The comment whose webhook started this run: it gets the reaction and the reply. */
  commentId?: number;
  /** Someone edited the issue body: an edit of the form's fields is judged before the run. */
  bodyEdit?: BodyEdit;
}

export interface ReconcileResult {
  state: IncidentState;
  plan: ProjectionPlan;
}

export function recordReader(keys: SigningKeys, owner: string, repo: string, issueNumber: number): RecordReader {
  return {
    trailing: (body) => readTrailingRecord(body, `${owner}/${repo}#${issueNumber}`, keys),
    embedded: (body, kind) => readEmbeddedRecords(body, kind, `${owner}/${repo}`, keys),
  };
}

export async function reconcileIncident(deps: ReconcileDeps, issueNumber: number, trigger: Trigger = {}): Promise<ReconcileResult> {
  const { gh, config } = deps;
  const scope = `${gh.owner}/${gh.repo}#${issueNumber}`;
  const records = recordReader(deps.keys, gh.owner, gh.repo, issueNumber);
  const vocabulary = vocabularyOf(config);
  const bodyEdit = trigger.bodyEdit ? await judgeBodyEdit({ ...deps, records, vocabulary }, issueNumber, trigger.bodyEdit) : {};

  // 1. read
  const [issue, timeline] = await Promise.all([gh.getIssue(issueNumber), gh.listTimeline(issueNumber)]);
  const comments = appComments(timeline, deps.appLogin, records);

  // 2. collect and judge
  const inputs = collectInputs({ issue, timeline }, { appLogin: deps.appLogin, parse: (body) => parseComment(body, vocabulary), records });
  const decided = decidedVerdicts(comments);
  const verdicts = await judgeInputs(gh, inputs, decided, config);

  // 3. fold; what the issue form said is read once, when the incident is declared, and then only from the app's record
  const reported = declaredForm(comments, config) ?? readReportedFields(splitBody(issue.body).reporterText, config, vocabulary);
  const state = foldIncident(issue, inputs, { config, verdicts, reported });

  // 4. records that must exist exactly once; a repository's template that fails to render fails here, before any write
  if (Object.keys(deps.templates).length) trialRender(state, deps, splitBody(issue.body).dashboards[0]);
  const writes = new IndependentWrites(scope, deps.log);
  const known = [...comments];
  const recordedNow = new Set<string>();
  if (state.declared && !state.id && state.declaration) {
    // The declaration's record carries every verdict decided so far.
    if (await writes.attempt("declaration", () => declare(deps, issueNumber, state, reported, verdicts, known))) Object.keys(verdicts).forEach((source) => recordedNow.add(source));
  }
  for (const update of state.updates.filter((candidate) => !candidate.posted)) {
    await writes.attempt("status update", () => gh.createComment(issueNumber, `${renderStatusUpdate(state, update, config, deps.templates)}\n${renderRecord("update", { source: update.source }, scope, deps.keys)}`));
  }

  // 5. answer the triggering comment
  const reply: ReplyContext = { gh, issueNumber, scope, keys: deps.keys, templates: deps.templates, comments };
  if (trigger.commentId !== undefined) {
    const commentId = trigger.commentId;
    for (const source of (await writes.attempt("answer", () => answerComment(reply, commentId, inputs, state, decided, verdicts, vocabulary))) ?? []) recordedNow.add(source);
  }

  // 6. project, explain what this run undoes, and record the verdicts decided in this run
  const bodyAround = (current: string) => dashboardBody(current, state, deps, bodyEdit.restoreChecklistFrom);
  const plan = planProjection(issue, state, config, state.declared ? bodyAround(issue.body) : undefined);
  for (const source of (await writes.attempt("explanation", () => explainUndoneActions(reply, inputs, plan, verdicts))) ?? []) recordedNow.add(source);
  const unrecorded = Object.fromEntries(Object.entries(verdicts).filter(([source]) => !decided[source] && !recordedNow.has(source)));
  await writes.attempt("ledger", () => recordVerdicts({ gh, issueNumber, scope, keys: deps.keys }, known, unrecorded));
  // GitHub has no conditional PATCH: the body is read again just before it is written, so text someone typed
  // (or a box they ticked) while this run was busy is kept, not overwritten with what was read at the start.
  const rebase = async (): Promise<string | undefined> => {
    const latest = (await gh.getIssue(issueNumber)).body;
    const body = latest === issue.body ? plan.patch.body : bodyAround(latest);
    return body === latest ? undefined : body;
  };
  await applyPlan(deps, writes, issueNumber, plan, rebase);
  if (!isEmptyPlan(plan)) deps.log.debug(`[${scope}] projected ${JSON.stringify(plan, (key, value) => (key === "body" ? "…" : value))}`);
  writes.finish();
  return { state, plan };
}

/** Claims the id and posts the declaration, whose record keeps the id, what the form said and the verdicts so far. */
async function declare(deps: ReconcileDeps, issueNumber: number, state: IncidentState, reported: ReportedFields, verdicts: Verdicts, known: AppComment[]): Promise<true> {
  const { gh } = deps;
  state.id = await gh.claimIncidentId(`INC-${utcDay(state.declaration!.at)}`, deps.defaultBranch);
  const data = { id: state.id, form: formRecord(reported), verdicts: storeVerdicts(verdicts) };
  const body = `${renderDeclaration(state, deps.config, deps.templates)}\n${renderRecord("declared", data, `${gh.owner}/${gh.repo}#${issueNumber}`, deps.keys)}`;
  const commentId = await gh.createComment(issueNumber, body);
  known.push({ commentId, body, record: { kind: "declared", data } });
  deps.log.info(`[${gh.owner}/${gh.repo}#${issueNumber}] declared ${state.id} (${state.severity})`);
  return true;
}

/**
 * The issue body with the dashboard rendered around the reporter's text. The reporter's text is never cut;
 * the dashboard shrinks to fit GitHub's limit, and when even the smallest one cannot fit, the body is left alone.
 */
function dashboardBody(current: string, state: IncidentState, deps: ReconcileDeps, checklistFrom?: string): string {
  const parts = splitBody(current);
  const ticksFrom = checklistFrom ?? parts.dashboards[0];
  const room = GITHUB_BODY_LIMIT - parts.reporterText.length - 200;
  for (const timelineRows of [150, 40, 10, 0]) {
    const dashboard = renderDashboard(state, deps.config, ticksFrom, deps.templates, { timelineRows });
    if (dashboard.length <= room) return joinBody(dashboard, parts.reporterText);
  }
  deps.log.warn(`[${deps.gh.owner}/${deps.gh.repo}] the reporter's text leaves no room for the dashboard in the issue body`);
  return current;
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

/** Labels, the issue PATCH and assignees are independent writes; a body GitHub refuses never holds back the state. */
async function applyPlan(deps: ReconcileDeps, writes: IndependentWrites, issueNumber: number, plan: ProjectionPlan, rebaseBody: () => Promise<string | undefined>): Promise<void> {
  const { gh, config } = deps;
  if (plan.addLabels.length) {
    await writes.attempt("adding labels", async () => {
      await gh.ensureLabels(labelDefinitions(config).filter((label) => plan.addLabels.includes(label.name)));
      await gh.addLabels(issueNumber, plan.addLabels);
    });
  }
  for (const label of plan.removeLabels) await writes.attempt(`removing label ${label}`, () => gh.removeLabel(issueNumber, label));
  await writes.attempt("updating the issue", async () => {
    if (plan.patch.body !== undefined) {
      const body = await rebaseBody();
      if (body === undefined) delete plan.patch.body;
      else plan.patch.body = body;
    }
    if (Object.keys(plan.patch).length) await patchIssue(deps, issueNumber, plan);
  });
  if (plan.addAssignees.length) await writes.attempt("assigning", () => gh.addAssignees(issueNumber, plan.addAssignees));
  if (plan.removeAssignees.length) await writes.attempt("unassigning", () => gh.removeAssignees(issueNumber, plan.removeAssignees));
}

/**
 * If GitHub refuses the patch (422: a body or title it will not take), the rest still goes through: first
 * without the body, then without the title, so the incident's state is never held back by text.
 */
async function patchIssue(deps: ReconcileDeps, issueNumber: number, plan: ProjectionPlan): Promise<void> {
  for (;;) {
    try {
      await deps.gh.updateIssue(issueNumber, plan.patch);
      return;
    } catch (error) {
      const droppable = plan.patch.body !== undefined ? "body" : plan.patch.title !== undefined ? "title" : undefined;
      if (statusOf(error) !== 422 || !droppable) throw error;
      deps.log.warn(`[${deps.gh.owner}/${deps.gh.repo}#${issueNumber}] GitHub refused the issue's ${droppable}; projecting without it`);
      delete plan.patch[droppable];
      if (!Object.keys(plan.patch).length) return;
    }
  }
}

export function vocabularyOf(config: IncidentConfig): CommandVocabulary {
  return {
    severities: Object.entries(config.severities).map(([key, severity]) => ({ key: key as SeverityKey, name: severity.name })),
    types: Object.keys(config.types),
  };
}
