import type { IncidentConfig } from "../config/schema.js";
import { ackStatus, nextUpdateDue, pagedAtDeclaration, responseDue, updateCadenceMs } from "../domain/deadlines.js";
import type { IncidentState, LineOutcome, StatusUpdate } from "../domain/fold.js";
import type { AlertPayload, NormalizedAlert } from "../domain/alert.js";
import {
  escapeMarkdownChar,
  userBlockQuote,
  userCodeSpanText,
  userInline,
  userProse,
  userTableCell,
} from "../domain/mentions.js";
import { shownItem } from "../domain/checklist.js";
import { addMs, formatDuration, formatTime, msBetween, type Iso } from "../domain/time.js";
import { clip, clipWithEllipsis, TEXT_BOUNDS } from "../domain/text-bounds.js";
import { contactHandles } from "../domain/on-call.js";
import { ROLES, type SeverityKey } from "../domain/vocabulary.js";
import { render, type TemplateOverrides } from "./environment.js";
import type { ActionItem } from "../domain/action-items.js";
import { itemRows } from "./action-items.js";
import { escalationView, etaText, headlineView, mitigatedAt, openFor } from "./headline.js";
import { suspectsView } from "./suspects.js";

/** View models: everything a template shows, formatted for people, user text made safe. */

/** An issue body holds at most 65,536 characters: a long incident shows its latest timeline rows. */
const TIMELINE_ROWS = 150;

const PHASE_NAMES = {
  investigating: "Investigating",
  identified: "Identified",
  fixing: "Fixing",
  monitoring: "Monitoring",
  resolved: "Resolved",
} as const;

/**
 * Prose in its own section (summary, impact, update text): it cannot open HTML or blocks outside its place,
 * and long text is cut with a note saying where the whole of it is.
 */
export function prose(
  text: string | undefined,
  max: number = TEXT_BOUNDS.prose,
  whole = "in the issue and its comments",
): string | undefined {
  if (text === undefined) return undefined;
  const cut = clip(text, max);
  return cut.clipped ? `${userProse(cut.text)}\n_…(truncated; the whole text is ${whole})_` : userProse(text);
}
/** Anything in a table cell, the configuration's words included: a pipe or newline must not add a cell or row. */
const cell = (text: string) => userTableCell(clipWithEllipsis(text, TEXT_BOUNDS.cell));
/** A link to the comment an input came from (`c<id>.<digest>`), on the same issue page. */
function sourceLink(source: string): string {
  const id = /^c(\d+)\./.exec(source)?.[1];
  return id ? `in [the comment](#issuecomment-${id})` : "in the issue's comments";
}
/** Logins come from GitHub, not from free text, and role holders are meant to be notified. */
const person = (login: string | undefined) => (login ? `@${login}` : "—");

function severityView(config: IncidentConfig, key: SeverityKey | undefined) {
  const severity = key ? config.severities[key] : undefined;
  const definition = severity?.definition === undefined ? undefined : userInline(severity.definition);
  return {
    key: key ?? "unset",
    name: cell(severity?.name ?? ""),
    definition,
    responseTime: cell(severity?.responseTime.text ?? ""),
  };
}

