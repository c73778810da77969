import type { IncidentConfig } from "../config/schema.js";
import type { IncidentState } from "../domain/fold.js";
import { userCodeSpanText, userInline, userTableCell } from "../domain/mentions.js";
import { suspectedPulls } from "../domain/suspect-marks.js";
import type { Change, Suspect } from "../domain/suspects.js";
import { clipWithEllipsis, TEXT_BOUNDS } from "../domain/text-bounds.js";
import { formatTime, type Iso } from "../domain/time.js";
import type { PullSummary } from "../github/port.js";
import type { SuspectNoticeRequest } from "../pipeline/suspect-writes.js";

/**
 * Suspect changes for people: the list (in the comment that records it and on the dashboard), the one comment on
 * a suspected pull request, and the reply on the incident. Titles, logins and file names are shown inert: the
 * only live mention anywhere is the suspected pull request's author, in the comment on that pull request.
 */

const cell = (text: string) => userTableCell(clipWithEllipsis(text, TEXT_BOUNDS.cell));
/** GitHub's URLs need no escaping, but a `)` or space must not end the Markdown link early. */
const href = (url: string) => url.replace(/[()\s]/g, encodeURIComponent);

/** The link text is the app's own (a number, a commit, an environment); the title beside it is the author's. */
function changeLink(change: Change): string {
  switch (change.kind) {
    case "pull":
      return `[#${change.number ?? "?"}](${href(change.url)})`;
    case "push":
      return `[\`${(change.sha ?? "").slice(0, 7)}\`](${href(change.url)})`;
    case "release":
      return `[release](${href(change.url)})`;
    case "deployment":
      return `[deploy to \`${userCodeSpanText(change.environment ?? "?")}\`](${href(change.url)})`;
  }
}

export interface SuspectRow {
  rank: number;
  change: string;
  author: string;
  at: string;
  why: string;
}

function suspectRows(suspects: readonly Suspect[], shown: number, timeZone: string): SuspectRow[] {
  return suspects.slice(0, shown).map((suspect, index) => ({
    rank: index + 1,
    change: `${changeLink(suspect)} ${cell(suspect.title)}`,
    // A login without its `@` is a name, not a mention.
    author: suspect.author ? cell(suspect.author) : "—",
    at: formatTime(suspect.at, timeZone),
    why: cell(
      [
        ...suspect.reasons,
        ...(suspect.matched.length
          ? [`files: ${suspect.matched.map((f) => `\`${userCodeSpanText(f)}\``).join(", ")}`]
          : []),
      ].join(" · ") || "landed in the window",
    ),
  }));
}

const ROWS_HEADER = "| | Change | Author | Landed | Why |\n|---|---|---|---|---|";

function table(rows: readonly SuspectRow[]): string {
  return [ROWS_HEADER, ...rows.map((r) => `| ${r.rank} | ${r.change} | ${r.author} | ${r.at} | ${r.why} |`)].join("\n");
}

interface ListContext {
  reference: Iso;
  referenceName: string;
  windowText: string;
  shown: number;
  timeZone: string;
  unread: readonly string[];
  counts: Record<Change["kind"], number>;
}

/** The comment that records a lookup: what was found in the window, the most likely first. */
export function renderSuspectList(ranked: readonly Suspect[], ctx: ListContext): string {
  const found = countText(ctx.counts);
  const head = `**What changed** in the ${ctx.windowText} before ${ctx.referenceName} (${formatTime(ctx.reference, ctx.timeZone)}): ${found}.`;
  const unread = ctx.unread.length ? `\n\n_Not read (no permission): ${ctx.unread.join(", ")}._` : "";
  if (!ranked.length) return `${head}${unread}`;
  const more =
    ranked.length > ctx.shown ? `\n\n_${ranked.length - ctx.shown} more in the post-mortem's timeline._` : "";
  const how =
    "Mark one with `/suspect #<number>`, clear it with `/cleared #<number>`, look again with `/suspects [window]`.";
  return `${head} The most likely first:\n\n${table(suspectRows(ranked, ctx.shown, ctx.timeZone))}${more}\n\n${how}${unread}`;
}

function countText(counts: Record<Change["kind"], number>): string {
  const parts = [
    [counts.pull, "pull request merged", "pull requests merged"],
    [counts.push, "direct push", "direct pushes"],
    [counts.release, "release", "releases"],
    [counts.deployment, "deployment", "deployments"],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return said.length ? said.join(", ") : "nothing landed";
}

/** The one comment on a suspected pull request: its author is told (the one live mention), linked to the incident. */
export function renderSuspectNotice(pull: PullSummary, request: SuspectNoticeRequest): string {
  const { incident } = request;
  return [
    `@${pull.author} this pull request is suspected as a cause of incident **${incident.id}** ${userInline(incident.title)}: ${incident.url}`,
    "",
    "Please follow the incident there. Nothing else will be posted here; if it turns out unrelated, the incident records that too.",
  ].join("\n");
}

/** The reply on the incident that records the notice (and any earlier fix of the same files). */
export function renderSuspectReply(
  request: SuspectNoticeRequest,
  found: { pull: PullSummary; repeat?: Record<string, unknown> } | undefined,
): string {
  if (!found) return `#${request.pull} is not a pull request in this repository: nothing was marked on it.`;
  const { pull } = found;
  const told = `Marked #${pull.number} ${userInline(pull.title)} as a suspected cause; its author was told on the pull request.`;
  return found.repeat ? `${told}\n\n${repeatText(found.repeat)}` : told;
}

function repeatText(repeat: Record<string, unknown>): string {
  const files = Array.isArray(repeat.files) ? repeat.files.map((f) => `\`${userCodeSpanText(String(f))}\``) : [];
  const name = typeof repeat.id === "string" ? `${repeat.id} (#${String(repeat.number)})` : `#${String(repeat.number)}`;
  const postmortem = typeof repeat.postmortem === "string" ? `; [its post-mortem](${href(repeat.postmortem)})` : "";
  return `⚠️ **Repeat:** the same files were changed to fix ${name}: ${files.join(", ")}${postmortem}.`;
}

/** The dashboard's "What changed" section: the suspected causes, then the latest list's top few. */
export function suspectsView(state: IncidentState, config: IncidentConfig) {
  const list = state.suspectLists.at(-1);
  const suspected = suspectedPulls(state).map((mark) => {
    const notice = state.suspectNotices.find((n) => n.pull === mark.pull);
    return {
      pull: `#${mark.pull}`,
      title: notice ? cell(notice.title) : "",
      by: cell(mark.by),
      repeat: notice?.repeat ? repeatText(notice.repeat) : undefined,
    };
  });
  if (!list && !suspected.length) return undefined;
  return {
    suspected,
    window: list ? `the ${list.window} before ${list.referenceName}` : undefined,
    rows: list ? suspectRows(list.suspects, config.suspects.shown, config.timeZone) : [],
  };
}
