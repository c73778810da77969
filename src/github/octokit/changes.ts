import type { BranchCommit, ChangesPort, DeploymentSummary, PullSummary } from "../port.js";
import { OctokitRepo } from "./base.js";
import { toSummary } from "./pulls.js";

const PAGE = 100;

/** What changed in a window, a page at a time: no list is followed to its end. */
export class OctokitChanges extends OctokitRepo implements ChangesPort {
  async mergedPulls(base: string, since: string, until: string, pages: number): Promise<PullSummary[]> {
    const merged: PullSummary[] = [];
    for (let page = 1; page <= pages; page++) {
      const { data } = await this.octokit.rest.pulls.list({
        ...this.where,
        state: "closed",
        base,
        sort: "updated",
        direction: "desc",
        per_page: PAGE,
        page,
      });
      for (const raw of data)
        if (raw.merged_at && raw.merged_at >= since && raw.merged_at <= until) merged.push(toSummary(raw));
      // Merging updates a pull request: once one was last updated before the window, none below merged in it.
      const last = data.at(-1);
      if (data.length < PAGE || !last || last.updated_at < since) break;
    }
    return merged;
  }

  async branchCommits(branch: string, since: string, until: string): Promise<BranchCommit[]> {
    const { data } = await this.octokit.rest.repos.listCommits({
      ...this.where,
      sha: branch,
      since,
      until,
      per_page: PAGE,
    });
    return data.map((commit) => ({
      sha: commit.sha,
      parents: commit.parents.map((parent) => parent.sha),
      message: commit.commit.message,
      ...(commit.author?.login ? { author: commit.author.login } : {}),
      at: commit.commit.committer?.date ?? commit.commit.author?.date ?? since,
      url: commit.html_url,
    }));
  }

  async commitFiles(sha: string): Promise<string[]> {
    const { data } = await this.octokit.rest.repos.getCommit({ ...this.where, ref: sha, per_page: 300 });
    return (data.files ?? []).map((file) => file.filename);
  }

  async comparedFiles(base: string, head: string): Promise<string[]> {
    const { data } = await this.octokit.rest.repos.compareCommitsWithBasehead({
      ...this.where,
      basehead: `${base}...${head}`,
    });
    return (data.files ?? []).map((file) => file.filename);
  }

  async releases(since: string, until: string) {
    const { data } = await this.octokit.rest.repos.listReleases({ ...this.where, per_page: PAGE });
    return data
      .filter((release) => !release.draft && release.published_at && release.published_at >= since)
      .filter((release) => (release.published_at ?? "") <= until)
      .map((release) => ({
        tag: release.tag_name,
        name: release.name || release.tag_name,
        ...(release.author?.login ? { author: release.author.login } : {}),
        at: release.published_at ?? since,
        url: release.html_url,
        ...(/^[0-9a-f]{40}$/.test(release.target_commitish) ? { sha: release.target_commitish } : {}),
      }));
  }

  async deployments(since: string, until: string, statuses: number): Promise<DeploymentSummary[]> {
    const { data } = await this.octokit.rest.repos.listDeployments({ ...this.where, per_page: PAGE });
    const recent = data
      .filter((deployment) => deployment.created_at >= since && deployment.created_at <= until)
      .slice(0, statuses);
    // What each shipped is measured from the one before it there, which may predate the window: the whole page.
    const previous = (deployment: (typeof data)[number]) =>
      data.slice(data.indexOf(deployment) + 1).find((older) => older.environment === deployment.environment)?.sha;
    return Promise.all(
      recent.map(async (deployment) => {
        const previousSha = previous(deployment);
        const { data: latest } = await this.octokit.rest.repos.listDeploymentStatuses({
          ...this.where,
          deployment_id: deployment.id,
          per_page: 1,
        });
        const status = latest[0];
        return {
          id: deployment.id,
          sha: deployment.sha,
          environment: deployment.environment,
          ...(deployment.creator?.login ? { creator: deployment.creator.login } : {}),
          ...(deployment.description ? { description: deployment.description } : {}),
          state: status?.state ?? "pending",
          at: status?.created_at ?? deployment.created_at,
          url: status?.log_url || status?.target_url || `https://github.com/${this.owner}/${this.repo}/deployments`,
          ...(previousSha ? { previousSha } : {}),
        };
      }),
    );
  }
}
