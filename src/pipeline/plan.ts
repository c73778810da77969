import type { IncidentConfig } from "../config/schema.js";
import { completeVerdicts, unjudgedLogins } from "../domain/authorize.js";
import { renderHelpMarkdown } from "../render/command-docs.js";
import { renderOnCallMarkdown } from "../render/on-call.js";
import { foldWithOutcomes, type IncidentState, type LineOutcome, type ReportedFields } from "../domain/fold.js";
import type { IssueHistory } from "../domain/history.js";
import {
  appComments,
  collectInputs,
  type AppComment,
  type IncidentInput,
  type RecordReader,
} from "../domain/inputs.js";
import { labelDefinitions } from "../domain/labels.js";
import { GITHUB_BODY_LIMIT } from "../domain/limits.js";
import {
  digest,
  joinBody,
  type RecordData,
  splitBody,
  type StoredVerdicts,
  storeVerdicts,
  type Verdicts,
} from "../domain/markers.js";
import { factsOf } from "../domain/facts-of.js";
import { appAssigned, planProjection, type ProjectionPlan } from "../domain/projection.js";
import type { Iso } from "../domain/time.js";
import { utcDay } from "../domain/time.js";
import { vocabularyOf, type PermissionLevel } from "../domain/vocabulary.js";
import type { TemplateOverrides } from "../render/environment.js";
import {
  renderDashboard,
  renderDeclaration,
  renderMovedHere,
  renderMovedPlaceholder,
  renderUnmovable,
  renderStakeholderNotice,
  renderStatusUpdate,
} from "../render/views.js";
import { planAnswer, planExplanations, planQueuedReactions } from "./answers.js";
import { type BodyEdit, type BodyEditPlan, planBodyEdit } from "./body-edits.js";
import { doneKeys, type Effect } from "./effects.js";
import { planDue } from "./due-plan.js";
import { declaredForm, formRecord, readReportedFields } from "./reported-form.js";
import { cachedParse } from "./parse-cache.js";
import { decidedVerdicts, planRecordUpdates } from "./verdicts.js";
import { recordedChecklist } from "../domain/checklist.js";
import { currentItems, type LiveItem } from "../domain/action-items.js";
import { planFollowUps } from "./follow-up-plan.js";
import { type PostmortemContext, type PostmortemTrigger, planPostmortem } from "./postmortem-plan.js";
import { type NewInRun, planNotifications } from "./notify-plan.js";
import { planSuspects } from "./suspects-plan.js";

/**
 * The pure planning step: from the issue's history, the config and `{ now, trigger }`, the incident's state and
 * the effects that should follow. No I/O: permissions were looked up beforehand (`loginsToLookUp`), and which
 * effects are already done is the executor's business (it skips their keys).
 */

export interface Trigger {
  /** The comment whose webhook started this run: it gets the reaction and the reply. */
  commentId?: number;
  /** Someone edited the issue body: an edit of the form's fields or the checklist is judged. */
  bodyEdit?: BodyEdit;
  /** The issue body as the triggering webhook carried it: what the form said at that event. */
  issueBody?: string;
  /** Who wrote the triggering comment: their permission is asked while the issue is read. */
  actor?: string;
  /**
   * A comment made elsewhere that counts on this incident (`/action` in the post-mortem pull request's
   * conversation): read as if it were on the incident, for this run.
   */
  foreignComment?: { id: number; body: string; author: string; at: Iso };
  /** A scheduled sweep: what has fallen due by `now` (escalations, reminders) is planned too. */
  sweep?: boolean;
  /** The post-mortem pull request changed: a push to check, or its closing to record. */
  postmortem?: PostmortemTrigger;
  /** This run follows the transfer of a security incident here: the `moved` record to write first. */
  moved?: RecordData;
}

export interface PlanContext {
  config: IncidentConfig;
  templates: TemplateOverrides;
  appLogin: string;
  records: RecordReader;
  /** Permission levels by lower-cased login, for every login `loginsToLookUp` named. */
  permissions: ReadonlyMap<string, PermissionLevel>;
  now: Iso;
  trigger: Trigger;
  /** The incident's action items as GitHub shows them now (read by the runner); absent ones show as recorded. */
  items?: ReadonlyMap<number, LiveItem>;
  /** `owner/name`, for the post-mortem's links. */
  repoFullName?: string;
  /** Signs the incident's facts for this issue (the monthly report reads them from the dashboard). */
  signFacts?: (facts: RecordData) => string;
  /** Why this security incident could not be moved to `security.repository` (it is run here, and says so). */
  unmovable?: string;
  /**
   * What was new when the run began (the first plan's `fresh`): a plan made again after the first writes
   * (which record the verdicts and the id) still tells the channels about it.
   */
  fresh?: NewInRun;
}

