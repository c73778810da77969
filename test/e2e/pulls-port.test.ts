/** `OctokitPulls` against the stand-in over HTTP: GitHub's answers mapped to the port's contract. */
import type { GitHubStandIn } from "../../github-standin/index.js";
import { OctokitPulls } from "../../src/github/octokit/pulls.js";
import { FileConflict } from "../../src/github/port.js";
import { type TestOctokitInstance, useStandIn } from "../standin/helpers.js";

const REPO = "/repos/{owner}/{repo}";

describe("OctokitPulls against the stand-in", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;
  let pulls: OctokitPulls;

  useStandIn((env) => {
    ({ gh, octokit } = env);
    pulls = new OctokitPulls(octokit, "acme", "checkout");
  });

  /** The default branch's head, a new branch from it, and a file on that branch. */
  async function branchWithFile(branch: string): Promise<string> {
    const main = await pulls.branchHead("main");
    if (!main) throw new Error("no main");
    await pulls.createBranch(branch, main);
    await pulls.writeFile({ path: "postmortems/INC-1.md", branch, text: "# INC-1\n", message: "Post-mortem INC-1" });
    return main;
  }

  it("branches: head of a missing branch is undefined, a second create answers false", async () => {
    expect(await pulls.branchHead("pm")).toBeUndefined();
    const main = gh.repo("acme/checkout").headSha;
    expect(await pulls.createBranch("pm", main)).toBe(true);
    expect(await pulls.createBranch("pm", main)).toBe(false);
    expect(await pulls.branchHead("pm")).toBe(main);
  });

  it("files: read on a branch, replace with the sha read, FileConflict when it changed or appeared meanwhile", async () => {
    await branchWithFile("pm");
    const read = await pulls.readFileAt("postmortems/INC-1.md", "pm");
    expect(read?.text).toBe("# INC-1\n");
    expect(await pulls.readFileAt("postmortems/INC-1.md", "main")).toBeUndefined();
    expect(await pulls.readFileAt("postmortems/INC-1.md", "no-such-branch")).toBeUndefined();
    const change = { path: "postmortems/INC-1.md", branch: "pm", message: "Edit" };
    const written = await pulls.writeFile({ ...change, text: "# INC-1\n\nv2\n", sha: read?.sha });
    expect(written.commit).toBe(gh.repo("acme/checkout").ref("heads/pm"));
    await expect(pulls.writeFile({ ...change, text: "stale\n", sha: read?.sha })).rejects.toBeInstanceOf(FileConflict);
    await expect(pulls.writeFile({ ...change, text: "blind\n" })).rejects.toBeInstanceOf(FileConflict);
    expect(gh.repo("acme/checkout").fileAt("postmortems/INC-1.md", "pm")).toBe("# INC-1\n\nv2\n");
  });

  it("pull requests: create, find by head, update, reviewers, and the pull request of its merge commit", async () => {
    await branchWithFile("pm");
    const created = await pulls.createPull({ title: "Post-mortem INC-1", body: "Fixes #1", head: "pm", base: "main" });
    expect(created).toMatchObject({
      state: "open",
      merged: false,
      headRef: "pm",
      baseRef: "main",
      author: "firebreak[bot]",
    });
    expect(await pulls.findPullByHead("pm")).toEqual(created);
    // GitHub's 422 "A pull request already exists" answers the open one.
    expect(await pulls.createPull({ title: "Again", body: "", head: "pm", base: "main" })).toEqual(created);
    expect(await pulls.findPullByHead("other")).toBeUndefined();
    await pulls.updatePull(created.number, { title: "Post-mortem INC-1 (draft)" });
    await pulls.requestReviewers(created.number, ["alice", "bob"]);
    expect(gh.repo("acme/checkout").requestedReviewers(created.number)).toEqual(["alice", "bob"]);
    const merged = gh.as("alice").mergePull("acme/checkout", created.number);
    expect(await pulls.pullsOfCommit(merged.sha)).toEqual([created.number]);
    expect(await pulls.pullsOfCommit("0".repeat(40))).toEqual([]);
    expect(await pulls.getPull(created.number)).toMatchObject({
      state: "closed",
      merged: true,
      title: "Post-mortem INC-1 (draft)",
    });
  });

  it("check runs: create, find the newest by name, update; summaries over GitHub's limit are cut", async () => {
    const sha = gh.repo("acme/checkout").headSha;
    const long = "x".repeat(70_000);
    const id = await pulls.createCheckRun({
      name: "firebreak/post-mortem",
      headSha: sha,
      conclusion: "failure",
      output: { title: "Open action items", summary: long, text: long },
    });
    expect(await pulls.findCheckRun(sha, "firebreak/post-mortem")).toEqual({ id, conclusion: "failure" });
    expect(await pulls.findCheckRun(sha, "other")).toBeUndefined();
    await pulls.updateCheckRun(id, { conclusion: "success", output: { title: "Done", summary: long } });
    const [run] = gh.repo("acme/checkout").checkRuns(sha);
    expect(run).toMatchObject({ id, conclusion: "success", output: { title: "Done" } });
    expect(run?.output.summary).toHaveLength(65_535);
    expect(run?.output.summary?.endsWith("…")).toBe(true);
  });

  describe("a 502 after GitHub saved the write never duplicates it", () => {
    it("createBranch finds the branch it made", async () => {
      gh.faults.add({ method: "POST", route: `${REPO}/git/refs`, status: 502, afterCommit: true });
      const main = gh.repo("acme/checkout").headSha;
      expect(await pulls.createBranch("pm", main)).toBe(true);
      expect(gh.repo("acme/checkout").ref("heads/pm")).toBe(main);
      expect(gh.faults.pending()).toEqual([]);
    });

    it("writeFile finds its text on the branch and makes one commit", async () => {
      await pulls.createBranch("pm", gh.repo("acme/checkout").headSha);
      const before = gh.repo("acme/checkout").ref("heads/pm");
      gh.faults.add({ method: "PUT", route: `${REPO}/contents/{path}`, status: 502, afterCommit: true });
      const written = await pulls.writeFile({ path: "a.md", branch: "pm", text: "a\n", message: "Add a" });
      expect(written.commit).toBe(gh.repo("acme/checkout").ref("heads/pm"));
      const puts = gh.requests.filter((r) => r.method === "PUT");
      expect(puts.map((r) => r.status)).toEqual([502]);
      expect(written.commit).not.toBe(before);
    });

    it("createPull finds the pull request by its head", async () => {
      await branchWithFile("pm");
      gh.faults.add({ method: "POST", route: `${REPO}/pulls`, status: 502, afterCommit: true });
      const pull = await pulls.createPull({ title: "Post-mortem", body: "", head: "pm", base: "main" });
      expect(
        gh
          .repo("acme/checkout")
          .pulls()
          .map((p) => p.number),
      ).toEqual([pull.number]);
      // Found by looking, not by posting again (which GitHub would refuse with 422).
      expect(gh.requests.filter((r) => r.method === "POST" && r.route === `${REPO}/pulls`)).toHaveLength(1);
    });

    it("createCheckRun finds the run it posted, not an older one of the same name", async () => {
      const sha = gh.repo("acme/checkout").headSha;
      const output = { title: "t", summary: "first" };
      const older = await pulls.createCheckRun({ name: "pm", headSha: sha, conclusion: "neutral", output });
      gh.faults.add({ method: "POST", route: `${REPO}/check-runs`, status: 502, afterCommit: true });
      const id = await pulls.createCheckRun({
        name: "pm",
        headSha: sha,
        conclusion: "failure",
        output: { title: "t", summary: "second" },
      });
      expect(id).not.toBe(older);
      expect(
        gh
          .repo("acme/checkout")
          .checkRuns(sha)
          .map((r) => r.id),
      ).toEqual([older, id]);
    });

    it("a create that did not land is posted again", async () => {
      gh.faults.add({ method: "POST", route: `${REPO}/check-runs`, status: 502 });
      const sha = gh.repo("acme/checkout").headSha;
      const output = { title: "t", summary: "s" };
      const id = await pulls.createCheckRun({ name: "pm", headSha: sha, conclusion: "neutral", output });
      expect(
        gh
          .repo("acme/checkout")
          .checkRuns(sha)
          .map((r) => r.id),
      ).toEqual([id]);
    });
  });
});
