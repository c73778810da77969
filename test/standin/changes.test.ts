import type { GitHubStandIn } from "../../github-standin/index.js";
import { expectStatus, type TestOctokitInstance, useStandIn } from "./helpers.js";

const repo = { owner: "acme", repo: "checkout" };

describe("stand-in commits, releases, deployments and their statuses (every answer checked against the schema)", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;

  useStandIn((env) => ({ gh, octokit } = env));

  const handle = () => gh.repo("acme/checkout");

  describe("commits", () => {
    it("lists the default branch newest first, between since and until, a page at a time with a Link header", async () => {
      gh.clock.advance("1h");
      const first = gh.as("alice").push(handle(), { files: { "a.txt": "1\n" }, message: "First" }).sha;
      gh.clock.advance("1h");
      const second = gh.as("alice").push(handle(), { files: { "b.txt": "2\n" }, message: "Second\n\nbody" }).sha;
      gh.clock.advance("1h");
      gh.as("alice").push(handle(), { files: { "c.txt": "3\n" }, message: "Third" });
      const since = new Date(Date.parse(gh.clock.iso()) - 150 * 60_000).toISOString();
      const until = new Date(Date.parse(gh.clock.iso()) - 30 * 60_000).toISOString();
      const { data } = await octokit.rest.repos.listCommits({ ...repo, sha: "main", since, until });
      expect(data.map((commit) => commit.sha)).toEqual([second, first]);
      expect(data[0]?.commit.message).toBe("Second\n\nbody");
      expect(data[0]?.parents.map((parent) => parent.sha)).toEqual([first]);
      expect(data[0]?.author?.login).toBe("alice");
      const paged = await octokit.rest.repos.listCommits({ ...repo, per_page: 2 });
      expect(paged.data).toHaveLength(2);
      expect(paged.headers.link).toContain('rel="next"');
      await expectStatus(octokit.rest.repos.listCommits({ ...repo, sha: "no-such-branch" }), 404);
    });

    it("shows one commit with the files it changed against its first parent; an unknown sha is 422", async () => {
      gh.as("alice").push(handle(), { files: { "a.txt": "1\n" } });
      const { sha } = gh.as("alice").push(handle(), { files: { "a.txt": "2\n", "b.txt": "new\n" } });
      const { data } = await octokit.rest.repos.getCommit({ ...repo, ref: sha });
      expect(data.files?.map((file) => [file.filename, file.status])).toEqual([
        ["a.txt", "modified"],
        ["b.txt", "added"],
      ]);
      await expectStatus(octokit.rest.repos.getCommit({ ...repo, ref: "0".repeat(40) }), 422);
    });
  });

  describe("comparisons", () => {
    it("list what the head changed since the base, how far ahead and behind; an unknown sha is 404", async () => {
      const base = gh.as("alice").push(handle(), { files: { "a.txt": "1\n", "keep.txt": "k\n" } }).sha;
      gh.as("alice").push(handle(), { files: { "a.txt": "2\n", "b.txt": "new\n" } });
      const head = gh.as("alice").landPull(handle(), { title: "C", files: { "services/c.ts": "c\n" } }).sha;
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}` });
      expect(data).toMatchObject({ status: "ahead", ahead_by: 2, behind_by: 0, total_commits: 2 });
      expect(data.files?.map((file) => [file.filename, file.status])).toEqual([
        ["a.txt", "modified"],
        ["b.txt", "added"],
        ["services/c.ts", "added"],
      ]);
      expect(data.commits.map((commit) => commit.sha).at(-1)).toBe(head);
      expect([data.base_commit.sha, data.merge_base_commit.sha]).toEqual([base, base]);
      const back = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${head}...${base}` });
      expect(back.data).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 2, files: [] });
      const same = await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `main...${head}` });
      expect(same.data.status).toBe("identical");
      await expectStatus(
        octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${"0".repeat(40)}` }),
        404,
      );
    });
  });

  describe("pull requests landed at set-up speed", () => {
    it("are merged, closed and listed like merged ones, newest update first", async () => {
      const one = gh.as("alice").landPull(handle(), { title: "One", files: { "a.txt": "1\n" }, mergedBy: "bob" });
      gh.clock.advance("1m");
      const two = gh.as("alice").landPull(handle(), { title: "Two", files: { "b.txt": "2\n" } });
      const { data } = await octokit.rest.pulls.list({ ...repo, state: "closed", sort: "updated", direction: "desc" });
      expect(data.map((pull) => [pull.number, pull.merge_commit_sha, pull.merged_at !== null])).toEqual([
        [two.pullNumber, two.sha, true],
        [one.pullNumber, one.sha, true],
      ]);
      const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: one.pullNumber });
      expect(files.data.map((file) => file.filename)).toEqual(["a.txt"]);
      expect(handle().pull(one.pullNumber).mergedBy).toBe("bob");
      expect(handle().file("b.txt")).toBe("2\n");
    });
  });

  describe("releases", () => {
    it("are listed newest first; a tag is released once (422)", async () => {
      gh.as("alice").publishRelease(handle(), { tag: "v1.0.0" });
      const { data: created } = await octokit.rest.repos.createRelease({
        ...repo,
        tag_name: "v1.1.0",
        name: "One one",
      });
      expect(created).toMatchObject({ tag_name: "v1.1.0", name: "One one", draft: false, target_commitish: "main" });
      const { data } = await octokit.rest.repos.listReleases({ ...repo });
      expect(data.map((release) => release.tag_name)).toEqual(["v1.1.0", "v1.0.0"]);
      expect(data[1]?.author.login).toBe("alice");
      await expectStatus(octokit.rest.repos.createRelease({ ...repo, tag_name: "v1.0.0" }), 422);
    });
  });

  describe("deployments", () => {
    it("are listed newest first (by environment too), each with its statuses newest first", async () => {
      const { deploymentId } = gh.as("alice").deploy(handle(), { ref: "main", environment: "staging" });
      gh.clock.advance("1m");
      gh.as("alice").setDeploymentStatus(handle(), deploymentId, "in_progress");
      gh.clock.advance("1m");
      gh.as("alice").setDeploymentStatus(handle(), deploymentId, "success", "https://ci.example/1");
      const { data: production } = await octokit.rest.repos.createDeployment({
        ...repo,
        ref: "main",
        environment: "production",
        auto_merge: false,
        required_contexts: [],
      });
      const all = await octokit.rest.repos.listDeployments({ ...repo });
      expect(all.data.map((deployment) => deployment.environment)).toEqual(["production", "staging"]);
      const staging = await octokit.rest.repos.listDeployments({ ...repo, environment: "staging" });
      expect(staging.data.map((deployment) => deployment.id)).toEqual([deploymentId]);
      const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({
        ...repo,
        deployment_id: deploymentId,
      });
      expect(statuses.map((status) => [status.state, status.log_url])).toEqual([
        ["success", "https://ci.example/1"],
        ["in_progress", "https://github.com/acme/checkout/deployments"],
      ]);
      expect("id" in production).toBe(true);
    });

    it("refuses a ref it cannot resolve (422) and answers 404 for an unknown deployment", async () => {
      await expectStatus(octokit.rest.repos.createDeployment({ ...repo, ref: "no-such-branch" }), 422);
      await expectStatus(octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: 1 }), 404);
    });
  });
});