/** `timelineRows` shrinks the dashboard when the reporter's text leaves little room in the issue body. */
export function renderDashboard(
  state: IncidentState,
  config: IncidentConfig,
  templates: TemplateOverrides = {},
  options: { timelineRows?: number; items?: readonly ActionItem[]; now?: Iso } = {},
): string {
  const rows = options.timelineRows ?? TIMELINE_ROWS;
  const tz = config.timeZone;
  const ref = state.lastActivityAt;
  const at = (iso: Iso | undefined) => (iso ? formatTime(iso, tz) : "—");
  const severity = severityView(config, state.severity);
  const cadence = updateCadenceMs(config, state.severity);
  const next = nextUpdateDue(state, config);
  const type = state.type ? config.types[state.type] : undefined;
  const view = {
    id: state.id,
    severity,
    phaseName: PHASE_NAMES[state.phase],
    falsePositive: state.falsePositive,
    falsePositiveReason: state.falsePositiveReason === undefined ? undefined : cell(state.falsePositiveReason),
    typeName: type ? cell(type.name) : undefined,
    declaredAt: at(state.declaration?.at),
    declaredBy: declaredBy(state),
    restricted: restrictedNote(state, config),
    declaredVia: { label: "label", command: "command", form: "issue form", alert: "alert", moved: "transfer" }[
      state.declaration?.via ?? "label"
    ],
    detectedAt: at(state.detectedAt),
    sinceDetection: openFor(state) && `open ${openFor(state)} as of ${at(ref)}`,
    headline: headlineView(state, config),
    mitigatedAt: mitigatedAt(state) && at(mitigatedAt(state)),
    startedAt: state.startedAt ? at(state.startedAt) : undefined,
    ack: ackText(state, config, severity.responseTime, at),
    nextUpdate: next
      ? `${at(next)} (every ${formatDuration(cadence ?? 0)})`
      : state.phase === "resolved"
        ? "— (resolved)"
        : "as needed",
    roles: ROLES.map((role) => ({ name: cell(config.roles[role].name), holder: person(state.roles[role]) })),
    nobodyPagedNote: nobodyPagedNote(state, config),
    resolvedAt: state.resolvedAt ? at(state.resolvedAt) : undefined,
    duration:
      state.resolvedAt && state.detectedAt ? formatDuration(msBetween(state.detectedAt, state.resolvedAt)) : undefined,
    summary: prose(state.summary),
    impact: prose(state.impact),
    rootCause: prose(state.rootCause),
    resolution: prose(state.resolution),
    // Handles are shown without pinging: the body is rewritten often, and paging happens in comments.
    escalation: escalationView(state, config),
    checklist: (type?.checklist ?? []).map((item) => ({
      text: shownItem(item),
      done: state.checklistDone.includes(item),
    })),
    timeline: (rows > 0 ? state.timeline.slice(-rows) : []).map((entry) => ({
      at: at(entry.at),
      text: entryText(entry),
      actor: entry.actor ? person(entry.actor) : "",
    })),
    earlierEntries: Math.max(0, state.timeline.length - rows),
    actionItems: itemRows(options.items ?? [], options.now ?? state.lastActivityAt, tz),
    postmortem: postmortemView(state, config, options.now ?? state.lastActivityAt),
    suspects: suspectsView(state, config),
  };
  return render("dashboard", view, templates);
}

/** The post-mortem's pull request and its deadlines (seed 000's 48 hours, seed 003's milestones), once resolved. */
function postmortemView(state: IncidentState, config: IncidentConfig, now: Iso) {
  const resolved = state.resolvedAt;
  const latest = state.postmortems.at(-1);
  if (!resolved || state.falsePositive) return undefined;
  const due = (after: { ms: number }) => addMs(resolved, after.ms);
  const mark = (at: Iso) =>
    `${formatTime(at, config.timeZone)}${!latest?.closed?.merged && at < now ? " ⚠️ **overdue**" : ""}`;
  const status = !latest
    ? "not opened yet (type `/postmortem`)"
    : latest.closed
      ? latest.closed.merged
        ? `#${latest.pull} merged ${formatTime(latest.closed.at, config.timeZone)}`
        : `#${latest.pull} closed without merging`
      : `#${latest.pull} in review`;
  return {
    status,
    due: mark(due(config.postmortem.dueWithin)),
    milestones: config.postmortem.milestones.map((milestone) => ({
      text: cell(milestone.description),
      due: mark(due(milestone.after)),
    })),
  };
}

function declaredBy(state: IncidentState): string {
  if (state.declaration?.via !== "alert") return person(state.declaration?.by);
  return `monitoring${state.alertSource ? ` (${cell(state.alertSource)})` : ""}`;
}

/** The reference is the app's own (an item or pull request it made), so it stays a live link. */
function entryText(entry: IncidentState["timeline"][number]): string {
  return entry.ref ? `${cell(entry.text)} (#${entry.ref})` : cell(entry.text);
}

function ackText(
  state: IncidentState,
  config: IncidentConfig,
  responseTime: string,
  at: (iso: Iso | undefined) => string,
): string {
  const ack = ackStatus(state, config);
  if (ack.kind === "acknowledged") {
    return `${ack.late ? "⚠️" : "✅"} by ${person(ack.by)} at ${at(ack.at)} (${formatDuration(ack.tookMs)}; target ${responseTime}${ack.late ? ", late" : ""})`;
  }
  return ack.kind === "never" ? "never acknowledged" : `⏳ not yet — due ${at(ack.due)} (${responseTime})`;
}

