import type { LabelDefinition } from "../domain/labels.js";
import type { RecordData } from "../domain/markers.js";
import type { IssueLocation, IssuesPort } from "../github/port.js";
import type { PlannedMove } from "./plan.js";

/**
 * Moving a security incident to its private repository. The issue is transferred (GraphQL), which takes its
 * title, text, comments and history out of the public repository for good (an edited placeholder would keep
 * them readable in its edit history); a placeholder without details is opened in its place, found by its key
 * first so a redelivery or a crash never leaves two; the private repository's run then records where it came from.
 */

const MOVED_LABEL: LabelDefinition = {
  name: "incident:moved",
  color: "b60205",
  description: "A security incident Firebreak moved to a private repository",
};

/** A transfer done (now, or by an earlier run that stopped): what the private repository's run needs. */
export interface Moved {
  to: IssueLocation;
  /** The record planned where it was declared; undefined when an earlier run transferred it. */
  record?: RecordData;
  placeholder?: PlannedMove["placeholder"];
}

interface PlaceholderContext {
  issues: IssuesPort;
  appLogin: string;
  /** The issue's number where it was declared. */
  number: number;
  now: string;
  /** Signs the placeholder's key for the repository it is in. */
  signRepo: (kind: string, data: RecordData) => string;
}

/** How far back a placeholder is looked for: a run repairing a transfer comes soon after it. */
const PLACEHOLDER_LOOKBACK_MS = 30 * 24 * 3600_000;

/** The placeholder where the incident was declared, opened (closed: there is nothing to follow there) once. */
export async function leavePlaceholder(
  placeholder: PlannedMove["placeholder"],
  ctx: PlaceholderContext,
): Promise<number> {
  const marker = ctx.signRepo("moved-from", { number: ctx.number });
  await ctx.issues.ensureLabels([MOVED_LABEL]);
  const since = new Date(Date.parse(ctx.now) - PLACEHOLDER_LOOKBACK_MS).toISOString();
  const landed = (await ctx.issues.listIssuesByApp(MOVED_LABEL.name, ctx.appLogin, since)).find((issue) =>
    issue.body.includes(marker),
  );
  const number =
    landed?.number ??
    (await ctx.issues.createIssue({
      title: placeholder.title,
      body: `${placeholder.body.trimEnd()}\n\n${marker}\n`,
      labels: [MOVED_LABEL.name],
    }));
  await ctx.issues.updateIssue(number, { state: "closed", state_reason: "completed" });
  return number;
}

/** The record the private repository's run writes first; an earlier run's transfer is repaired with what is known. */
export function movedRecord(moved: Moved, from: { repo: string; number: number }, placeholder: number): RecordData {
  return { ...(moved.record ?? {}), from: from.repo, number: from.number, placeholder };
}
