import type { ProbotOctokit } from "probot";

export type Octokit = InstanceType<typeof ProbotOctokit>;

/** What every adapter of a port shares: the client and the repository it speaks for. */
export abstract class OctokitRepo {
  constructor(
    protected readonly octokit: Octokit,
    readonly owner: string,
    readonly repo: string,
  ) {}

  protected get where() {
    return { owner: this.owner, repo: this.repo };
  }
}