/** Seed 000's stakeholder email, posted on the incident: the configured stakeholders are meant to be notified. */
export function renderStakeholderNotice(
  state: IncidentState,
  notice: { at: Iso; by: string; text?: string },
  config: IncidentConfig,
  templates: TemplateOverrides = {},
): string {
  const update = state.updates.at(-1);
  const cadence = updateCadenceMs(config, state.severity);
  const severity = state.severity ?? config.defaultSeverity;
  return render(
    "stakeholders",
    {
      id: state.id,
      severity: `${severity} ${config.severities[severity]?.name ?? ""}`.trim(),
      mentions: contactHandles(config, "stakeholders", notice.at).join(" "),
      description: prose(notice.text ?? state.summary ?? state.title, TEXT_BOUNDS.updateText),
      impact: prose(state.impact) ?? "Being assessed",
      phaseName: PHASE_NAMES[state.phase],
      eta: update?.eta === undefined ? "Unknown" : etaText(update.eta, update.at, config.timeZone),
      frequency: cadence ? `every ${formatDuration(cadence)}` : "as things change",
      statusPage: config.statusPage.url,
      author: person(notice.by),
    },
    templates,
  );
}

export function renderStatusUpdate(
  state: IncidentState,
  update: StatusUpdate,
  config: IncidentConfig,
  templates: TemplateOverrides = {},
): string {
  const tz = config.timeZone;
  const next = nextUpdateDue({ ...state, phase: update.phase, severity: update.severity }, config, update.at);
  return render(
    "status-update",
    {
      time: formatTime(update.at, tz, update.at),
      id: state.id,
      severity: `${update.severity} ${config.severities[update.severity]?.name ?? ""}`.trim(),
      phaseName: PHASE_NAMES[update.phase],
      impact: prose(update.impact) ?? "Being assessed",
      actions: prose(update.text, TEXT_BOUNDS.updateText, sourceLink(update.source)),
      eta: update.eta === undefined ? "Unknown" : etaText(update.eta, update.at, tz),
      public: update.public === true,
      nextUpdate: next
        ? formatTime(next, tz, update.at)
        : update.phase === "resolved"
          ? "None (resolved)"
          : "As needed",
      author: person(update.by),
    },
    templates,
  );
}

/** What was declared, as it was declared: the comment depends only on history up to the declaration. */
/** Said where a page reaches nobody, with the fix: shown instead of an empty "Paging" line. */
const NOBODY_PAGED = "**Nobody is paged:** add GitHub handles to `contacts` in `.github/incident.yml`.";

/**
 * The severity's immediate escalation steps name contacts, yet none of them resolves to a GitHub handle (no
 * `github` entries, no rota row): the declaration would page nobody. A severity whose steps name nobody on
 * purpose (sev4's "Create a ticket") is not reported.
 */
function pagesNobody(config: IncidentConfig, severity: SeverityKey | undefined, at: Iso | undefined): boolean {
  if (!severity || !at) return false;
  const steps = config.severities[severity]?.escalation ?? [];
  const wantsPage = steps.some((step) => step.after.ms === 0 && step.notify.length > 0);
  return wantsPage && pagedAtDeclaration(config, severity, at).length === 0;
}

/** The dashboard's warning, a paragraph of its own, until someone answers or the incident is resolved. */
function nobodyPagedNote(state: IncidentState, config: IncidentConfig): string | undefined {
  if (state.phase === "resolved" || state.acknowledged) return undefined;
  return pagesNobody(config, state.severity, state.declaration?.at) ? `\n> ⚠️ ${NOBODY_PAGED}\n` : undefined;
}

