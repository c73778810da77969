import type { Context } from "probot";
import { hasCommandLine } from "../domain/commands.js";
import type { AppRuntime } from "./incident-run.js";
import { runForIssue } from "./incident-run.js";

/**
 * `issue_comment`: a new or edited comment with slash commands. A comment without a command line, or one
 * written by any bot (this app included), costs no request at all.
 */
export async function onIssueComment(context: Context<"issue_comment">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (payload.action === "deleted") return;
  if (payload.sender.type === "Bot" || payload.comment.user?.type === "Bot") return;
  if (!hasCommandLine(payload.comment.body)) return;
  if (payload.action === "edited" && payload.changes.body?.from === payload.comment.body) return;
  await runForIssue(context, runtime, payload.issue.number, { commentId: payload.comment.id });
}
