import type { LineOutcome } from "../domain/fold.js";
import type { AppComment, HumanInput, IncidentInput } from "../domain/inputs.js";
import { isIncidentLabel, labelKey, sameLabel } from "../domain/labels.js";
import type { Verdict, Verdicts } from "../domain/markers.js";
import type { ProjectionPlan } from "../domain/projection.js";
import type { TemplateOverrides } from "../render/environment.js";
import { renderReply, renderUndone, type UndoneAction } from "../render/views.js";
import type { Iso } from "../domain/time.js";
import type { Effect } from "./effects.js";

/**
 * Reactions for command comments this run judged that did not start it: when commands queue up behind one
 * run, that run judges them all, and each still gets its 👍 or 😕 (the later runs they start find the verdict
 * recorded and would otherwise answer nothing).
 */
export function planQueuedReactions(
  inputs: readonly IncidentInput[],
  outcomesByKey: Record<string, LineOutcome[]>,
  newlyJudged: ReadonlySet<string>,
  triggerCommentId: number | undefined,
): Effect[] {
  return inputs.flatMap((input): Effect[] => {
    const outcomes = outcomesByKey[input.key];
    if (
      input.type !== "comment" ||
      input.commentId === triggerCommentId ||
      !newlyJudged.has(input.key) ||
      !outcomes?.length
    )
      return [];
    const content = outcomes.some((outcome) => !outcome.ok) ? "confused" : "+1";
    return [{ kind: "react", key: `react:${input.key}`, commentId: input.commentId, content }];
  });
}

/** Sources the app already explained: a reply names the comment it answers and the refusals it explained. */
function explainedSources(comments: readonly AppComment[]): Set<string> {
  const sources = new Set<string>();
  for (const { record } of comments) {
    if (record.kind !== "reply") continue;
    const refusals = record.data.refusals;
    if (refusals && typeof refusals === "object") for (const source of Object.keys(refusals)) sources.add(source);
  }
  return sources;
}

/** The questions a reply answers, rendered only when asked; `/oncall` is answered as of the comment's time. */
export interface Questions {
  help(): string;
  onCall(at: Iso): string;
}

/**
 * The answer to the comment whose webhook started the run: a reaction, and one reply when something was
 * refused or a question (`/help`, `/oncall`) asked. Keys `react:<source>` and `reply:<source>` make each happen once.
 */
export function planAnswer(
  commentId: number,
  inputs: readonly IncidentInput[],
  outcomesByKey: Record<string, LineOutcome[]>,
  verdicts: Verdicts,
  questions: Questions,
  templates: TemplateOverrides,
): Effect[] {
  const input = inputs.find((candidate) => candidate.type === "comment" && candidate.commentId === commentId);
  const outcomes = input ? outcomesByKey[input.key] : undefined;
  if (!input || !outcomes?.length) return [];
  const refused = outcomes.some((outcome) => !outcome.ok);
  const effects: Effect[] = [
    { kind: "react", key: `react:${input.key}`, commentId, content: refused ? "confused" : "+1" },
  ];
  const asks = (name: string) => outcomes.some((outcome) => outcome.ok && outcome.command?.name === name);
  const answers = {
    ...(asks("help") ? { help: questions.help() } : {}),
    ...(asks("oncall") ? { onCall: questions.onCall(input.at) } : {}),
  };
  if (!refused && Object.keys(answers).length === 0) return effects;
  const verdict = verdicts[input.key];
  const refusals = verdict && !verdict.ok ? { [input.key]: verdict.code } : {};
  const body = renderReply(input.actor, outcomes, answers, templates);
  effects.push({ kind: "comment", key: `reply:${input.key}`, recordKind: "reply", record: { refusals }, body });
  return effects;
}

type Undoable = HumanInput & { type: "label-added" | "closed" | "reopened" | "renamed" };

/**
 * Explains what the app undoes in this run, and nothing else: a label, a closing, a reopening or a rename by
 * someone without permission that the projection reverts now. Old refused actions in the history (the label
 * is long gone) get no reply. At most one reply per person per run.
 */
export function planExplanations(
  comments: readonly AppComment[],
  inputs: readonly IncidentInput[],
  plan: ProjectionPlan,
  verdicts: Verdicts,
  templates: TemplateOverrides,
  declaredAt: string | undefined,
): Effect[] {
  const explained = explainedSources(comments);
  const byActor = new Map<string, { input: Undoable; verdict: Verdict & { ok: false } }[]>();
  // Closing, reopening or renaming an ordinary issue was anyone's business: only what was done to the incident is undone.
  const concernsIncident = (input: Undoable) =>
    input.type === "label-added" || (declaredAt !== undefined && input.at >= declaredAt);
  for (const input of latestPerSubject(inputs).filter(concernsIncident)) {
    const verdict = verdicts[input.key];
    if (!verdict || verdict.ok || explained.has(input.key) || !undoneBy(plan, input)) continue;
    byActor.set(input.actor, [...(byActor.get(input.actor) ?? []), { input, verdict }]);
  }
  return [...byActor].map(([actor, actions]): Effect => {
    const undone = actions.map(({ input }) => undoneAction(input));
    const reasons = [...new Set(actions.map(({ verdict }) => verdict.reason))].join(" ");
    const declaring = actions.some(({ input }) => input.type === "label-added" && isIncidentLabel(input.label));
    const refusals = Object.fromEntries(actions.map(({ input, verdict }) => [input.key, verdict.code]));
    const body = renderUndone(actor, undone, reasons, declaring, templates);
    return {
      kind: "comment",
      key: `undone:${Object.keys(refusals).sort().join(",")}`,
      recordKind: "reply",
      record: { refusals },
      body,
    };
  });
}

/** Only the latest action on each label, on open/closed and on the title can be what the projection undoes now. */
function latestPerSubject(inputs: readonly IncidentInput[]): Undoable[] {
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

function undoneAction(input: Undoable): UndoneAction {
  if (input.type === "label-added") return { kind: "label", label: input.label };
  if (input.type === "renamed") return { kind: "renamed" };
  return { kind: input.type === "closed" ? "reopened" : "closed" };
}
