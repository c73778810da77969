import type { ActionRequest } from "../domain/action-items.js";
import { ACTION_ITEM_LABEL } from "../domain/action-items.js";
import type { RecordData } from "../domain/markers.js";
import { statusOf } from "../github/octokit/errors.js";
import type { GitHubPorts } from "../github/port.js";
import {
  type IncidentRef,
  renderItemBody,
  renderItemRefused,
  renderItemReply,
  renderLinkComment,
} from "../render/action-items.js";

/**
 * Opening (or linking) one action item, found by its key before it is made: a redelivery, a crash between the
 * item and the incident's record of it, or a 502 after GitHub saved it never makes a second one. The reply on
 * the incident is the record that the key is done.
 */

export interface ItemWriteContext {
  ports: GitHubPorts;
  appLogin: string;
  incident: IncidentRef;
  timeZone: string;
  /** Signs a record for the repository (an item's body) or for one issue (a comment on it). */
  signRepo: (kind: string, data: RecordData) => string;
  signIssue: (issueNumber: number, kind: string, data: RecordData) => string;
}

export interface ItemReply {
  body: string;
  recordKind: string;
  record: RecordData;
}

const ITEM_LABEL = {
  name: ACTION_ITEM_LABEL,
  color: "5319e7",
  description: "A follow-up of an incident, tracked by Firebreak until it is closed",
};

export async function openActionItem(request: ActionRequest, ctx: ItemWriteContext): Promise<ItemReply> {
  await ctx.ports.issues.ensureLabels([ITEM_LABEL]);
  if (request.link !== undefined) return linkItem(request, request.link, ctx);
  const title = request.title ?? "";
  const marker = ctx.signRepo("action-item", { key: request.key, incident: ctx.incident.number });
  const landed = await findOpened(ctx, request, marker);
  const opened = landed ?? (await createItem(request, ctx, marker));
  return itemRecord(request, { number: opened.number, title }, ctx, opened.unassignable);
}

async function findOpened(
  ctx: ItemWriteContext,
  request: ActionRequest,
  marker: string,
): Promise<{ number: number; unassignable?: string } | undefined> {
  const candidates = await ctx.ports.issues.listIssuesByApp(ACTION_ITEM_LABEL, ctx.appLogin, request.at);
  const found = candidates.find((candidate) => candidate.body.includes(marker));
  if (!found) return undefined;
  const unassignable = request.owner && found.body.includes("could not be assigned") ? request.owner : undefined;
  return { number: found.number, ...(unassignable ? { unassignable } : {}) };
}

/** GitHub refuses (422) an issue whose assignee it cannot assign: then it is opened unowned, and says why. */
async function createItem(
  request: ActionRequest,
  ctx: ItemWriteContext,
  marker: string,
): Promise<{ number: number; unassignable?: string }> {
  const { issues } = ctx.ports;
  const create = (unassignable?: string) =>
    issues.createIssue({
      title: request.title ?? "",
      body: `${renderItemBody(request, ctx.incident, ctx.timeZone, unassignable)}\n\n${marker}\n`,
      labels: [ACTION_ITEM_LABEL],
      ...(request.owner && !unassignable ? { assignees: [request.owner] } : {}),
    });
  try {
    return { number: await create() };
  } catch (error) {
    if (!request.owner || statusOf(error) !== 422) throw error;
    return { number: await create(request.owner), unassignable: request.owner };
  }
}

async function linkItem(request: ActionRequest, link: number, ctx: ItemWriteContext): Promise<ItemReply> {
  const refused = (reason: string) => ({
    body: renderItemRefused(request, reason),
    recordKind: "reply",
    record: {},
  });
  if (link === ctx.incident.number) return refused("that is this incident itself.");
  const { issues } = ctx.ports;
  const issue = await issues.getIssue(link).catch((error: unknown) => {
    if (statusOf(error) === 404 || statusOf(error) === 410) return undefined;
    throw error;
  });
  if (!issue) return refused(`there is no issue #${link} in this repository.`);
  if (issue.isPullRequest) return refused(`#${link} is a pull request; link an issue.`);
  await issues.addLabels(link, [ACTION_ITEM_LABEL]);
  const record = ctx.signIssue(link, "action-link", { key: request.key, incident: ctx.incident.number });
  const timeline = await issues.listTimeline(link);
  const posted = timeline.some((item) => item.kind === "comment" && item.body.includes(record));
  if (!posted) await issues.createComment(link, `${renderLinkComment(request, ctx.incident, ctx.timeZone)}\n${record}`);
  const owner = issue.assignees[0];
  return itemRecord({ ...request, ...(owner ? { owner } : {}) }, { number: link, title: issue.title }, ctx);
}

function itemRecord(
  request: ActionRequest,
  item: { number: number; title: string },
  ctx: ItemWriteContext,
  unassignable?: string,
): ItemReply {
  return {
    body: renderItemReply(request, item, ctx.timeZone, unassignable),
    recordKind: "action-item",
    record: {
      item: item.number,
      title: item.title,
      ...(request.owner && !unassignable ? { owner: request.owner } : {}),
      ...(unassignable ? { unassignable } : {}),
      due: request.due,
      askedBy: request.by,
      at: request.at,
      linked: request.link !== undefined,
    },
  };
}
