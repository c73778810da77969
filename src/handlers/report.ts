import type { Context } from "probot";
import { parseComment } from "../domain/commands.js";
import { commentKey } from "../domain/inputs.js";
import { readTrailingRecord, renderRecord } from "../domain/markers.js";
import { vocabularyOf } from "../domain/vocabulary.js";
import { octokitPorts } from "../github/octokit/index.js";
import { publishMonthlyReport } from "../report/monthly.js";
import { loadRepositoryConfig } from "../pipeline/runner.js";
import type { AppRuntime } from "./incident-run.js";

/**
 * `/incident report [YYYY-MM]` on any issue: the month's report issue is opened or brought up to date, and the
 * comment is answered once with its link (a redelivery finds the answer and writes nothing more).
 */
export async function onReportComment(context: Context<"issue_comment">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (payload.action !== "created" && payload.action !== "edited") return;
  const { owner, repo } = context.repo();
  const loaded = await loadRepositoryConfig(context.octokit, owner, repo, context.log, runtime.configCache);
  const asked = parseComment(payload.comment.body, vocabularyOf(loaded.config)).find(
    (line) => line.ok && line.command.name === "report",
  );
  if (!asked?.ok || asked.command.name !== "report") return;
  const now = payload.comment.updated_at;
  const month = asked.command.month ?? now.slice(0, 7);
  const login = await runtime.appLogin();
  const report = await publishMonthlyReport(context.octokit, { owner, repo }, month, {
    config: loaded.config,
    keys: runtime.keys,
    now,
    login,
    locks: runtime.locks,
  });
  const { issues } = octokitPorts(context.octokit, owner, repo);
  const n = payload.issue.number;
  const key = `report:${commentKey(payload.comment.id, payload.comment.body)}`;
  const scope = `${owner}/${repo}#${n}`;
  const verb = { opened: "opened", updated: "brought up to date", unchanged: "already up to date" }[report.outcome];
  const record = renderRecord("reply", { key }, scope, runtime.keys);
  // Under the issue's lock: a delivery twice at once answers once.
  await runtime.locks.run(scope, async () => {
    const answered = (await issues.listTimeline(n)).some(
      (item) =>
        item.kind === "comment" &&
        item.author.login === login &&
        readTrailingRecord(item.body, scope, runtime.keys)?.data.key === key,
    );
    if (!answered)
      await issues.createComment(n, `📊 The incident report for ${month} is #${report.number} (${verb}).\n${record}`);
  });
}
