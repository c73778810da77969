import {
  type BranchFile,
  type CheckRunOutput,
  FileConflict,
  type PullRequestsPort,
  type PullSummary,
} from "../port.js";
import { OctokitRepo } from "./base.js";
import { createOnce, statusOf } from "./errors.js";

/** GitHub's limit on a check run's `summary` and `text`. */
const CHECK_TEXT_LIMIT = 65_535;

/** GitHub's answers that mean "someone got there first": the branch exists, the file appeared, the pull request exists. */
const REF_EXISTS = /reference already exists/i;
const SHA_NOT_SUPPLIED = /"sha" wasn't supplied/i;
const PULL_EXISTS = /a pull request already exists/i;

/** The fields of a REST pull request (full or simple) a summary needs. */
interface RawPull {
  number: number;
  state: string;
  merged_at: string | null;
  closed_at: string | null;
  merge_commit_sha?: string | null;
  head: { ref: string; sha: string };
  base: { ref: string };
  user: { login: string } | null;
  title: string;
  body: string | null;
  html_url: string;
}

export function toSummary(raw: RawPull): PullSummary {
  return {
    number: raw.number,
    state: raw.state === "closed" ? "closed" : "open",
    merged: raw.merged_at !== null,
    ...(raw.merged_at ? { mergedAt: raw.merged_at } : {}),
    ...(raw.closed_at ? { closedAt: raw.closed_at } : {}),
    headRef: raw.head.ref,
    headSha: raw.head.sha,
    baseRef: raw.base.ref,
    ...(raw.merged_at && raw.merge_commit_sha ? { mergeCommitSha: raw.merge_commit_sha } : {}),
    author: raw.user?.login ?? "ghost",
    title: raw.title,
    body: raw.body ?? "",
    url: raw.html_url,
  };
}

/** Text cut to GitHub's limit (never splitting a surrogate pair), marked with an ellipsis when cut. */
function cut(text: string): string {
  if (text.length <= CHECK_TEXT_LIMIT) return text;
  const kept = text.slice(0, CHECK_TEXT_LIMIT - 1).replace(/[\uD800-\uDBFF]$/, "");
  return `${kept}…`;
}

function outputOf(output: CheckRunOutput) {
  return {
    title: output.title,
    summary: cut(output.summary),
    ...(output.text === undefined ? {} : { text: cut(output.text) }),
  };
}

function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown; errors?: unknown } } }).response?.data;
  return `${String(data?.message ?? "")} ${JSON.stringify(data?.errors ?? "")} ${error instanceof Error ? error.message : ""}`;
}

/**
 * Post-mortem pull requests over Octokit. Every create goes through `createOnce`: after a 5xx (GitHub may have saved
 * it) it looks for what it would have made before posting again, so a flaky proxy never duplicates a branch,
 * a commit, a pull request or a check run.
 */
