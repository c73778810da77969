import type { IncidentConfig } from "../config/schema.js";
import type { ActionItem } from "../domain/action-items.js";
import type { IncidentState } from "../domain/fold.js";
import { openPostmortem as openPull } from "../domain/follow-ups.js";
import { digest } from "../domain/markers.js";
import type { Iso } from "../domain/time.js";
import { TemplateError, type TemplateOverrides } from "../render/environment.js";
import { postmortemFacts } from "../postmortem/facts.js";
import { renderPostmortem, renderPullBody } from "../postmortem/render.js";
import type { Effect } from "./effects.js";
import { clipWithEllipsis } from "../domain/text-bounds.js";

/**
 * When the post-mortem pull request opens (resolution at a configured severity, or `/postmortem`), when its
 * document is refreshed (while it is open), when its check runs, and how its end is recorded. Pure: the
 * document is rendered here, so a broken template is answered once and opens nothing.
 */

export interface PostmortemTrigger {
  /** A push to (or a re-run request on) the pull request's head: the check runs on that commit. */
  check?: { pull: number; headSha: string };
  /** The pull request closed: merged or not. */
  closed?: { pull: number; merged: boolean; at: Iso; by: string };
}

export interface PostmortemContext {
  config: IncidentConfig;
  templates: TemplateOverrides;
  incident: { number: number; url: string; repo: string };
  items: readonly ActionItem[];
  now: Iso;
  trigger?: PostmortemTrigger;
}

export function planPostmortem(state: IncidentState, ctx: PostmortemContext): Effect[] {
  if (!state.declared || !state.id) return [];
  const open = openPull(state);
  const effects = [...recordClosing(state, ctx), ...answerAfterMerge(state)];
  const wanted = opening(state);
  if (!open && !wanted) return effects;
  const rendered = renderDocument(state, ctx);
  if ("error" in rendered) return [...effects, rendered.error];
  const { document, facts } = rendered;
  if (open) {
    effects.push({
      kind: "postmortem-refresh",
      key: "postmortem-refresh",
      branch: open.branch,
      path: open.path,
      document,
    });
    if (ctx.trigger?.check?.pull === open.pull)
      effects.push({
        kind: "check-run",
        key: "check-run",
        headSha: ctx.trigger.check.headSha,
        path: open.path,
        items: [...ctx.items],
      });
    return effects;
  }
  if (!wanted) return effects;
  const reviewers = ctx.config.postmortem.reviewers.flatMap((role) => state.roles[role] ?? []);
  effects.push({
    kind: "postmortem",
    key: wanted.key,
    at: wanted.at,
    incidentNumber: ctx.incident.number,
    plan: {
      branch: `postmortem/${state.id}`,
      path: facts.file,
      // GitHub takes at most 256 characters in a title (422 beyond).
      title: clipWithEllipsis(`Post-mortem: ${state.id} ${facts.title}`, 256),
      document,
      pullBody: renderPullBody(facts),
      reviewers,
      incidentId: state.id,
    },
  });
  return effects;
}

/**
 * The key of the pull request to open now, if one should open: the first on resolution at a configured severity
 * (never again by itself once one was opened), or one per `/postmortem` given after the last one closed unmerged.
 */
function opening(state: IncidentState): { key: string; at: Iso } | undefined {
  const latest = state.postmortems.at(-1);
  if (latest?.closed?.merged) return undefined;
  const request = state.postmortemRequests.at(-1);
  if (request && (!latest || (latest.closed && latest.closed.at <= request.at))) return request;
  const since = state.postmortemDueSince;
  return since && !latest ? { key: "postmortem:resolved", at: since } : undefined;
}

/** `/postmortem` once the post-mortem merged opens nothing more: the answer says where the document is. */
function answerAfterMerge(state: IncidentState): Effect[] {
  const merged = state.postmortems.at(-1);
  if (!merged?.closed?.merged) return [];
  return state.postmortemRequests
    .filter((request) => merged.closed && request.at >= merged.closed.at)
    .map((request) => ({
      kind: "comment",
      key: `reply:${request.key}`,
      recordKind: "reply",
      record: {},
      body: `The post-mortem was merged in #${merged.pull}. To change it, edit \`${merged.path}\` in a pull request of your own.`,
    }));
}

function renderDocument(
  state: IncidentState,
  ctx: PostmortemContext,
): { document: string; facts: ReturnType<typeof postmortemFacts> } | { error: Effect } {
  const facts = postmortemFacts({
    state,
    config: ctx.config,
    issueNumber: ctx.incident.number,
    issueUrl: ctx.incident.url,
    repoFullName: ctx.incident.repo,
    actionItems: ctx.items,
    // Without its own pull request's number: the document is written before the pull request exists, and
    // naming it would make the first refresh a second commit.
    now: ctx.now,
  });
  try {
    return { document: renderPostmortem(facts, ctx.templates), facts };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const body = `The post-mortem could not be written: template \`${error.template}\` failed: ${error.detail}${error.fix ? ` (${error.fix})` : ""}. Fix the template, then type \`/postmortem\`.`;
    return {
      error: { kind: "comment", key: `postmortem-template:${digest(body)}`, recordKind: "reply", record: {}, body },
    };
  }
}

/** The pull request's end, recorded once on the incident (timeline and dashboard follow). */
function recordClosing(state: IncidentState, ctx: PostmortemContext): Effect[] {
  const closed = ctx.trigger?.closed;
  const known = closed && state.postmortems.find((pull) => pull.pull === closed.pull);
  if (!closed || !known || known.closed) return [];
  const text = closed.merged
    ? `The post-mortem was merged (#${closed.pull}).`
    : `The post-mortem pull request #${closed.pull} was closed without merging; \`/postmortem\` opens a fresh one.`;
  return [
    {
      kind: "comment",
      key: `postmortem-closed:${closed.pull}`,
      recordKind: "postmortem-closed",
      record: { pull: closed.pull, merged: closed.merged, at: closed.at, by: closed.by },
      body: text,
    },
  ];
}
