import type { IncidentConfig } from "../config/schema.js";
import type { Command, ParsedLine, TimeSpec } from "./commands.types.js";
import type { IssueSnapshot } from "./history.js";
import type { HumanInput, IncidentInput, ReportedForm } from "./inputs.js";
import { isIncidentLabel, phaseFromLabel, severityFromLabel } from "./labels.js";
import type { Verdict, Verdicts } from "./markers.js";
import type { CommandContext } from "./command-context.js";
import { specOf } from "./command-registry.js";
import { knownTerms } from "./alert.js";
import { userInline } from "./mentions.js";
import { onCallPrimaryLogin } from "./on-call.js";
import { applyFollowUpRecord, type FollowUps, noFollowUps } from "./follow-ups.js";
import { resolveDue } from "./action-grammar.js";
import { defaultActionDueMs } from "./action-items.js";
import { addMs, isTimeSpec, resolveTimeSpec, type Iso } from "./time.js";
import type { Phase, Role, SeverityKey } from "./vocabulary.js";

/**
 * The reducer: an incident's state is a pure function of its issue's history. Inputs are applied in time
 * order (GitHub's id breaks ties), so redelivered, late and concurrent webhooks all converge on one state.
 */

type DeclaredVia = "label" | "command" | "form" | "alert" | "moved";

export interface TimelineEntry {
  at: Iso;
  kind:
    | "declared"
    | "severity"
    | "phase"
    | "type"
    | "role"
    | "ack"
    | "note"
    | "update"
    | "detected"
    | "started"
    | "impact"
    | "root-cause"
    | "action"
    | "postmortem"
    | "change"
    | "suspect";
  text: string;
  actor?: string;
  source: string;
  /** The issue or pull request the entry is about: the app's own reference, shown as a live link. */
  ref?: number;
}

export interface StatusUpdate {
  source: string;
  at: Iso;
  by: string;
  text: string;
  eta?: string;
  /** `/update public`: it may be shown outside the team (the status page, public channels). */
  public?: boolean;
  phase: Phase;
  severity: SeverityKey;
  impact?: string;
}

/** What became of one command line: shown to its author as a reaction and, when rejected, a reply. */
export interface LineOutcome {
  line: number;
  raw: string;
  ok: boolean;
  message?: string;
  usage?: string;
  command?: Command;
}

/** The form fields of the reporter's text (the issue form), as read from the issue body. */
export interface ReportedFields {
  severity?: SeverityKey;
  type?: string;
  summary?: string;
  impact?: string;
  detectedAt?: TimeSpec;
}

export interface IncidentState extends FollowUps {
  declared: boolean;
  /** When, by whom, how and at which severity it was declared (the declaration comment says exactly this). */
  declaration?: { at: Iso; by: string; via: DeclaredVia; severity: SeverityKey; commander?: string };
  /** `INC-YYYY-MM-DD-NNN`, once the app has claimed one and recorded it in its declaration comment. */
  id?: string;
  title: string;
  severity?: SeverityKey;
  phase: Phase;
  type?: string;
  summary?: string;
  impact?: string;
  rootCause?: string;
  /** The root cause's category (`/root-cause category:<word> …`), lower-case: repeats are counted by it. */
  rootCauseCategory?: string;
  resolution?: string;
  detectedAt?: Iso;
  startedAt?: Iso;
  acknowledged?: { at: Iso; by: string };
  resolvedAt?: Iso;
  falsePositive: boolean;
  falsePositiveReason?: string;
  roles: Partial<Record<Role, string>>;
  updates: StatusUpdate[];
  /** Each accepted `/notify stakeholders`: posted once, mentioning the stakeholders. */
  stakeholderNotices: { source: string; at: Iso; by: string; text?: string }[];
  timeline: TimelineEntry[];
  /** Runbook checklist items marked done (their text in config), as the app's record keeps them. */
  checklistDone: string[];
  /** A person without permission tried to declare: the app takes its `incident` label back off. */
  rejectedDeclaration: boolean;
  alertKey?: string;
  alertSource?: string;
  /**
   * Since when the incident is of a `sensitive` type (a security incident): from then on changing it needs
   * `permissions.sensitive`, and it is moved to `security.repository` if declared elsewhere.
   */
  sensitiveSince?: Iso;
  /** Where it was declared before the app moved it here (a security incident), and the placeholder left there. */
  movedFrom?: { repo: string; number: number; placeholder?: number };
  /** The latest accepted change: "time since detection" is shown as of then, so the dashboard depends on history only. */
  lastActivityAt: Iso;
}