export function renderDeclaration(
  state: IncidentState,
  config: IncidentConfig,
  templates: TemplateOverrides = {},
): string {
  const declaredAt = state.declaration?.at ?? state.lastActivityAt;
  const declaredSeverity = state.declaration?.severity ?? state.severity;
  const severity = severityView(config, declaredSeverity);
  const due = declaredSeverity ? responseDue(config, declaredSeverity, declaredAt) : undefined;
  const cadence = updateCadenceMs(config, declaredSeverity);
  const steps = declaredSeverity ? (config.severities[declaredSeverity]?.escalation ?? []) : [];
  const page = pagedAtDeclaration(config, declaredSeverity, declaredAt);
  return render(
    "declared",
    {
      id: state.id,
      nobodyPaged: pagesNobody(config, declaredSeverity, declaredAt) ? NOBODY_PAGED : undefined,
      severity,
      declaredBy: state.declaration?.via === "alert" ? "monitoring" : person(state.declaration?.by),
      responseDue: due ? formatTime(due, config.timeZone, declaredAt) : "—",
      cadence: cadence === null ? "as needed" : `every ${formatDuration(cadence)}`,
      page: page.join(" "),
      // The on-call primary who took command at declaration (onCall.autoCommander) is paged here, once.
      commander: state.declaration?.commander ? person(state.declaration.commander) : undefined,
      escalation: steps
        .map((step) => `${step.after.ms > 0 ? `+${step.after.text}` : "now"}: ${step.action}`)
        .join("; "),
    },
    templates,
  );
}

/**
 * A refused line's explanation. The parser's messages (outcomes without a command) quote what was typed, so
 * they are shown as plain text: defused, on one line, and unable to open a code span or a link. The other
 * messages are the app's own sentences about GitHub logins and permissions, with code spans meant as such.
 */
function outcomeMessage(outcome: LineOutcome): string | undefined {
  if (outcome.message === undefined || outcome.command !== undefined) return outcome.message;
  return escapeMarkdownChar(userCodeSpanText(clipWithEllipsis(outcome.message, TEXT_BOUNDS.replyLine)), "[");
}

/** What a reply answers besides refusals: the command table (`/help`), who is on call (`/oncall`). */
export interface ReplyAnswers {
  help?: string;
  onCall?: string;
}

export function renderReply(
  actor: string,
  outcomes: LineOutcome[],
  answers: ReplyAnswers,
  templates: TemplateOverrides = {},
): string {
  const rejected = outcomes
    .filter((outcome) => !outcome.ok)
    .map((outcome) => ({
      raw: userCodeSpanText(clipWithEllipsis(outcome.raw, TEXT_BOUNDS.replyLine)),
      message: outcomeMessage(outcome),
      usage: outcome.usage,
    }));
  return render(
    "reply",
    {
      actor,
      rejected,
      total: outcomes.length,
      partial: rejected.length > 0 && rejected.length < outcomes.length,
      single: outcomes.length === 1,
      help: answers.help,
      onCall: answers.onCall,
    },
    templates,
  );
}

/** What the app undid of someone's actions: a label it took off, a closing or reopening, a rename. */
export type UndoneAction =
  | { kind: "label"; label: string }
  | { kind: "reopened" }
  | { kind: "closed" }
  | { kind: "renamed" };

function undonePhrase(action: UndoneAction): string {
  switch (action.kind) {
    case "label":
      // A label's name is someone's choice.
      return `I took the \`${userCodeSpanText(action.label)}\` label off again`;
    case "reopened":
      return "I reopened this incident";
    case "closed":
      return "I closed this incident again";
    case "renamed":
      return "I changed the title back";
  }
}

export function renderUndone(
  actor: string,
  actions: UndoneAction[],
  reason: string,
  declaring: boolean,
  templates: TemplateOverrides = {},
): string {
  return render("undone", { actor, undone: actions.map(undonePhrase).join(", and "), reason, declaring }, templates);
}

export function renderConfigError(errorMarkdown: string): string {
  return render("config-error", { error: errorMarkdown });
}

/** The answer to an edit of the issue form after declaration: applied (someone allowed to), or not. */
/** A field of the issue form (or the dashboard's checklist) an edit changed, with the value the app read. */
export interface FormChange {
  field: "severity" | "type" | "summary" | "impact" | "detectedAt" | "checklist";
  value?: string;
}

const FORM_CHANGE_WORDS: Record<FormChange["field"], { name: string; command: string }> = {
  severity: { name: "severity", command: "`/sev <1-4>`" },
  type: { name: "type", command: "`/type <type>`" },
  summary: { name: "summary", command: "`/note <text>`" },
  impact: { name: "impact", command: "`/impact <text>`" },
  detectedAt: { name: "detected at", command: "`/detected <when>`" },
  checklist: { name: "the runbook checklist", command: "`/note <what was done>`" },
};

