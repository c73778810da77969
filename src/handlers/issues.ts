import type { Context } from "probot";
import { mayConcernIncidents } from "../domain/labels.js";
import type { AppRuntime } from "./incident-run.js";
import { runForIssue } from "./incident-run.js";
import { isActionItem, onItemEvent } from "./action-items.js";

/**
 * `issues`: labels, closing and reopening drive an incident like commands do. Events caused by bots
 * (this app's own projections among them) are ignored, as are label changes that cannot concern an incident.
 * `opened` is not needed: GitHub follows it with one `labeled` event per label the issue was opened with.
 */
export async function onIssues(context: Context<"issues">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (payload.sender.type === "Bot") return;
  if (isActionItem(payload.issue)) return onItemEvent(context, runtime);
  const labelsOnIssue = (payload.issue.labels ?? []).map((label) =>
    typeof label === "string" ? label : (label?.name ?? ""),
  );
  const concernsIncident = labelsOnIssue.some((name) => mayConcernIncidents(name));
  switch (payload.action) {
    case "closed":
    case "reopened":
    case "edited": // a renamed title gets its id back; an edited body gets its dashboard back
      if (!concernsIncident) return;
      break;
    case "labeled":
    case "unlabeled":
      if (!payload.label || !mayConcernIncidents(payload.label.name)) return;
      break;
    default:
      return;
  }
  // The sender is who edited the body (GitHub's word, not text anyone can type); the webhook carries the body before.
  const before = payload.action === "edited" ? payload.changes.body?.from : undefined;
  const bodyEdit =
    before !== undefined
      ? { by: payload.sender.login, before, after: payload.issue.body ?? "", at: payload.issue.updated_at }
      : undefined;
  const trigger = { issueBody: payload.issue.body ?? "", ...(bodyEdit ? { bodyEdit } : {}) };
  await runForIssue(context, runtime, payload.issue.number, trigger, payload.issue.updated_at);
}