export class OctokitPulls extends OctokitRepo implements PullRequestsPort {
  async branchHead(branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.rest.git.getRef({ ...this.where, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async createBranch(branch: string, sha: string): Promise<boolean> {
    const post = () =>
      this.octokit.rest.git
        .createRef({ ...this.where, ref: `refs/heads/${branch}`, sha, request: { retries: 0 } })
        .then(() => true);
    const findLanded = async () => ((await this.branchHead(branch)) === sha ? true : undefined);
    try {
      return await createOnce(post, findLanded);
    } catch (error) {
      if (statusOf(error) === 422 && REF_EXISTS.test(messageOf(error))) return false;
      throw error;
    }
  }

  async readFileAt(path: string, ref: string): Promise<BranchFile | undefined> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ ...this.where, path, ref });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
      return { text: Buffer.from(data.content, "base64").toString("utf8"), sha: data.sha };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async writeFile(change: { path: string; branch: string; text: string; message: string; sha?: string }): Promise<{
    commit: string;
    sha: string;
  }> {
    const post = () =>
      this.octokit.rest.repos
        .createOrUpdateFileContents({
          ...this.where,
          path: change.path,
          branch: change.branch,
          message: change.message,
          content: Buffer.from(change.text, "utf8").toString("base64"),
          ...(change.sha === undefined ? {} : { sha: change.sha }),
          request: { retries: 0 },
        })
        .then(({ data }) => ({ commit: data.commit.sha ?? "", sha: data.content?.sha ?? "" }));
    // After a 5xx: the branch carrying exactly our text means the commit landed (it is the branch's head).
    const findLanded = async () => {
      const file = await this.readFileAt(change.path, change.branch);
      if (file?.text !== change.text) return undefined;
      return { commit: (await this.branchHead(change.branch)) ?? "", sha: file.sha };
    };
    try {
      return await createOnce(post, findLanded);
    } catch (error) {
      const status = statusOf(error);
      if (status === 409 || (status === 422 && SHA_NOT_SUPPLIED.test(messageOf(error))))
        throw new FileConflict(`${change.path} on ${change.branch} changed since it was read`);
      throw error;
    }
  }

  async findPullByHead(branch: string): Promise<PullSummary | undefined> {
    const { data } = await this.octokit.rest.pulls.list({
      ...this.where,
      head: `${this.owner}:${branch}`,
      state: "all",
      sort: "created",
      direction: "desc",
      per_page: 1,
    });
    const [newest] = data;
    return newest ? toSummary(newest) : undefined;
  }

  async getPull(pullNumber: number): Promise<PullSummary> {
    const { data } = await this.octokit.rest.pulls.get({ ...this.where, pull_number: pullNumber });
    return toSummary(data);
  }

  /** After a 5xx, or when GitHub says one exists for the head already, the open one from that head is the answer. */
  async createPull(pull: { title: string; body: string; head: string; base: string }): Promise<PullSummary> {
    const post = () =>
      this.octokit.rest.pulls
        .create({ ...this.where, ...pull, request: { retries: 0 } })
        .then(({ data }) => toSummary(data));
    const findLanded = async () => {
      const found = await this.findPullByHead(pull.head);
      return found?.state === "open" && found.baseRef === pull.base ? found : undefined;
    };
    try {
      return await createOnce(post, findLanded);
    } catch (error) {
      if (statusOf(error) !== 422 || !PULL_EXISTS.test(messageOf(error))) throw error;
      const existing = await findLanded();
      if (!existing) throw error;
      return existing;
    }
  }

  async updatePull(pullNumber: number, patch: { title?: string; body?: string }): Promise<void> {
    await this.octokit.rest.pulls.update({ ...this.where, pull_number: pullNumber, ...patch });
  }

  async requestReviewers(pullNumber: number, logins: string[]): Promise<void> {
    if (logins.length === 0) return;
    await this.octokit.rest.pulls.requestReviewers({ ...this.where, pull_number: pullNumber, reviewers: logins });
  }

  async pullFiles(pullNumber: number): Promise<string[]> {
    const { data } = await this.octokit.rest.pulls.listFiles({ ...this.where, pull_number: pullNumber, per_page: 100 });
    return data.map((file) => file.filename);
  }

  async pullsOfCommit(sha: string): Promise<number[]> {
    try {
      const pulls = await this.octokit.paginate(this.octokit.rest.repos.listPullRequestsAssociatedWithCommit, {
        ...this.where,
        commit_sha: sha,
        per_page: 100,
      });
      return pulls.map((pull) => pull.number);
    } catch (error) {
      if (statusOf(error) === 422) return []; // GitHub does not know the commit: it belongs to no pull request
      throw error;
    }
  }

  async findCheckRun(headSha: string, name: string): Promise<{ id: number; conclusion?: string } | undefined> {
    const [newest] = await this.checkRuns(headSha, name);
    if (!newest) return undefined;
    return newest.conclusion ? { id: newest.id, conclusion: newest.conclusion } : { id: newest.id };
  }

  /** Runs of this name on a commit, newest first. */
  private async checkRuns(headSha: string, name: string) {
    const { data } = await this.octokit.rest.checks.listForRef({
      ...this.where,
      ref: headSha,
      check_name: name,
      filter: "all",
      per_page: 100,
    });
    return [...data.check_runs].sort((a, b) => b.id - a.id);
  }

  async createCheckRun(run: {
    name: string;
    headSha: string;
    conclusion: "success" | "failure" | "neutral";
    output: CheckRunOutput;
  }): Promise<number> {
    const output = outputOf(run.output);
    const post = () =>
      this.octokit.rest.checks
        .create({
          ...this.where,
          name: run.name,
          head_sha: run.headSha,
          status: "completed",
          conclusion: run.conclusion,
          output,
          request: { retries: 0 },
        })
        .then(({ data }) => data.id);
    // Only a run saying exactly what we posted counts as landed: an older run of the same name does not.
    const findLanded = async () =>
      (await this.checkRuns(run.headSha, run.name)).find(
        (candidate) =>
          candidate.conclusion === run.conclusion &&
          candidate.output.title === output.title &&
          candidate.output.summary === output.summary,
      )?.id;
    return createOnce(post, findLanded);
  }

  async updateCheckRun(
    checkRunId: number,
    run: { conclusion: "success" | "failure" | "neutral"; output: CheckRunOutput },
  ): Promise<void> {
    await this.octokit.rest.checks.update({
      ...this.where,
      check_run_id: checkRunId,
      status: "completed",
      conclusion: run.conclusion,
      output: outputOf(run.output),
    });
  }
}