export interface FoldContext {
  config: IncidentConfig;
  verdicts: Verdicts;
  reported: ReportedFields;
}

const NOT_AN_INCIDENT =
  "This issue is not an incident yet. Declare it first with `/incident declare [sev1-4] [title]`.";

/** The incident, and per comment key what became of each command line (the app answers with it). */
export interface Folded {
  state: IncidentState;
  outcomes: Record<string, LineOutcome[]>;
}

export function foldIncident(issue: IssueSnapshot, inputs: readonly IncidentInput[], ctx: FoldContext): IncidentState {
  return foldWithOutcomes(issue, inputs, ctx).state;
}

export function foldWithOutcomes(issue: IssueSnapshot, inputs: readonly IncidentInput[], ctx: FoldContext): Folded {
  const fold = new Fold(issue, ctx);
  const ordered = [...inputs].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq || cmp(a.key, b.key)));
  // The title before any rename a person made; the renames (judged) take it from there.
  const firstRename = ordered.find((input) => input.type === "renamed");
  if (firstRename?.type === "renamed") fold.rename(firstRename.from);
  for (const input of ordered) fold.apply(input);
  return fold.finish();
}

class Fold {
  private readonly state: IncidentState;
  private readonly outcomes: Record<string, LineOutcome[]> = {};
  private titleOverride?: { at: Iso; title: string };
  private lastAcceptedRename?: Iso;
  private pendingSeverity?: SeverityKey;
  /** The input that declared, until it is fully applied: then the on-call primary takes command if nobody did. */
  private declaredBy?: { at: Iso; by: string; source: string };

  constructor(
    private readonly issue: IssueSnapshot,
    private readonly ctx: FoldContext,
  ) {
    this.state = {
      declared: false,
      title: stripIdPrefix(issue.title),
      phase: "investigating",
      falsePositive: false,
      roles: {},
      updates: [],
      stakeholderNotices: [],
      timeline: [],
      checklistDone: [],
      rejectedDeclaration: false,
      lastActivityAt: issue.createdAt,
      ...noFollowUps(),
    };
  }

  apply(input: IncidentInput): void {
    this.applyInput(input);
    this.onCallTakesCommand();
    const s = this.state;
    if (s.declared && !s.sensitiveSince && s.type && this.ctx.config.types[s.type]?.sensitive)
      s.sensitiveSince = input.at;
  }

  /**
   * `onCall.autoCommander`: the primary on call when the incident was declared becomes its commander, unless
   * the declaring input named one (`/incident declare` then `/ic @bob`). It follows from the history and the
   * config, so it needs no record of its own; a later `/ic` replaces them like any role holder.
   */
  private onCallTakesCommand(): void {
    const declared = this.declaredBy;
    if (!declared) return;
    this.declaredBy = undefined;
    const { config } = this.ctx;
    const s = this.state;
    const login = config.onCall.autoCommander ? onCallPrimaryLogin(config, declared.at) : undefined;
    if (!login || s.roles.commander || !s.declaration) return;
    s.roles.commander = login;
    s.declaration.commander = login;
    this.note("role", `${config.roles.commander.name}: @${login} (on call)`, declared.at, declared.by, declared.source);
  }

  /**
   * The rota as it was at the declaration, as the app recorded it then, wins over the rota as the config says
   * now: editing the schedule later does not change who took command. A commander someone named since stays.
   */
  private recordedOnCall(recorded: string | null): void {
    const s = this.state;
    const computed = s.declaration?.commander;
    if (!s.declaration || computed === (recorded ?? undefined) || s.roles.commander !== computed) return;
    if (recorded) s.roles.commander = recorded;
    else delete s.roles.commander;
    s.declaration.commander = recorded ?? undefined;
    s.timeline = s.timeline.filter(
      (entry) => !(entry.kind === "role" && entry.text.endsWith(`@${computed} (on call)`)),
    );
    if (recorded) {
      const text = `${this.ctx.config.roles.commander.name}: @${recorded} (on call)`;
      this.note("role", text, s.declaration.at, s.declaration.by, "declaration");
    }
  }

