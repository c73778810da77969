import type { IncidentConfig } from "../config/schema.js";
import { userTableCell } from "../domain/mentions.js";
import { contactHandles, escalationContacts, nextHandOff } from "../domain/on-call.js";
import { formatTime, type Iso } from "../domain/time.js";

/**
 * The answer to `/oncall`: who the on-call contacts mean at the question's time and from the next hand-off.
 * Asking must page nobody, so every handle is shown defused (`@\u200Blogin`), never as a mention.
 */

const ROWS = [
  ["Primary", "on-call-primary"],
  ["Secondary", "on-call-secondary"],
  ["Escalation", "team-lead"],
] as const;

const shown = (handles: readonly string[]): string => (handles.length ? userTableCell(handles.join(" ")) : "—");

export function renderOnCallMarkdown(config: IncidentConfig, at: Iso): string {
  const handOff = nextHandOff(config, at);
  const path = escalationContacts(config, at);
  const pathLine = path.length ? [`Escalation path now: ${path.map((handle) => shown([handle])).join(" → ")}`] : [];
  if (!handOff) {
    return [
      "**On call:** no rota is configured. Add weekly rows (`primary`, `secondary`, `escalation`) to " +
        "`onCall.schedule` in `.github/incident.yml`.",
      ...(pathLine.length ? ["", ...pathLine] : []),
    ].join("\n");
  }
  // With a date always: a hand-off at midnight is never on the day the question was asked.
  const when = formatTime(handOff.at, config.timeZone);
  const rows = ROWS.map(
    ([name, contact]) =>
      `| ${name} | ${shown(contactHandles(config, contact, at))} | ${shown(contactHandles(config, contact, handOff.at))} |`,
  );
  return [
    `**On call** (weekly rota; next hand-off ${when})`,
    "",
    `| | Now | From ${when} |`,
    "| --- | --- | --- |",
    ...rows,
    ...(pathLine.length ? ["", ...pathLine] : []),
  ].join("\n");
}
