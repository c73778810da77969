import type { Context } from "probot";
import { hasCommandLine, hasIncidentPrefixedLine } from "../domain/commands.js";
import { isIncidentLabel } from "../domain/labels.js";
import type { AppRuntime } from "./incident-run.js";
import { runForIssue } from "./incident-run.js";
import { isActionItem, onItemComment } from "./action-items.js";
import { onPullComment } from "./pull-request.js";
import { onReportComment } from "./report.js";

/** A cheap first look (the parser decides): a line that may be `/incident report`. */
const REPORT_LINE = /^\s*\/incident\s+report\b/im;

/**
 * `issue_comment`: slash commands. The incident is folded from comments as they read now, so editing or
 * deleting a command comment re-evaluates it at once. A comment without a command line (before or after
 * an edit), or one by any bot (this app included), costs no request at all. On an issue that is not an
 * incident only `/incident …` lines are Firebreak's: a bare `/help` or `/status` there belongs to other bots.
 */
export async function onIssueComment(context: Context<"issue_comment">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (payload.sender.type === "Bot" || payload.comment.user?.type === "Bot") return;
  if (payload.issue.pull_request)
    return hasCommandLine(payload.comment.body) ? onPullComment(context, runtime) : undefined;
  const isIncident = payload.issue.labels.some((label) => isIncidentLabel(label.name));
  if (!isIncident && isActionItem(payload.issue) && hasCommandLine(payload.comment.body))
    return onItemComment(context, runtime);
  const ours = (body: string) => (isIncident ? hasCommandLine(body) : hasIncidentPrefixedLine(body));
  const commands = ours(payload.comment.body);
  // The run is as of the comment's last change: that is when the command was given (or withdrawn).
  const now = payload.comment.updated_at;
  const issueBody = payload.issue.body ?? "";
  const answering = { commentId: payload.comment.id, issueBody, actor: payload.comment.user?.login };
  // `/incident report` writes the report issue after the comment is answered like any question.
  const answer = async () => {
    await runForIssue(context, runtime, payload.issue.number, answering, now);
    if (REPORT_LINE.test(payload.comment.body)) await onReportComment(context, runtime);
  };
  switch (payload.action) {
    case "created":
      if (commands) await answer();
      return;
    case "edited": {
      const before = payload.changes.body?.from;
      if (before === undefined || before === payload.comment.body) return;
      if (commands) await answer();
      else if (ours(before)) await runForIssue(context, runtime, payload.issue.number, { issueBody }, now);
      return;
    }
    case "deleted":
      if (commands) await runForIssue(context, runtime, payload.issue.number, {}, new Date().toISOString());
      return;
  }
}