  private applyInput(input: IncidentInput): void {
    const s = this.state;
    switch (input.type) {
      case "alert": {
        const { alert } = input;
        const { severity, type } = knownTerms(alert, this.ctx.config);
        this.declare(input.at, input.actor, "alert", input.key, severity);
        if (type) this.state.type ??= type;
        if (alert.summary) s.summary ??= alert.summary;
        s.alertKey = alert.dedupKey;
        s.alertSource = alert.source;
        return;
      }
      case "moved": {
        s.movedFrom ??= input.from;
        // Declared where it came from: the record says so even when its inputs' verdicts did not travel with it.
        const { config } = this.ctx;
        const { severity, type } = knownTerms({ severity: input.severity, type: input.typeKey }, config);
        // Only a security incident is moved: when the record cannot say which type, the first sensitive one.
        const sensitive = Object.keys(config.types).find((key) => config.types[key]?.sensitive);
        s.type ??= type ?? sensitive;
        s.sensitiveSince ??= input.at;
        this.declare(input.at, input.by, "moved", input.key, severity);
        return;
      }
      case "declared-record":
        s.id ??= input.id;
        if (input.oncall !== undefined) this.recordedOnCall(input.oncall);
        return;
      case "app-record": {
        const entries = [applyFollowUpRecord(s, input.kind, input.data, input.at) ?? []].flat();
        for (const entry of entries)
          this.note(entry.kind, entry.text, entry.at, entry.actor ?? input.actor, input.key, entry.ref);
        return;
      }
      case "form-edited":
        if (s.declared) this.applyFormEdit(input.fields, input.at, input.by, input.key);
        return;
      case "assigned":
      case "unassigned":
        return;
      default:
        this.applyHuman(input);
    }
  }

  private applyHuman(input: HumanInput): void {
    const verdict = this.ctx.verdicts[input.key];
    const s = this.state;
    if (input.type === "comment") {
      this.outcomes[input.key] = input.lines.map((line) => this.applyLine(line, input, verdict));
      return;
    }
    if (input.type === "renamed") {
      // An ordinary issue is anyone's to rename; an incident's title is changed only by those allowed to.
      if (!s.declared || verdict?.ok) this.rename(input.to, input.at);
      return;
    }
    if (!verdict?.ok) {
      if (input.type === "label-added" && isIncidentLabel(input.label) && !s.declared) s.rejectedDeclaration = true;
      return;
    }
    if (input.type === "label-added") this.applyLabel(input);
    else if (input.type === "closed") this.applyClosed(input.at, input.actor, input.key, input.reason);
    else if (input.type === "reopened" && s.declared && s.phase === "resolved")
      this.setPhase("investigating", input.at, input.actor, input.key);
    // Removing a state label is not a command: exactly one severity and phase always show, so the projection puts it back.
  }

  /** What became of one command line of a comment, applying it when its comment was accepted. */
  private applyLine(
    line: ParsedLine,
    input: HumanInput & { type: "comment" },
    verdict: Verdict | undefined,
  ): LineOutcome {
    if (!line.ok) return { line: line.line, raw: line.raw, ok: false, message: line.error, usage: line.usage };
    const outcome = { line: line.line, raw: line.raw, command: line.command };
    // Questions anyone may ask (/help, /oncall) change nothing, so they are answered on any issue.
    if (specOf(line.command).permission === "anyone") return { ...outcome, ok: true };
    // Before anything could declare the incident a comment needs no verdict: it is simply not an incident yet.
    if (!verdict) {
      const message = this.state.declared || line.command.name === "declare" ? "Not yet checked." : NOT_AN_INCIDENT;
      return { ...outcome, ok: false, message };
    }
    if (!verdict.ok) return { ...outcome, ok: false, message: verdict.reason };
    const result = this.command(line.command, input.at, input.actor, input.key);
    return { ...outcome, ok: result === undefined, message: result };
  }

  private applyLabel(input: HumanInput & { type: "label-added" | "label-removed" }): void {
    const s = this.state;
    if (isIncidentLabel(input.label)) {
      this.declare(input.at, input.actor, this.viaForm(input) ? "form" : "label", input.key);
      return;
    }
    const severity = severityFromLabel(input.label, this.ctx.config);
    const phase = phaseFromLabel(input.label);
    if (severity && s.declared) this.setSeverity(severity, input.at, input.actor, input.key);
    else if (severity) this.pendingSeverity = severity;
    else if (phase && s.declared) this.setPhase(phase, input.at, input.actor, input.key);
  }