export interface IncidentPlan {
  state: IncidentState;
  effects: Effect[];
  verdicts: Verdicts;
  projection: ProjectionPlan;
  /** What this run found new: the outbound channels are told about it. */
  fresh: NewInRun;
  /** A security incident declared outside `security.repository`: moved there, and nothing else written here. */
  move?: PlannedMove;
}

export interface PlannedMove {
  /** `owner/name` of the private repository. */
  to: string;
  /** What the private repository's first record says: where from, who declared it as what, the verdicts and done keys. */
  record: RecordData;
  /** The placeholder left behind. */
  placeholder: { title: string; body: string };
}

/**
 * Whose permission the plan still needs, given those already looked up: who edited the body, the people whose
 * new input has no verdict yet, then the people their accepted commands name for a role.
 */
export function loginsToLookUp(
  history: IssueHistory,
  ctx: Omit<PlanContext, "permissions">,
  known: ReadonlyMap<string, PermissionLevel>,
): string[] {
  const { inputs, comments } = readHistory(history, ctx);
  const lookup = (login: string) => known.get(login.toLowerCase());
  const logins = unjudgedLogins(inputs, decidedVerdicts(comments), ctx.config, lookup);
  const editor = ctx.trigger.bodyEdit?.by;
  return [...new Set([...(editor && !lookup(editor) ? [editor] : []), ...logins])];
}

function readHistory(
  history: IssueHistory,
  ctx: Pick<PlanContext, "config" | "appLogin" | "records">,
): { inputs: IncidentInput[]; comments: AppComment[] } {
  const vocabulary = vocabularyOf(ctx.config);
  const comments = appComments(history.timeline, ctx.appLogin, ctx.records);
  const inputs = collectInputs(history, {
    appLogin: ctx.appLogin,
    parse: (body) => cachedParse(body, vocabulary),
    records: ctx.records,
  });
  return { inputs, comments };
}

export function planIncident(history: IssueHistory, ctx: PlanContext): IncidentPlan {
  const judged = judgeAndFold(history, ctx);
  const { state, verdicts } = judged;
  const moving = planMove(judged, history, ctx) ?? planMovedRecord(judged, history, ctx);
  if (moving) return { state, verdicts, fresh: { declared: false, sources: new Set() }, ...moving };
  const bodyAround = (current: string) => dashboardBody(current, state, ctx, history.issue.number);
  const dashboard = state.declared ? bodyAround(history.issue.body) : undefined;
  const projection = planProjection(history.issue, state, ctx.config, dashboard, appAssigned(judged.inputs));
  const effects = [
    ...recordEffects(judged, projection, ctx),
    ...planFollowUps(state, history.issue, ctx.items ?? new Map(), ctx.config.timeZone),
    ...planPostmortem(state, postmortemContext(history, state, ctx)),
    ...planSuspects(state, { ...history.issue, url: issueUrl(history, ctx) }, ctx.config),
    ...(ctx.trigger.sweep ? planDueNow(judged, ctx) : []),
    ...projectionEffects(projection, ctx.config, history.issue.body, bodyAround),
  ];
  if (ctx.unmovable !== undefined) effects.push(unmovableNote(ctx.config, ctx.unmovable));
  const fresh = ctx.fresh ?? {
    declared: effects.some((effect) => effect.kind === "declare"),
    sources: new Set(Object.keys(verdicts).filter((source) => judged.decided[source] === undefined)),
  };
  const { number } = history.issue;
  const url = issueUrl(history, ctx);
  effects.push(...planNotifications(state, ctx.config, fresh, { number, url, now: ctx.now }, effects));
  return { state, effects, verdicts, projection, fresh };
}

type Moving = Pick<IncidentPlan, "effects" | "projection" | "move">;

const NO_PROJECTION: ProjectionPlan = {
  patch: {},
  addLabels: [],
  removeLabels: [],
  addAssignees: [],
  removeAssignees: [],
};

/**
 * A security incident declared outside `security.repository` is moved there before anything is written here:
 * no reply, label, title or dashboard would show what it is about. Its verdicts and done keys travel with it.
 */
