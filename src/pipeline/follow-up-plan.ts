import { type LiveItem, unrecordedClosures } from "../domain/action-items.js";
import type { IncidentState } from "../domain/fold.js";
import { renderItemClosed } from "../render/action-items.js";
import type { Effect } from "./effects.js";

/**
 * The follow-ups' effects: each accepted `/action` opens (or links) its item once, and each closure of an item
 * that the incident has not recorded yet is recorded once, with the pull request that closed it.
 */
export function planFollowUps(
  state: IncidentState,
  incident: { number: number },
  live: ReadonlyMap<number, LiveItem>,
  timeZone: string,
): Effect[] {
  if (!state.declared || !state.id) return [];
  const ref = { number: incident.number, id: state.id, title: state.title };
  const opened = new Set(state.actionItems.map((item) => item.key));
  const effects: Effect[] = state.actionRequests
    .filter((request) => !opened.has(request.key))
    .map((request) => ({ kind: "action-item", key: request.key, request, incident: ref, timeZone }));
  for (const item of unrecordedClosures(state.actionItems, live)) {
    const tracked = state.actionItems.find((candidate) => candidate.number === item.number);
    const closure = {
      at: item.closedAt ?? "",
      ...(item.closedBy ? { by: item.closedBy } : {}),
      ...(item.closedByPull ? { pull: item.closedByPull } : {}),
      ...(item.closedByPullFiles?.length ? { files: item.closedByPullFiles } : {}),
    };
    effects.push({
      kind: "comment",
      key: `item-closed:${item.number}:${closure.at}`,
      recordKind: "item-closed",
      record: { item: item.number, ...closure },
      body: renderItemClosed({ number: item.number, title: tracked?.title ?? item.title }, closure, timeZone),
    });
  }
  return effects;
}