  private applyClosed(at: Iso, actor: string, source: string, reason: string | null): void {
    if (!this.state.declared || this.state.phase === "resolved") return;
    if (reason === "not_planned") this.markFalsePositive(at, actor, source);
    this.setPhase("resolved", at, actor, source);
  }

  /** The issue form applies its label as the issue is opened, and leaves its sections in the body. */
  private viaForm(input: HumanInput): boolean {
    const { reported } = this.ctx;
    const hasForm = Object.values(reported).some((value) => value !== undefined);
    return hasForm && input.actor === this.issue.author.login && input.at === this.issue.createdAt;
  }

  /** Applies one accepted command through its registry entry; returns why it could not apply, or undefined. */
  private command(command: Command, at: Iso, actor: string, source: string): string | undefined {
    if (!this.state.declared && command.name !== "declare") return NOT_AN_INCIDENT;
    const spec = specOf(command);
    if (spec.elsewhere) return spec.elsewhere;
    spec.apply(command, this.changesFor(at, actor, source));
    return undefined;
  }

  /** What a command may change, bound to the command's time, person and input. */
  private changesFor(at: Iso, actor: string, source: string): CommandContext {
    return {
      state: this.state,
      config: this.ctx.config,
      at,
      actor,
      source,
      note: (kind, text, when = at) => this.note(kind, text, when, actor, source),
      declare: (severity, title) => {
        this.declare(at, actor, "command", source, severity);
        // The app writes this title: what was typed must not become a live mention or reference there.
        if (title) this.titleOverride = { at, title: userInline(title) };
      },
      setSeverity: (severity) => this.setSeverity(severity, at, actor, source),
      setPhase: (phase) => this.setPhase(phase, at, actor, source),
      markFalsePositive: (reason) => this.markFalsePositive(at, actor, source, reason),
      resolveTime: (spec) => this.resolve(spec, at),
      requestAction: (command) => this.requestAction(command, at, actor, source),
      requestPostmortem: () => {
        this.state.postmortemRequests.push({ key: `postmortem:${source}`, at, by: actor });
        this.note("postmortem", "Post-mortem requested", at, actor, source);
      },
    };
  }

  /** The n-th `/action` of a comment is keyed by both, so a comment with two opens two items, each once. */
  private requestAction(command: Extract<Command, { name: "action" }>, at: Iso, by: string, source: string): void {
    const s = this.state;
    const n = s.actionRequests.filter((request) => request.key.startsWith(`action:${source}:`)).length;
    const { config } = this.ctx;
    const due = command.due
      ? resolveDue(command.due, at, config.timeZone)
      : addMs(at, defaultActionDueMs(config, s.severity ?? config.defaultSeverity));
    s.actionRequests.push({
      key: `action:${source}:${n}`,
      at,
      by,
      ...(command.title !== undefined ? { title: userInline(command.title) } : {}),
      ...(command.link !== undefined ? { link: command.link } : {}),
      ...(command.owner ? { owner: command.owner } : {}),
      due,
      defaultDue: !command.due,
    });
  }

  /** Sets the incident's title (without the id prefix the app adds); `at` when a person's rename counted. */
  rename(title: string, at?: Iso): void {
    this.state.title = stripIdPrefix(title);
    if (at) this.lastAcceptedRename = at;
  }

  private declare(at: Iso, by: string, via: DeclaredVia, source: string, severity?: SeverityKey): void {
    const s = this.state;
    if (s.declared) return;
    s.declared = true;
    s.rejectedDeclaration = false;
    const { reported, config } = this.ctx;
    s.type ??= reported.type;
    s.summary ??= reported.summary;
    s.impact ??= reported.impact;
    s.severity =
      severity ??
      this.pendingSeverity ??
      reported.severity ??
      (s.type ? config.types[s.type]?.defaultSeverity : undefined) ??
      config.defaultSeverity;
    s.declaration = { at, by, via, severity: s.severity };
    this.declaredBy = { at, by, source };
    if (reported.detectedAt) s.detectedAt = resolveTimeSpec(reported.detectedAt, this.issue.createdAt, config.timeZone);
    this.note("declared", `Incident declared (${s.severity})`, at, by, source);
  }

