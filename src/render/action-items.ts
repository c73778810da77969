import type { ActionItem, ActionRequest } from "../domain/action-items.js";
import { isOverdue } from "../domain/action-items.js";
import { userInline, userTableCell } from "../domain/mentions.js";
import { formatTime, type Iso } from "../domain/time.js";

/**
 * What the app writes about action items: the item's body, the comment linking an existing issue, the reply on
 * the incident, and the dashboard's list. Titles and logins people typed are defused (no mention, no reference);
 * the only live mention is the owner in the item's own body, whom the app means to notify.
 */

export interface IncidentRef {
  number: number;
  id?: string;
  title: string;
}

const who = (login: string) => `@\u200B${login}`;
const named = (incident: IncidentRef) =>
  `${incident.id ? `**${incident.id}** ` : ""}(#${incident.number}): ${userInline(incident.title)}`;

function deadline(request: ActionRequest, timeZone: string): string {
  const when = formatTime(request.due, timeZone);
  return request.defaultDue ? `${when} (the default for the incident's severity)` : when;
}

/** The body of an item the app opens; its record (appended by the writer) names the incident. */
export function renderItemBody(
  request: ActionRequest,
  incident: IncidentRef,
  timeZone: string,
  unassignable?: string,
): string {
  const owner = request.owner && !unassignable ? `@${request.owner}` : "_Unowned: assign someone to this issue._";
  const refused = unassignable
    ? `\n> @\u200B${unassignable} could not be assigned (GitHub assigns only people with access to this repository).\n`
    : "";
  return [
    `An action item of incident ${named(incident)}.`,
    "",
    `- **Owner:** ${owner}`,
    `- **Deadline:** ${deadline(request, timeZone)}`,
    `- **Asked by:** ${who(request.by)}`,
    refused,
    "Close it with a pull request that says `Fixes #<this issue>`, or by hand. Move the deadline with `/due <date|span>` in a comment here (for example `/due 2026-12-20` or `/due 1w`).",
  ].join("\n");
}

/** The comment on an existing issue that becomes an action item; its own text is left alone. */
export function renderLinkComment(request: ActionRequest, incident: IncidentRef, timeZone: string): string {
  return [
    `This issue is now an action item of incident ${named(incident)}, asked by ${who(request.by)}.`,
    "",
    `**Deadline:** ${deadline(request, timeZone)}. Move it with \`/due <date|span>\` in a comment here.`,
  ].join("\n");
}

/** The reply on the incident: which item was opened or linked, its owner and deadline, and what went wrong. */
export function renderItemReply(
  request: ActionRequest,
  item: { number: number; title: string },
  timeZone: string,
  unassignable?: string,
): string {
  const verb = request.link !== undefined ? "Linked" : "Opened";
  const owner = request.owner && !unassignable ? `owner ${who(request.owner)}` : "unowned";
  const why = unassignable
    ? ` ${who(unassignable)} could not be assigned: GitHub assigns only people with access to this repository, so the item is unowned until someone is assigned.`
    : "";
  return `${verb} action item #${item.number}: ${userInline(item.title)} (${owner}, due ${formatTime(request.due, timeZone)}).${why}`;
}

export function renderItemRefused(request: ActionRequest, reason: string): string {
  return `Could not make an action item of \`/action ${request.link !== undefined ? `#${request.link}` : ""}\`: ${reason}`;
}

/** One line per closure, on the incident: which pull request closed the item (or who did), and when. */
export function renderItemClosed(
  item: { number: number; title: string },
  closure: { at: Iso; by?: string; pull?: number },
  timeZone: string,
): string {
  const how = closure.pull ? `by pull request #${closure.pull}` : "by hand";
  const by = closure.by ? ` (${who(closure.by)})` : "";
  return `Action item #${item.number} was closed ${how}${by} at ${formatTime(closure.at, timeZone)}: ${userInline(item.title)}`;
}

/** The dashboard's rows: link, title, owner, deadline, state (overdue marked, and how it closed). */
export function itemRows(items: readonly ActionItem[], now: Iso, timeZone: string) {
  return items.map((item) => ({
    link: `#${item.number}`,
    title: userTableCell(item.title),
    owner: item.owner ? who(item.owner) : "_unowned_",
    due: item.due ? formatTime(item.due, timeZone) : "_none_",
    status: itemStatus(item, now, timeZone),
    done: item.state === "closed",
  }));
}

function itemStatus(item: ActionItem, now: Iso, timeZone: string): string {
  if (item.state === "open") return isOverdue(item, now) ? "⚠️ **overdue**" : "open";
  const when = item.closedAt ? ` ${formatTime(item.closedAt, timeZone)}` : "";
  if (item.closedByPull) return `closed by #${item.closedByPull}${when}`;
  return `closed${item.closedBy ? ` by ${who(item.closedBy)}` : ""}${when}`;
}