function planMove(judged: Judged, history: IssueHistory, ctx: PlanContext): Moving | undefined {
  const { state } = judged;
  const to = moveTarget(state, ctx);
  const here = ctx.repoFullName;
  if (!to || !here) return undefined;
  const record = {
    from: here,
    number: history.issue.number,
    by: state.declaration?.by ?? history.issue.author.login,
    ...(state.type ? { type: state.type } : {}),
    ...(state.severity ? { severity: state.severity } : {}),
    verdicts: storeVerdicts(judged.verdicts),
    // What was posted is not posted again there; but it is declared there afresh, with an id of that repository.
    keys: [...doneKeys(judged.comments)].filter((key) => key !== "declaration"),
  };
  const body = renderMovedPlaceholder(state.type, history.issue.author.login, ctx.config, ctx.templates);
  return {
    effects: [],
    projection: NO_PROJECTION,
    move: { to, record, placeholder: { title: "Moved to a private repository", body } },
  };
}

/** `security.repository` when this is a security incident declared elsewhere and not refused there already. */
function moveTarget(state: IncidentState, ctx: PlanContext): string | undefined {
  const to = ctx.config.security.repository;
  const here = ctx.repoFullName?.toLowerCase();
  const elsewhere = to && here && to.toLowerCase() !== here;
  return elsewhere && state.declared && state.sensitiveSince && ctx.unmovable === undefined ? to : undefined;
}

/** Just moved here: the record of where from (with the verdicts judged there) is written before anything is judged here. */
function planMovedRecord(judged: Judged, history: IssueHistory, ctx: PlanContext): Moving | undefined {
  const found = ctx.trigger.moved;
  if (!found || judged.comments.some((comment) => comment.record.kind === "moved")) return undefined;
  // Repairing a transfer whose run stopped: who declared it is not known; whoever opened it stands for them.
  const moved: RecordData = { by: history.issue.author.login, ...found };
  const body = renderMovedHere(
    {
      from: String(moved.from),
      number: Number(moved.number),
      ...(typeof moved.placeholder === "number" ? { placeholder: moved.placeholder } : {}),
      ...(typeof moved.type === "string" ? { type: moved.type } : {}),
    },
    ctx.config,
    ctx.templates,
  );
  return {
    effects: [{ kind: "comment", key: "moved", recordKind: "moved", record: moved, body }],
    projection: NO_PROJECTION,
  };
}

/** Once per reason: the security incident stays here until `security.repository` is fixed. */
function unmovableNote(config: IncidentConfig, reason: string): Effect {
  return {
    kind: "comment",
    key: `unmovable:${digest(reason)}`,
    recordKind: "unmovable",
    record: {},
    body: renderUnmovable(config.security.repository ?? "", reason),
  };
}

function issueUrl(history: IssueHistory, ctx: PlanContext): string {
  return history.issue.url ?? `https://github.com/${ctx.repoFullName ?? ""}/issues/${history.issue.number}`;
}

function planDueNow(judged: Judged, ctx: PlanContext): Effect[] {
  const items = currentItems(judged.state.actionItems, ctx.items ?? new Map());
  return planDue(judged.state, { config: ctx.config, now: ctx.now, done: doneKeys(judged.comments), items });
}

function postmortemContext(history: IssueHistory, state: IncidentState, ctx: PlanContext): PostmortemContext {
  const repo = ctx.repoFullName ?? "";
  const { number } = history.issue;
  return {
    config: ctx.config,
    templates: ctx.templates,
    incident: { number, url: history.issue.url ?? `https://github.com/${repo}/issues/${number}`, repo },
    items: currentItems(state.actionItems, ctx.items ?? new Map()),
    now: ctx.now,
    ...(ctx.trigger.postmortem ? { trigger: ctx.trigger.postmortem } : {}),
  };
}

/** Everything the plan knows once the history is judged and folded. */
interface Judged {
  inputs: IncidentInput[];
  comments: AppComment[];
  decided: StoredVerdicts;
  verdicts: Verdicts;
  bodyEdit: BodyEditPlan;
  reported: ReportedFields;
  state: IncidentState;
  outcomes: Record<string, LineOutcome[]>;
  checklistChanged: boolean;
}

