import { userInline } from "./mentions.js";

/**
 * The runbook checklist's ticks. People tick boxes in the dashboard, but the body is text its reporter can
 * edit whatever their permission, so ticks are read only from an edit GitHub attributes to someone allowed
 * to change the incident, and kept in the app's record; the dashboard shows the record.
 */

/** How an item shows in the dashboard: its line is `- [ ] <shown>`. */
export function shownItem(item: string): string {
  return userInline(item);
}

/**
 * The items ticked in a dashboard's text: a line that is exactly `- [x] <item as shown>`. Lines are split on
 * `\n` only, so a U+2028 in someone's text cannot start a line of its own, and only real items count.
 */
export function tickedChecklist(dashboard: string | undefined, items: readonly string[]): string[] {
  const ticked = new Set<string>();
  for (const line of (dashboard ?? "").split("\n")) {
    const match = /^- \[[xX]\] (.*)$/.exec(line.trimEnd());
    if (match?.[1] !== undefined) ticked.add(match[1]);
  }
  return items.filter((item) => ticked.has(shownItem(item)));
}

/** The ticks kept in a record, checked against today's checklist. */
export function recordedChecklist(value: unknown, items: readonly string[]): string[] {
  return Array.isArray(value) ? items.filter((item) => value.includes(item)) : [];
}
