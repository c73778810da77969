import type { IssueSnapshot, TimelineItem } from "../../domain/history.js";
import { labelKey, type LabelDefinition } from "../../domain/labels.js";
import {
  type IssueLocation,
  IssueMoved,
  type IssuePatch,
  type IssuesPort,
  type Reaction,
  TransferRefused,
} from "../port.js";
import { OctokitRepo } from "./base.js";
import { createOnce, statusOf } from "./errors.js";
import { toPerson, toTimelineItem, type RawTimelineEvent } from "./timeline.js";

/**
 * Labels known to exist, per repository, for the life of the process: creating them costs requests once.
 * Keyed by `labelKey` (GitHub label names are case-insensitive), valued by the name the repository spells.
 */
const ensuredLabels = new Map<string, Map<string, string>>();

export class OctokitIssues extends OctokitRepo implements IssuesPort {
  async getIssue(issueNumber: number): Promise<IssueSnapshot> {
    const { data } = await this.octokit.rest.issues.get({ ...this.where, issue_number: issueNumber });
    // A transferred issue's old number redirects (301) to where it is now: said, not read as this issue.
    const [, owner = "", repo = ""] = /\/repos\/([^/]+)\/([^/]+)$/.exec(data.repository_url) ?? [];
    if (owner && `${owner}/${repo}`.toLowerCase() !== `${this.owner}/${this.repo}`.toLowerCase())
      throw new IssueMoved({ owner, repo, number: data.number });
    return {
      number: data.number,
      title: data.title,
      body: data.body ?? "",
      state: data.state === "closed" ? "closed" : "open",
      stateReason: data.state_reason ?? null,
      labels: data.labels.map((label) => (typeof label === "string" ? label : (label.name ?? ""))).filter(Boolean),
      assignees: (data.assignees ?? []).map((user) => user.login),
      author: toPerson(data.user),
      createdAt: data.created_at,
      ...(data.closed_at ? { closedAt: data.closed_at } : {}),
      ...(data.closed_by ? { closedBy: data.closed_by.login } : {}),
      ...(data.pull_request ? { isPullRequest: true } : {}),
      url: data.html_url,
    };
  }

  /**
   * The whole timeline. The first page's `Link` header says how many pages there are; the rest are fetched
   * in parallel, so reading a 1,000-comment incident takes two round trips, not eleven.
   */
  async listTimeline(issueNumber: number): Promise<TimelineItem[]> {
    const page = (number: number) =>
      this.octokit.rest.issues.listEventsForTimeline({
        ...this.where,
        issue_number: issueNumber,
        per_page: 100,
        page: number,
      });
    const first = await page(1);
    const last = lastPage(first.headers.link);
    const rest = await Promise.all(Array.from({ length: Math.max(0, last - 1) }, (_, index) => page(index + 2)));
    const events = [first, ...rest].flatMap((response) => response.data);
    const items: TimelineItem[] = [];
    for (const raw of events) {
      const item = toTimelineItem(raw as unknown as RawTimelineEvent);
      if (item) items.push(item);
    }
    return items;
  }

  async ensureLabels(labels: LabelDefinition[]): Promise<void> {
    const known = await this.knownLabels();
    for (const label of labels) {
      if (known.has(labelKey(label.name))) continue; // `SEV1` already is `sev1`: creating it would be a 422
      try {
        await this.octokit.rest.issues.createLabel({ ...this.where, ...label });
      } catch (error) {
        if (statusOf(error) !== 422) throw error; // 422: it exists already (someone created it meanwhile)
      }
      known.set(labelKey(label.name), label.name);
    }
  }

  /** The repository's labels, listed once per process; afterwards a label we have not seen is simply created. */
  private async knownLabels(): Promise<Map<string, string>> {
    let known = ensuredLabels.get(this.labelCacheKey);
    if (!known) {
      const existing = await this.octokit.paginate(this.octokit.rest.issues.listLabelsForRepo, {
        ...this.where,
        per_page: 100,
      });
      known = new Map(existing.map((label) => [labelKey(label.name), label.name]));
      ensuredLabels.set(this.labelCacheKey, known);
    }
    return known;
  }

  private get labelCacheKey(): string {
    return `${this.octokit.request.endpoint.DEFAULTS.baseUrl}/${this.owner}/${this.repo}`.toLowerCase();
  }

  /** Applies labels under the repository's own spelling when known (its `SEV1`, not a second `sev1`). */
  /** Label names as the repository spells them, where this process has seen them. */
  private spelled(labels: string[]): string[] {
    const known = ensuredLabels.get(this.labelCacheKey);
    return labels.map((name) => known?.get(labelKey(name)) ?? name);
  }

  async updateIssue(issueNumber: number, patch: IssuePatch): Promise<void> {
    const labels = patch.labels === undefined ? {} : { labels: this.spelled(patch.labels) };
    await this.octokit.rest.issues.update({ ...this.where, issue_number: issueNumber, ...patch, ...labels });
  }

  async addAssignees(issueNumber: number, logins: string[]): Promise<void> {
    await this.octokit.rest.issues.addAssignees({ ...this.where, issue_number: issueNumber, assignees: logins });
  }

