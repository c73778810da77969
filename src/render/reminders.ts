import type { IncidentConfig } from "../config/schema.js";
import type { ActionItem } from "../domain/action-items.js";
import type { IncidentState } from "../domain/fold.js";
import { userInline } from "../domain/mentions.js";
import { formatDuration, formatTime, msBetween, type Iso } from "../domain/time.js";

/**
 * What a sweep writes when something fell due. Only configured contacts, role holders and item owners are
 * mentioned (they are meant to be notified); titles people typed are defused.
 */

export function renderReminder(mentions: readonly string[], text: string): string {
  return `⏰ ${mentions.length ? `${mentions.join(" ")} ` : ""}${text}`;
}

export interface ShownStep {
  due: Iso;
  action: string;
  handles: string[];
}

/** One comment for every step due at this sweep: a sweep hours late catches up once, not with a burst of pings. */
export function renderEscalation(
  state: IncidentState,
  steps: readonly ShownStep[],
  config: IncidentConfig,
  now: Iso,
): string {
  const since = state.declaration?.at ?? now;
  const why = state.acknowledged ? "still open" : "not acknowledged";
  const lines = steps.map((step) => {
    const who = step.handles.length ? step.handles.join(" ") : "_no contact configured_";
    return `- **${userInline(step.action) || "Escalate"}** (due ${formatTime(step.due, config.timeZone)}): ${who}`;
  });
  return [
    `⏫ **Escalation** · ${state.severity} ${why} ${formatDuration(msBetween(since, now))} after it was declared.`,
    "",
    ...lines,
  ].join("\n");
}

export const renderItemReminders = {
  /** On the item itself, mentioning its owner. */
  item(item: ActionItem, ctx: { config: IncidentConfig; now: Iso }): string {
    const owner = item.owner ? `@${item.owner} ` : "";
    const late = item.due ? formatDuration(msBetween(item.due, ctx.now)) : "";
    const due = item.due ? formatTime(item.due, ctx.config.timeZone) : "";
    const unowned = item.owner ? "" : " Nobody owns it yet: assign someone.";
    return `⏰ ${owner}This action item was due ${due} (${late} ago).${unowned} Close it when it is done, or move the deadline with \`/due <date|span>\`.`;
  },
  /** The item as the incident's summary line lists it. */
  line(item: ActionItem, ctx: { config: IncidentConfig }): string {
    return `#${item.number} ${userInline(item.title)}${item.due ? ` (due ${formatTime(item.due, ctx.config.timeZone)})` : ""}`;
  },
};

/** One line on the incident listing every item this sweep reminded. */
export function summariseOverdueItems(lines: readonly string[]): string {
  return `⏰ ${lines.length} action item${lines.length === 1 ? " is" : "s are"} overdue: ${lines.join("; ")}.`;
}