function judgeAndFold(history: IssueHistory, ctx: PlanContext): Judged {
  const { config } = ctx;
  const { inputs, comments } = readHistory(history, ctx);
  const permissionOf = (login: string) => ctx.permissions.get(login.toLowerCase());
  const decided = decidedVerdicts(comments);
  let verdicts = completeVerdicts(inputs, decided, permissionOf, config);
  const bodyEdit = planEdit(comments, ctx, (login) => permissionOf(login) ?? "none");
  // An accepted edit of the form counts from now: the comment that records it is written by this run.
  if (bodyEdit.accepted) {
    const { key, by, fields } = bodyEdit.accepted;
    inputs.push({
      key,
      at: ctx.now,
      seq: Number.MAX_SAFE_INTEGER,
      actor: ctx.appLogin,
      type: "form-edited",
      by,
      fields,
    });
  }
  // What the issue form said is read once, when the incident is declared, and then only from the app's record.
  const fold = (reported: ReportedFields) => ({
    reported,
    ...foldWithOutcomes(history.issue, inputs, { config, verdicts, reported }),
  });
  const recordedForm = declaredForm(comments, config);
  const foldAll = () => (recordedForm ? fold(recordedForm) : foldReadingForm(fold, history.issue.body, ctx));
  let folded = foldAll();
  // Once it is a security incident, what came after needs the stricter permission: judged again, folded again.
  const { sensitiveSince } = folded.state;
  if (sensitiveSince) {
    verdicts = completeVerdicts(inputs, decided, permissionOf, config, sensitiveSince);
    folded = foldAll();
  }
  const { reported, state, outcomes } = folded;
  const checklist = checklistOf(state, comments, config, bodyEdit.checklist);
  state.checklistDone = checklist.done;
  return {
    inputs,
    comments,
    decided,
    verdicts,
    bodyEdit,
    reported,
    state,
    outcomes,
    checklistChanged: checklist.changed,
  };
}

function planEdit(
  comments: readonly AppComment[],
  ctx: PlanContext,
  permissionOf: (login: string) => PermissionLevel,
): BodyEditPlan {
  if (!ctx.trigger.bodyEdit) return { effects: [] };
  const { config, templates } = ctx;
  const checklistItems = Object.values(config.types).flatMap((type) => type.checklist);
  return planBodyEdit(comments, ctx.trigger.bodyEdit, {
    config,
    vocabulary: vocabularyOf(config),
    templates,
    permissionOf,
    checklistItems,
  });
}

/**
 * The records that must exist once: the answer to the triggering comment, the declaration, status updates,
 * the answer to a body edit, explanations of what the projection undoes, and verdicts not yet recorded.
 */
function recordEffects(judged: Judged, projection: ProjectionPlan, ctx: PlanContext): Effect[] {
  const { state, verdicts, inputs, comments } = judged;
  const effects: Effect[] = [];
  const questions = {
    help: () => renderHelpMarkdown(vocabularyOf(ctx.config)),
    onCall: (at: Iso) => renderOnCallMarkdown(ctx.config, at),
  };
  if (ctx.trigger.commentId !== undefined)
    effects.push(...planAnswer(ctx.trigger.commentId, inputs, judged.outcomes, verdicts, questions, ctx.templates));
  const newlyJudged = new Set(Object.keys(verdicts).filter((source) => judged.decided[source] === undefined));
  effects.push(...planQueuedReactions(inputs, judged.outcomes, newlyJudged, ctx.trigger.commentId));
  const declaration = state.declared && !state.id ? planDeclaration(state, judged.reported, verdicts, ctx) : undefined;
  if (declaration) effects.push(declaration);
  for (const update of state.updates) {
    const body = renderStatusUpdate(state, update, ctx.config, ctx.templates);
    effects.push({ kind: "comment", key: `update:${update.source}`, recordKind: "update", record: {}, body });
  }
  for (const notice of state.stakeholderNotices) {
    const body = renderStakeholderNotice(state, notice, ctx.config, ctx.templates);
    effects.push({
      kind: "comment",
      key: `stakeholders:${notice.source}`,
      recordKind: "stakeholders",
      record: {},
      body,
    });
  }
  effects.push(
    ...judged.bodyEdit.effects,
    ...planExplanations(comments, inputs, projection, verdicts, ctx.templates, state.declaration?.at),
  );
  // The declaration carries every verdict so far; replies carry the refusals they explain.
  const recorded = new Set([...Object.keys(judged.decided), ...(declaration ? Object.keys(verdicts) : [])]);
  for (const effect of effects)
    if (effect.kind === "comment") for (const source of Object.keys(effect.record.refusals ?? {})) recorded.add(source);
  const unrecorded = Object.fromEntries(Object.entries(verdicts).filter(([source]) => !recorded.has(source)));
  effects.push(...planRecordUpdates(comments, unrecorded, judged.checklistChanged ? state.checklistDone : undefined));
  return effects;
}