export function renderFormEdit(
  edit: { accepted: boolean; editor: string; changes: FormChange[]; reason?: string },
  config: IncidentConfig,
  templates: TemplateOverrides = {},
): string {
  const shown = (change: FormChange) => {
    const value = change.field === "type" ? (config.types[change.value ?? ""]?.name ?? change.value) : change.value;
    return value === undefined || change.field === "summary" || change.field === "impact"
      ? FORM_CHANGE_WORDS[change.field].name
      : `${FORM_CHANGE_WORDS[change.field].name} ${userInline(value)}`;
  };
  const changes = edit.changes.map(shown).join(", ");
  const commands = edit.changes.map((change) => FORM_CHANGE_WORDS[change.field].command).join(", ");
  return render(
    "form-edited",
    { accepted: edit.accepted, editor: edit.editor, changes, commands, reason: edit.reason },
    templates,
  );
}

/**
 * The issue the app opens for an alert, as people read it. Everything in it came from outside: the summary is
 * quoted so that its headings, tables or fences stay inside the quote, and the rest is kept to one line.
 */
export function renderAlertIssue(alert: AlertPayload, normalized: NormalizedAlert): { title: string; body: string } {
  const lines = [
    alert.summary ? userBlockQuote(alert.summary) : "",
    `**Source:** ${userInline(alert.source ?? "repository_dispatch")}`,
    normalized.unknownSeverity
      ? `**Note:** unknown severity \`${userCodeSpanText(normalized.unknownSeverity)}\` in the alert; using the default.`
      : "",
    normalized.unknownType
      ? `**Note:** unknown incident type \`${userCodeSpanText(normalized.unknownType)}\` in the alert.`
      : "",
  ];
  return {
    title: clipWithEllipsis(userInline(alert.title), TEXT_BOUNDS.title),
    body: lines.filter(Boolean).join("\n\n"),
  };
}

/** The public placeholder left where a security incident was declared: no title, no text, nobody but its reporter. */
export function renderMovedPlaceholder(
  typeKey: string | undefined,
  reporter: string | undefined,
  config: IncidentConfig,
  templates: TemplateOverrides = {},
): string {
  const typeName = cell((typeKey && config.types[typeKey]?.name) || typeKey || "security");
  return render("moved", { typeName, reporter: reporter ? person(reporter) : undefined }, templates);
}

/** Where a security incident came from, said in the private repository it was moved to. */
export function renderMovedHere(
  moved: { from: string; number: number; placeholder?: number; type?: string },
  config: IncidentConfig,
  templates: TemplateOverrides = {},
): string {
  const typeName = cell((moved.type && config.types[moved.type]?.name) || moved.type || "security");
  return render(
    "moved-here",
    {
      from: `${moved.from}#${moved.number}`,
      placeholder: moved.placeholder === undefined ? undefined : `${moved.from}#${moved.placeholder}`,
      typeName,
      permission: config.permissions.sensitive,
    },
    templates,
  );
}

/** What a security incident's dashboard says first: who may change it, where it came from, what stays private. */
function restrictedNote(state: IncidentState, config: IncidentConfig): string | undefined {
  if (!state.sensitiveSince) return undefined;
  const from = state.movedFrom ? ` Moved here from ${state.movedFrom.repo}#${state.movedFrom.number}.` : "";
  return `Changing it needs \`${config.permissions.sensitive}\` permission; it is sent only to channels marked \`sensitive\` and never shown on the status page.${from}`;
}

/** Why a security incident is run where it was declared: `security.repository` refused it. */
export function renderUnmovable(repository: string, reason: string): string {
  return [
    `⚠️ **This security incident could not be moved to \`${userCodeSpanText(repository)}\`**, so Firebreak runs it here, with the stricter permission. GitHub said: \`${userCodeSpanText(reason)}\``,
    "",
    "A maintainer can fix `security.repository` in `.github/incident.yml` (a repository of the same owner, with Firebreak installed on it), or transfer this issue by hand.",
  ].join("\n");
}
