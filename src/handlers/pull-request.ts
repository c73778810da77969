import type { Context } from "probot";
import { parseComment } from "../domain/commands.js";
import { labelKey } from "../domain/labels.js";
import { readEmbeddedRecords } from "../domain/markers.js";
import { vocabularyOf } from "../domain/vocabulary.js";
import { octokitPorts } from "../github/octokit/index.js";
import { CHECK_NAME, POSTMORTEM_LABEL } from "../pipeline/postmortem-writes.js";
import { loadRepositoryConfig } from "../pipeline/runner.js";
import type { AppRuntime } from "./incident-run.js";
import { runForIssue } from "./incident-run.js";

/**
 * The post-mortem pull request's events: each push to it (the app's own refreshes included) and each re-run
 * request runs its check; its closing (merged or not) is recorded on the incident; `/action` in its conversation
 * opens an action item of the incident. The incident is found only through the record in the body of a pull
 * request the app itself opened.
 */

type PullPayload = { number: number; body?: string | null; user: { login: string } | null };

async function incidentOfPull(
  context: Context<"pull_request" | "check_run" | "issue_comment">,
  runtime: AppRuntime,
  pull: PullPayload,
): Promise<number | undefined> {
  const appLogin = await runtime.appLogin();
  if (pull.user?.login !== appLogin) return undefined;
  const { owner, repo } = context.repo();
  const records = readEmbeddedRecords(pull.body ?? "", "postmortem", `${owner}/${repo}`, runtime.keys);
  const incident = records.map((data) => data.incident).find((n) => typeof n === "number" && Number.isInteger(n));
  return typeof incident === "number" ? incident : undefined;
}

export async function onPullRequest(context: Context<"pull_request">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  const pr = payload.pull_request;
  if (!pr.head.ref.startsWith("postmortem/")) return;
  const incident = await incidentOfPull(context, runtime, pr);
  if (!incident) return;
  const at = pr.closed_at ?? pr.updated_at;
  switch (payload.action) {
    case "opened":
    case "reopened":
    case "synchronize": {
      const check = { pull: pr.number, headSha: pr.head.sha };
      await runForIssue(context, runtime, incident, { postmortem: { check } }, pr.updated_at);
      return;
    }
    case "closed": {
      const by = pr.merged_by?.login ?? payload.sender.login;
      const closed = { pull: pr.number, merged: pr.merged === true, at, by };
      await runForIssue(context, runtime, incident, { postmortem: { closed } }, at);
      return;
    }
  }
}

/** "Re-run" on the Checks tab. */
export async function onCheckRun(context: Context<"check_run">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (payload.action !== "rerequested" || payload.check_run.name !== CHECK_NAME) return;
  const { owner, repo } = context.repo();
  const ports = octokitPorts(context.octokit, owner, repo);
  for (const { number } of payload.check_run.pull_requests) {
    const pull = await ports.pulls.getPull(number);
    const incident = await incidentOfPull(context, runtime, { number, body: pull.body, user: { login: pull.author } });
    if (!incident) continue;
    const check = { pull: number, headSha: payload.check_run.head_sha };
    await runForIssue(context, runtime, incident, { postmortem: { check } }, new Date().toISOString());
  }
}

/** `/action` lines in the post-mortem pull request's conversation count as if typed on the incident. */
export async function onPullComment(context: Context<"issue_comment">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (payload.action !== "created" && payload.action !== "edited") return;
  const labels = payload.issue.labels.map((label) => labelKey(label.name));
  if (!labels.includes(POSTMORTEM_LABEL.name)) return;
  const incident = await incidentOfPull(context, runtime, payload.issue);
  if (!incident) return;
  const { owner, repo } = context.repo();
  const loaded = await loadRepositoryConfig(context.octokit, owner, repo, context.log, runtime.configCache);
  const lines = parseComment(payload.comment.body, vocabularyOf(loaded.config))
    .filter((line) => line.ok && line.command.name === "action")
    .map((line) => line.raw);
  if (!lines.length) return;
  const author = payload.comment.user?.login ?? payload.sender.login;
  const at = payload.comment.updated_at;
  const foreign = { id: payload.comment.id, body: lines.join("\n"), author, at };
  const trigger = { commentId: payload.comment.id, actor: author, foreignComment: foreign };
  await runForIssue(context, runtime, incident, trigger, at);
}