/**
 * Before the declaration is recorded, the form is read from the body as it was when the incident was declared,
 * as far as GitHub tells: the body the triggering webhook carried, or, when that webhook is an edit made after
 * the declaration, the body before that edit. Never the body as someone changed it since.
 */
function foldReadingForm<T extends { state: IncidentState }>(
  fold: (reported: ReportedFields) => T,
  currentBody: string,
  ctx: PlanContext,
): T {
  const read = (body: string) => readReportedFields(splitBody(body).reporterText, ctx.config, vocabularyOf(ctx.config));
  const first = fold(read(ctx.trigger.issueBody ?? currentBody));
  const edit = ctx.trigger.bodyEdit;
  const declaredAt = first.state.declaration?.at;
  return edit && declaredAt && declaredAt <= edit.at ? fold(read(edit.before)) : first;
}

/** The runbook ticks the app's declaration record keeps, or those an editor allowed to tick them just left. */
function checklistOf(
  state: IncidentState,
  comments: readonly AppComment[],
  config: IncidentConfig,
  edited: string[] | undefined,
): { done: string[]; changed: boolean } {
  const items = state.type ? (config.types[state.type]?.checklist ?? []) : [];
  const declaration = comments.find((comment) => comment.record.kind === "declared");
  const recorded = recordedChecklist(declaration?.record.data.checklist, items);
  if (!edited || !declaration) return { done: recorded, changed: false };
  const done = items.filter((item) => edited.includes(item));
  return { done, changed: done.join("\n") !== recorded.join("\n") };
}

/** The declaration's record keeps the id (filled in when claimed), what the form said and every verdict so far. */
function planDeclaration(
  state: IncidentState,
  reported: ReportedFields,
  verdicts: Verdicts,
  ctx: PlanContext,
): Effect | undefined {
  if (!state.declaration) return undefined;
  const render = (id: string) => renderDeclaration({ ...state, id }, ctx.config, ctx.templates);
  return {
    kind: "declare",
    key: "declaration",
    idPrefix: `INC-${utcDay(state.declaration.at)}`,
    render,
    // Whom the rota made commander: later edits of the schedule do not change who took command.
    record: {
      form: formRecord(reported),
      verdicts: storeVerdicts(verdicts),
      oncall: state.declaration.commander ?? null,
    },
  };
}

function projectionEffects(
  projection: ProjectionPlan,
  config: IncidentConfig,
  readBody: string,
  around: (latest: string) => string,
): Effect[] {
  const effects: Effect[] = [];
  const { body, ...patch } = projection.patch;
  const { addLabels: add, removeLabels: remove } = projection;
  // Labels, title, state and body go in one PATCH: one write per change of state.
  const labels =
    add.length || remove.length
      ? { add, remove, definitions: labelDefinitions(config).filter((label) => add.includes(label.name)) }
      : undefined;
  if (labels || body !== undefined || Object.keys(patch).length) {
    const bodyWrite = body !== undefined ? { body: { read: readBody, planned: body, around } } : {};
    effects.push({ kind: "issue", key: "issue", patch, ...(labels ? { labels } : {}), ...bodyWrite });
  }
  if (projection.addAssignees.length || projection.removeAssignees.length) {
    effects.push({
      kind: "assignees",
      key: "assignees",
      add: projection.addAssignees,
      remove: projection.removeAssignees,
    });
  }
  return effects;
}

/**
 * The issue body with the dashboard rendered around the reporter's text. The reporter's text is never cut;
 * the dashboard shrinks to fit GitHub's limit, and when even the smallest one cannot fit, the body is left alone.
 */
function dashboardBody(current: string, state: IncidentState, ctx: PlanContext, number: number): string {
  const parts = splitBody(current);
  const items = currentItems(state.actionItems, ctx.items ?? new Map());
  // The facts the monthly report reads from the issue list, signed for this issue, last in the dashboard.
  const facts = ctx.signFacts && factsOf(number, state, items, ctx.config);
  const record = facts && ctx.signFacts ? `\n\n${ctx.signFacts(facts as unknown as RecordData)}` : "";
  const room = GITHUB_BODY_LIMIT - parts.reporterText.length - record.length - 200;
  for (const timelineRows of [150, 40, 10, 0]) {
    const dashboard = renderDashboard(state, ctx.config, ctx.templates, { timelineRows, items, now: ctx.now });
    if (dashboard.length <= room) return joinBody(`${dashboard.trimEnd()}${record}`, parts.reporterText);
  }
  return current;
}
