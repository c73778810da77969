import type { GitHubPorts } from "../port.js";
import type { Octokit } from "./base.js";
import { OctokitChanges } from "./changes.js";
import { OctokitContents } from "./contents.js";
import { OctokitIssues } from "./issues.js";
import { OctokitPermissions } from "./permissions.js";
import { OctokitPulls } from "./pulls.js";
import { type IncidentIdClaims, OctokitRefs } from "./refs.js";

export type { Octokit } from "./base.js";

/** Every port, over one authenticated Octokit, for one repository (id claims: the app's, else the process's). */
export function octokitPorts(octokit: Octokit, owner: string, repo: string, claims?: IncidentIdClaims): GitHubPorts {
  return {
    issues: new OctokitIssues(octokit, owner, repo),
    permissions: new OctokitPermissions(octokit, owner, repo),
    refs: new OctokitRefs(octokit, owner, repo, claims),
    contents: new OctokitContents(octokit, owner, repo),
    pulls: new OctokitPulls(octokit, owner, repo),
    changes: new OctokitChanges(octokit, owner, repo),
  };
}
