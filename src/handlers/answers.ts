import { renderHelpMarkdown } from "../domain/command-registry.js";
import type { IncidentState } from "../domain/fold.js";
import type { AppComment, HumanInput, IncidentInput } from "../domain/inputs.js";
import { isIncidentLabel, labelKey, sameLabel } from "../domain/labels.js";
import { renderRecord, type SigningKeys, type Verdict, type Verdicts } from "../domain/markers.js";
import type { ProjectionPlan } from "../domain/projection.js";
import type { IncidentGitHub } from "../github/port.js";
import type { TemplateOverrides } from "../render/environment.js";
import { renderReply, renderUndone } from "../render/views.js";
import type { CommandVocabulary } from "../domain/commands.types.js";

/** What replying needs: where to write, how to sign the reply's record, and which replies exist already. */
export interface ReplyContext {
  gh: IncidentGitHub;
  issueNumber: number;
  scope: string;
  keys: SigningKeys;
  templates: TemplateOverrides;
  /** The app's comments as read at the start of the run. */
  comments: readonly AppComment[];
}

/** Sources the app already replied to: a reply names the comment it answers and the refusals it explained. */
function repliedSources(comments: readonly AppComment[]): Set<string> {
  const sources = new Set<string>();
  for (const { record } of comments) {
    if (record.kind !== "reply") continue;
    if (typeof record.data.source === "string") sources.add(record.data.source);
    const refusals = record.data.refusals;
    if (refusals && typeof refusals === "object") for (const source of Object.keys(refusals)) sources.add(source);
  }
  return sources;
}

/**
 * Reacts to the triggering comment and, when something was refused or help asked for, replies once.
 * Returns the sources whose refusal the reply recorded.
 */
export async function answerComment(reply: ReplyContext, commentId: number, inputs: IncidentInput[], state: IncidentState, decided: Verdicts, verdicts: Verdicts, vocabulary: CommandVocabulary): Promise<string[]> {
  const input = inputs.find((candidate) => candidate.type === "comment" && candidate.commentId === commentId);
  const outcomes = input ? state.outcomes[input.key] : undefined;
  if (!input || !outcomes?.length) return [];
  const refused = outcomes.some((outcome) => !outcome.ok);
  // A verdict decided by an earlier run means that run answered this comment: a redelivery writes nothing.
  if (!decided[input.key]) await reply.gh.react(commentId, refused ? "confused" : "+1");
  const wantsHelp = outcomes.some((outcome) => outcome.ok && outcome.command?.name === "help");
  if ((!refused && !wantsHelp) || repliedSources(reply.comments).has(input.key)) return [];
  const verdict = verdicts[input.key];
  const refusals = verdict && !verdict.ok ? { [input.key]: verdict.reason } : {};
  const help = wantsHelp ? renderHelpMarkdown(vocabulary) : undefined;
  const record = renderRecord("reply", { source: input.key, refusals }, reply.scope, reply.keys);
  await reply.gh.createComment(reply.issueNumber, `${renderReply(input.actor, outcomes, help, reply.templates)}\n${record}`);
  return Object.keys(refusals);
}

type Undoable = HumanInput & { type: "label-added" | "closed" | "reopened" | "renamed" };

/**
 * Explains what the app undoes in this run, and nothing else: a label, a closing or a reopening by someone
 * without permission that the projection is reverting now. Old refused actions in the history (the label is
 * long gone) get no reply. At most one reply per person per run. Returns the sources it recorded.
 */
export async function explainUndoneActions(reply: ReplyContext, inputs: IncidentInput[], plan: ProjectionPlan, verdicts: Verdicts): Promise<string[]> {
  const replied = repliedSources(reply.comments);
  const byActor = new Map<string, { input: Undoable; verdict: Verdict & { ok: false } }[]>();
  for (const input of latestPerSubject(inputs)) {
    const verdict = verdicts[input.key];
    if (!verdict || verdict.ok || replied.has(input.key) || !undoneBy(plan, input)) continue;
    byActor.set(input.actor, [...(byActor.get(input.actor) ?? []), { input, verdict }]);
  }
  const recorded: string[] = [];
  for (const [actor, actions] of byActor) {
    const undone = actions.map(({ input }) => describeUndo(input)).join(", and ");
    const reasons = [...new Set(actions.map(({ verdict }) => verdict.reason))].join(" ");
    const declaring = actions.some(({ input }) => input.type === "label-added" && isIncidentLabel(input.label));
    const refusals = Object.fromEntries(actions.map(({ input, verdict }) => [input.key, verdict.reason]));
    const record = renderRecord("reply", { refusals }, reply.scope, reply.keys);
    await reply.gh.createComment(reply.issueNumber, `${renderUndone(actor, undone, reasons, declaring, reply.templates)}\n${record}`);
    recorded.push(...Object.keys(refusals));
  }
  return recorded;
}

/** Only the latest action on each label, on open/closed and on the title can be what the projection undoes now. */
function latestPerSubject(inputs: IncidentInput[]): Undoable[] {
  const latest = new Map<string, Undoable>();
  for (const input of inputs) {
    if (input.type === "label-added") latest.set(`label:${labelKey(input.label)}`, input as Undoable);
    else if (input.type === "label-removed") latest.delete(`label:${labelKey(input.label)}`);
    else if (input.type === "closed" || input.type === "reopened") latest.set("state", input);
    else if (input.type === "renamed") latest.set("title", input);
  }
  return [...latest.values()];
}

function undoneBy(plan: ProjectionPlan, input: Undoable): boolean {
  if (input.type === "label-added") return plan.removeLabels.some((label) => sameLabel(label, input.label));
  if (input.type === "renamed") return plan.patch.title !== undefined;
  return plan.patch.state === (input.type === "closed" ? "open" : "closed");
}

function describeUndo(input: Undoable): string {
  if (input.type === "label-added") return `I took the \`${input.label.replace(/`/g, "ˋ")}\` label off again`;
  if (input.type === "renamed") return "I changed the title back";
  return input.type === "closed" ? "I reopened this incident" : "I closed this incident again";
}