  /** An accepted edit of the issue form changes what it names, like the matching commands would. */
  private applyFormEdit(fields: ReportedForm, at: Iso, by: string, source: string): void {
    const s = this.state;
    const { config } = this.ctx;
    const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);
    const severity = severityFromLabel(text(fields.severity) ?? "", config);
    if (severity) this.setSeverity(severity, at, by, source);
    const type = text(fields.type);
    if (type && Object.hasOwn(config.types, type) && s.type !== type) {
      s.type = type;
      this.note("type", `Type set to ${config.types[type]?.name ?? type} (issue form edited)`, at, by, source);
    }
    const summary = text(fields.summary);
    if (summary !== undefined && summary !== s.summary) {
      s.summary = summary;
      this.note("impact", "Summary edited in the issue form", at, by, source);
    }
    const impact = text(fields.impact);
    if (impact !== undefined && impact !== s.impact) {
      s.impact = impact;
      this.note("impact", "Impact edited in the issue form", at, by, source);
    }
    if (isTimeSpec(fields.detectedAt)) {
      s.detectedAt = resolveTimeSpec(fields.detectedAt, this.issue.createdAt, config.timeZone);
      this.note("detected", "Detected (issue form edited)", s.detectedAt, by, source);
    }
  }

  private setSeverity(severity: SeverityKey, at: Iso, actor: string, source: string): void {
    const s = this.state;
    if (s.severity === severity) return;
    this.note("severity", `Severity ${s.severity ?? "none"} → ${severity}`, at, actor, source);
    s.severity = severity;
    this.trackPostmortemDue(at);
  }

  /** When a post-mortem became due is the moment the change that made it so was made, whenever the app acts. */
  private trackPostmortemDue(at: Iso): void {
    const s = this.state;
    const severity = s.severity ?? this.ctx.config.defaultSeverity;
    const needed =
      s.phase === "resolved" && !s.falsePositive && this.ctx.config.postmortem.severities.includes(severity);
    if (!needed) s.postmortemDueSince = undefined;
    else s.postmortemDueSince ??= at;
  }

  private setPhase(phase: Phase, at: Iso, actor: string, source: string): void {
    const s = this.state;
    if (s.phase === phase) return;
    const reopening = s.phase === "resolved";
    s.phase = phase;
    this.trackPostmortemDue(at);
    if (phase === "resolved") {
      s.resolvedAt = at;
      this.note("phase", s.falsePositive ? "Closed as a false positive" : "Resolved", at, actor, source);
      return;
    }
    if (reopening) {
      s.resolvedAt = undefined;
      s.falsePositive = false;
      s.falsePositiveReason = undefined;
      this.note("phase", `Reopened: ${phase}`, at, actor, source);
      return;
    }
    this.note("phase", `Status: ${phase}`, at, actor, source);
  }

  private markFalsePositive(at: Iso, actor: string, source: string, reason?: string): void {
    this.state.falsePositive = true;
    this.state.falsePositiveReason = reason;
    this.trackPostmortemDue(at);
    if (this.state.phase === "resolved") this.note("phase", "Marked as a false positive", at, actor, source);
  }

  /** Every accepted change leaves a timeline entry; refused input leaves none, so it changes nothing shown. */
  private note(kind: TimelineEntry["kind"], text: string, at: Iso, actor: string, source: string, ref?: number): void {
    this.state.timeline.push({ at, kind, text, actor, source, ...(ref ? { ref } : {}) });
    if (at > this.state.lastActivityAt) this.state.lastActivityAt = at;
  }

  private resolve(spec: TimeSpec, commandAt: Iso): Iso {
    return resolveTimeSpec(spec, commandAt, this.ctx.config.timeZone);
  }

  finish(): Folded {
    const s = this.state;
    if (this.titleOverride && (!this.lastAcceptedRename || this.titleOverride.at > this.lastAcceptedRename))
      s.title = this.titleOverride.title;
    if (s.declared && !s.detectedAt) s.detectedAt = s.declaration?.at;
    s.timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return { state: s, outcomes: this.outcomes };
  }
}

const ID_PREFIX_RE = /^\s*\[INC-\d{4}-\d{2}-\d{2}-\d{3,}\]\s*/;

/** The title people wrote, without the `[INC-…]` prefix the app adds. */
function stripIdPrefix(title: string): string {
  return title.replace(ID_PREFIX_RE, "");
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
