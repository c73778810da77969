import type { LiveItem } from "../domain/action-items.js";
import type { IssueHistory } from "../domain/history.js";
import { appComments, recordsOfKind, type RecordReader } from "../domain/inputs.js";
import type { IssuesPort, PullRequestsPort } from "../github/port.js";

type ItemPorts = { issues: IssuesPort; pulls?: PullRequestsPort };

/**
 * The incident's action items as GitHub shows them now, read in parallel: title, state, owner and who closed
 * them. For a closure the incident has not recorded yet, which pull request closed it ("Fixes #n"): the closing
 * event's commit, and the pull requests of that commit. Items are found only through the app's own records.
 */
export async function readLiveItems(
  ports: ItemPorts,
  history: IssueHistory,
  appLogin: string,
  records: RecordReader,
): Promise<Map<number, LiveItem>> {
  const comments = appComments(history.timeline, appLogin, records);
  const numbers = new Set(recordsOfKind(comments, "action-item").map((data) => data.item));
  const recorded = new Set(recordsOfKind(comments, "item-closed").map((data) => `${data.item}@${data.at}`));
  const live = new Map<number, LiveItem>();
  await Promise.all(
    [...numbers].filter(isIssueNumber).map(async (number) => {
      const issue = await ports.issues.getIssue(number);
      const item: LiveItem = {
        number,
        title: issue.title,
        state: issue.state,
        assignees: issue.assignees,
        ...(issue.state === "closed" && issue.closedAt ? { closedAt: issue.closedAt } : {}),
        ...(issue.state === "closed" && issue.closedBy ? { closedBy: issue.closedBy } : {}),
      };
      if (item.closedAt && !recorded.has(`${number}@${item.closedAt}`)) {
        const pull = await closingPull(ports, number);
        if (pull) item.closedByPull = pull;
        // What the fix changed, read once with the closure it is recorded with.
        if (pull && ports.pulls) item.closedByPullFiles = (await ports.pulls.pullFiles(pull)).slice(0, MAX_FIX_FILES);
      }
      live.set(number, item);
    }),
  );
  return live;
}

/** A fix's files kept with its closure: enough to find the same files fixed again, bounded in the record. */
const MAX_FIX_FILES = 50;

function isIssueNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

/** The pull request whose merge closed the issue: its latest `closed` event names the commit. */
async function closingPull(ports: ItemPorts, number: number): Promise<number | undefined> {
  if (!ports.pulls) return undefined;
  const timeline = await ports.issues.listTimeline(number);
  const closed = timeline.filter((item) => item.kind === "closed").at(-1);
  const commit = closed?.kind === "closed" ? closed.commitId : null;
  if (!commit) return undefined;
  const pulls = await ports.pulls.pullsOfCommit(commit);
  return pulls[0];
}
