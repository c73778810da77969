import type { GitHubPorts } from "../port.js";
import type { Octokit } from "./base.js";
import { OctokitContents } from "./contents.js";
import { OctokitIssues } from "./issues.js";
import { OctokitPermissions } from "./permissions.js";
import { OctokitRefs } from "./refs.js";

export type { Octokit } from "./base.js";

/** Every port, over one authenticated Octokit, for one repository. */
export function octokitPorts(octokit: Octokit, owner: string, repo: string): GitHubPorts {
  return {
    issues: new OctokitIssues(octokit, owner, repo),
    permissions: new OctokitPermissions(octokit, owner, repo),
    refs: new OctokitRefs(octokit, owner, repo),
    contents: new OctokitContents(octokit, owner, repo),
  };
}
