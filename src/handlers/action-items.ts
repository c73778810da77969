import type { Context } from "probot";
import { resolveDue } from "../domain/action-grammar.js";
import { ACTION_ITEM_LABEL } from "../domain/action-items.js";
import { parseComment } from "../domain/commands.js";
import { commentKey } from "../domain/inputs.js";
import { labelKey } from "../domain/labels.js";
import { readEmbeddedRecords, readTrailingRecord, renderRecord } from "../domain/markers.js";
import { permissionRefusal } from "../domain/authorize.js";
import { formatTime } from "../domain/time.js";
import { permits, vocabularyOf } from "../domain/vocabulary.js";
import { octokitPorts } from "../github/octokit/index.js";
import type { GitHubPorts } from "../github/port.js";
import { userCodeSpanText } from "../domain/mentions.js";
import { loadRepositoryConfig } from "../pipeline/runner.js";
import type { AppRuntime } from "./incident-run.js";
import { runForIssue } from "./incident-run.js";

/**
 * Events on an action item's own issue. Its incident is found only through the app's own records (the record
 * in the body of an item the app opened, or in its comment on an issue it linked), never through text a person
 * could paste; the incident then lists only items its own records name. Closing, reopening, renaming and
 * reassigning an item re-run its incident; `/due` on the item moves its deadline.
 */

type ItemPayload = { number: number; body?: string | null; user: { login: string } | null; labels?: unknown[] };

export function isActionItem(issue: ItemPayload): boolean {
  return (issue.labels ?? []).some((label) => {
    const name = typeof label === "string" ? label : (label as { name?: string } | null)?.name;
    return name !== undefined && labelKey(name) === ACTION_ITEM_LABEL;
  });
}

/** The incident an item belongs to, from the app's own records. */
async function incidentOfItem(
  context: Context<"issues" | "issue_comment">,
  runtime: AppRuntime,
  item: ItemPayload,
): Promise<number | undefined> {
  const { owner, repo } = context.repo();
  const appLogin = await runtime.appLogin();
  const fromBody = (data: Record<string, unknown>[]) => data.map((d) => d.incident).find(isNumber);
  if (item.user?.login === appLogin)
    return fromBody(readEmbeddedRecords(item.body ?? "", "action-item", `${owner}/${repo}`, runtime.keys));
  const timeline = await octokitPorts(context.octokit, owner, repo).issues.listTimeline(item.number);
  for (const entry of timeline) {
    if (entry.kind !== "comment" || entry.author.login !== appLogin) continue;
    const record = readTrailingRecord(entry.body, `${owner}/${repo}#${item.number}`, runtime.keys);
    if (record?.kind === "action-link" && isNumber(record.data.incident)) return record.data.incident;
  }
  return undefined;
}

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/** Closed, reopened, renamed or reassigned: the incident's dashboard follows. */
export async function onItemEvent(context: Context<"issues">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (!["closed", "reopened", "edited", "assigned", "unassigned"].includes(payload.action)) return;
  if (payload.action === "edited" && !("title" in (payload.changes ?? {}))) return;
  const incident = await incidentOfItem(context, runtime, payload.issue);
  if (incident) await runForIssue(context, runtime, incident, {}, payload.issue.updated_at);
}

/** `/due <date|span>` on an item, by someone allowed to run commands: recorded on the incident, once per comment. */
export async function onItemComment(context: Context<"issue_comment">, runtime: AppRuntime): Promise<void> {
  const { payload } = context;
  if (payload.action !== "created" && payload.action !== "edited") return;
  const { owner, repo } = context.repo();
  const loaded = await loadRepositoryConfig(context.octokit, owner, repo, context.log, runtime.configCache);
  const { config } = loaded;
  const due = parseComment(payload.comment.body, vocabularyOf(config))
    .filter((line) => !line.ok || line.command.name === "due")
    .at(-1);
  if (!due) return;
  const incident = await incidentOfItem(context, runtime, payload.issue);
  if (!incident) return;
  const ports = octokitPorts(context.octokit, owner, repo);
  const refuse = async (why: string) => {
    await ports.issues.react(payload.comment.id, "confused");
    await ports.issues.createComment(payload.issue.number, why);
  };
  // A line that does not parse is answered with why and the usage, and changes nothing.
  if (!due.ok) return refuse(`\`${userCodeSpanText(due.raw)}\`: ${due.error} Usage: \`${due.usage}\``);
  if (due.command.name !== "due") return;
  const login = payload.comment.user?.login ?? payload.sender.login;
  const held = await ports.permissions.getPermission(login);
  if (!permits(held, config.permissions.command))
    return refuse(permissionRefusal(login, held, config.permissions.command, "moving a deadline"));
  const at = resolveDue(due.command.due, payload.comment.updated_at, config.timeZone);
  const moved = {
    item: payload.issue.number,
    due: at,
    by: login,
    key: `due:${commentKey(payload.comment.id, payload.comment.body)}`,
  };
  await recordMovedDeadline(ports, runtime, { owner, repo, incident, timeZone: config.timeZone }, moved);
  await ports.issues.react(payload.comment.id, "+1");
  if (payload.issue.user?.login === (await runtime.appLogin())) {
    const shown = `- **Deadline:** ${formatTime(at, config.timeZone)} (moved by @\u200B${login})`;
    const body = movedDeadline(payload.issue.body ?? "", shown);
    if (body !== undefined) await ports.issues.updateIssue(payload.issue.number, { body });
  }
  await runForIssue(context, runtime, incident, {}, payload.comment.updated_at);
}

/** The incident's record of the new deadline, posted once per `/due` comment (looked for before it is posted). */
async function recordMovedDeadline(
  ports: GitHubPorts,
  runtime: AppRuntime,
  where: { owner: string; repo: string; incident: number; timeZone: string },
  moved: { item: number; due: string; by: string; key: string },
): Promise<void> {
  const { owner, repo, incident } = where;
  const text = `Action item #${moved.item}: deadline moved to ${formatTime(moved.due, where.timeZone)} by @\u200B${moved.by}.`;
  const record = renderRecord("item-due", moved, `${owner}/${repo}#${incident}`, runtime.keys);
  await runtime.locks.run(`${owner}/${repo}#${incident}`, async () => {
    const timeline = await ports.issues.listTimeline(incident);
    if (!timeline.some((entry) => entry.kind === "comment" && entry.body.includes(record)))
      await ports.issues.createComment(incident, `${text}\n${record}`);
  });
}

/** The item's body the app wrote, with its deadline line saying the new one; undefined when it already does. */
function movedDeadline(body: string, line: string): string | undefined {
  const moved = body.replace(/^- \*\*Deadline:\*\* .*$/m, line);
  return moved === body ? undefined : moved;
}