  async removeAssignees(issueNumber: number, logins: string[]): Promise<void> {
    await this.octokit.rest.issues.removeAssignees({ ...this.where, issue_number: issueNumber, assignees: logins });
  }

  async createComment(issueNumber: number, body: string): Promise<number> {
    const post = () =>
      this.octokit.rest.issues
        .createComment({ ...this.where, issue_number: issueNumber, body, request: { retries: 0 } })
        .then(({ data }) => data.id);
    const findLanded = async () => {
      const where = { ...this.where, issue_number: issueNumber, per_page: 100 };
      const comments = await this.octokit.paginate(this.octokit.rest.issues.listComments, where);
      return comments.find((comment) => comment.body === body)?.id;
    };
    return createOnce(post, findLanded);
  }

  async updateComment(commentId: number, body: string): Promise<void> {
    await this.octokit.rest.issues.updateComment({ ...this.where, comment_id: commentId, body });
  }

  async react(commentId: number, content: Reaction): Promise<void> {
    await this.octokit.rest.reactions.createForIssueComment({ ...this.where, comment_id: commentId, content });
  }

  async createIssue(issue: { title: string; body: string; labels: string[]; assignees?: string[] }): Promise<number> {
    const post = () =>
      this.octokit.rest.issues
        .create({ ...this.where, ...issue, request: { retries: 0 } })
        .then(({ data }) => data.number);
    const findLanded = async () => {
      const where = { ...this.where, state: "open" as const, labels: issue.labels.join(","), per_page: 100 };
      const open = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, where);
      return open.find((candidate) => candidate.body === issue.body)?.number;
    };
    return createOnce(post, findLanded);
  }

  async addLabels(issueNumber: number, labels: string[]): Promise<void> {
    const spelled = this.spelled(labels);
    await this.octokit.rest.issues.addLabels({ ...this.where, issue_number: issueNumber, labels: spelled });
  }

  async removeLabel(issueNumber: number, label: string): Promise<void> {
    const [name = label] = this.spelled([label]);
    try {
      await this.octokit.rest.issues.removeLabel({ ...this.where, issue_number: issueNumber, name });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  async listIssuesByApp(label: string, appLogin: string, since: string): Promise<{ number: number; body: string }[]> {
    const issues = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
      ...this.where,
      state: "all",
      labels: label,
      creator: appLogin,
      since,
      per_page: 100,
    });
    return issues.map((issue) => ({ number: issue.number, body: issue.body ?? "" }));
  }

  async listLabelledSince(label: string, since: string): Promise<{ number: number; body: string }[]> {
    const { data } = await this.octokit.rest.issues.listForRepo({
      ...this.where,
      state: "all",
      labels: label,
      since,
      sort: "created",
      direction: "desc",
      per_page: 100,
    });
    return data
      .filter((issue) => !issue.pull_request)
      .map((issue) => ({ number: issue.number, body: issue.body ?? "" }));
  }

  async listOpenIssuesByApp(label: string, appLogin: string): Promise<{ number: number; body: string }[]> {
    const issues = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
      ...this.where,
      state: "open",
      labels: label,
      creator: appLogin,
      per_page: 100,
    });
    return issues.map((issue) => ({ number: issue.number, body: issue.body ?? "" }));
  }

  /** Two GraphQL requests: the node ids, then the transfer (REST has none). */
  async transferIssue(issueNumber: number, to: string): Promise<IssueLocation> {
    const [toOwner = "", toName = ""] = to.split("/");
    const ids = await this.graphql<{
      repository: { issue: { id: string } | null };
      target: { id: string } | null;
    }>(TRANSFER_IDS, { owner: this.owner, name: this.repo, number: issueNumber, toOwner, toName });
    if (!ids.repository.issue || !ids.target) throw new TransferRefused(`${to} or the issue was not found`);
    const moved = await this.graphql<{ transferIssue: { issue: { number: number } } }>(TRANSFER, {
      issueId: ids.repository.issue.id,
      repositoryId: ids.target.id,
    });
    return { owner: toOwner, repo: toName, number: moved.transferIssue.issue.number };
  }

  /** GitHub's GraphQL answers a refusal with 200 and `errors` (Octokit throws them): a refusal, not an outage. */
  private async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.octokit.graphql<T>(query, variables);
    } catch (error) {
      const refusals = (error as { errors?: { message?: string }[] }).errors;
      if (statusOf(error) !== undefined || !Array.isArray(refusals)) throw error;
      throw new TransferRefused(refusals.map((refusal) => refusal.message ?? "").join("; "));
    }
  }
}

const TRANSFER_IDS = `query($owner: String!, $name: String!, $number: Int!, $toOwner: String!, $toName: String!) {
  repository(owner: $owner, name: $name) { issue(number: $number) { id } }
  target: repository(owner: $toOwner, name: $toName) { id }
}`;

const TRANSFER = `mutation($issueId: ID!, $repositoryId: ID!) {
  transferIssue(input: { issueId: $issueId, repositoryId: $repositoryId, createLabelsIfMissing: true }) {
    issue { number }
  }
}`;

/** The `rel="last"` page of a `Link` header; 1 when there is none. */
function lastPage(link: string | undefined): number {
  const match = /[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link ?? "");
  return match ? Number(match[1]) : 1;
}
