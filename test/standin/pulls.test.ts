import type { GitHubStandIn } from "../../github-standin/index.js";
import { expectStatus, type TestOctokitInstance, useStandIn } from "./helpers.js";

const repo = { owner: "acme", repo: "checkout" };
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("stand-in branches, files, pull requests and check runs", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;

  useStandIn((env) => ({ gh, octokit } = env));

  /** A branch off main, as the app makes one. */
  async function branch(name: string): Promise<string> {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${name}`, sha: main.object.sha });
    return main.object.sha;
  }

  async function write(path: string, text: string, onBranch: string, sha?: string) {
    return octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path,
      branch: onBranch,
      message: `Write ${path}`,
      content: base64(text),
      ...(sha ? { sha } : {}),
    });
  }

  /** A branch with one new file, and a pull request from it into main. */
  async function openPull(head: string, body = "") {
    await branch(head);
    await write(`postmortems/${head}.md`, `# ${head}\n`, head);
    return octokit.rest.pulls.create({ ...repo, title: `Post-mortem ${head}`, body, head, base: "main" });
  }

  describe("branches", () => {
    it("a branch is created once: the second create is 422 Reference already exists, an unknown sha 422 too", async () => {
      const sha = await branch("postmortem/INC-1");
      const { data } = await octokit.rest.git.getRef({ ...repo, ref: "heads/postmortem/INC-1" });
      expect(data.object.sha).toBe(sha);
      const again = await expectStatus(
        octokit.rest.git.createRef({ ...repo, ref: "refs/heads/postmortem/INC-1", sha }),
        422,
      );
      expect(again.message).toBe("Reference already exists");
      const unknown = await expectStatus(
        octokit.rest.git.createRef({ ...repo, ref: "refs/heads/other", sha: "f".repeat(40) }),
        422,
      );
      expect(unknown.message).toBe("Object does not exist");
    });

    it("deleting a branch makes its files and its ref 404", async () => {
      await branch("doomed");
      await octokit.rest.git.deleteRef({ ...repo, ref: "heads/doomed" });
      await expectStatus(octokit.rest.git.getRef({ ...repo, ref: "heads/doomed" }), 404);
      await expectStatus(octokit.rest.repos.getContent({ ...repo, path: ".github/firebreak.yml", ref: "doomed" }), 404);
    });
  });

  describe("contents on a branch", () => {
    it("creates (201), then updates with the blob sha (200); the default branch does not change", async () => {
      await branch("pm");
      const created = await write("postmortems/INC-1.md", "# INC-1\n", "pm");
      expect(created.status).toBe(201);
      const blob = created.data.content?.sha;
      expect(blob).toBe("b19064cb6facb01112c036502cbc5842607f5c83"); // `git hash-object` of "# INC-1\n"
      const updated = await write("postmortems/INC-1.md", "# INC-1\n\nMore.\n", "pm", blob);
      expect(updated.status).toBe(200);
      expect(updated.data.commit.parents?.map((p) => p.sha)).toEqual([created.data.commit.sha]);
      const { data } = await octokit.rest.repos.getContent({ ...repo, path: "postmortems/INC-1.md", ref: "pm" });
      expect(Buffer.from((data as { content: string }).content, "base64").toString("utf8")).toBe("# INC-1\n\nMore.\n");
      await expectStatus(octokit.rest.repos.getContent({ ...repo, path: "postmortems/INC-1.md" }), 404);
      expect(gh.repo("acme/checkout").fileAt("postmortems/INC-1.md", "pm")).toBe("# INC-1\n\nMore.\n");
      expect(gh.repo("acme/checkout").file("postmortems/INC-1.md")).toBeUndefined();
    });

    it("the same text gets the same blob sha on any branch (git's blob hash)", async () => {
      await branch("a");
      await branch("b");
      const one = await write("x.md", "same\n", "a");
      const two = await write("x.md", "same\n", "b");
      expect(one.data.content?.sha).toBe("1275430f1765c63e539cb0452565563bd6aef6a6"); // `git hash-object` of "same\n"
      expect(two.data.content?.sha).toBe(one.data.content?.sha);
    });

    it("refuses an existing file without sha (422), a stale sha (409) and a missing branch (404)", async () => {
      await branch("pm");
      const first = await write("f.md", "one\n", "pm");
      const missing = await expectStatus(write("f.md", "two\n", "pm"), 422);
      expect(missing.message).toBe('Invalid request.\n\n"sha" wasn\'t supplied.');
      await write("f.md", "two\n", "pm", first.data.content?.sha);
      const stale = await expectStatus(write("f.md", "three\n", "pm", first.data.content?.sha), 409);
      expect(stale.message).toBe(`f.md does not match ${first.data.content?.sha}`);
      const nowhere = await expectStatus(write("f.md", "x\n", "nope"), 404);
      expect(nowhere.message).toBe("Branch nope not found");
      expect(gh.repo("acme/checkout").fileAt("f.md", "pm")).toBe("two\n");
    });

    it("a write to the default branch is pushed (push delivery) and shows in repo.files", async () => {
      gh.takeDeliveries();
      await write("docs/x.md", "x\n", "main");
      expect(gh.repo("acme/checkout").file("docs/x.md")).toBe("x\n");
      const [push] = gh.takeDeliveries();
      expect(push?.name).toBe("push");
      expect(push?.payload).toMatchObject({ ref: "refs/heads/main", head_commit: { added: ["docs/x.md"] } });
    });
  });

  describe("pull requests", () => {
    it("opens a pull request that is also an issue, and refuses a duplicate, a missing head and head == base", async () => {
      gh.takeDeliveries();
      const { data: pull, status } = await openPull("pm-1");
      expect(status).toBe(201);
      expect(pull).toMatchObject({ state: "open", merged: false, head: { ref: "pm-1" }, base: { ref: "main" } });
      expect(pull.changed_files).toBe(1);
      const { data: issue } = await octokit.rest.issues.get({ ...repo, issue_number: pull.number });
      expect(issue.pull_request).toMatchObject({ url: pull.url, html_url: pull.html_url, merged_at: null });
      const dup = await expectStatus(
        octokit.rest.pulls.create({ ...repo, title: "again", head: "acme:pm-1", base: "main" }),
        422,
      );
      expect(dup.errors).toEqual([
        { resource: "PullRequest", code: "custom", message: "A pull request already exists for acme:pm-1." },
      ]);
      const nohead = await expectStatus(
        octokit.rest.pulls.create({ ...repo, title: "t", head: "nope", base: "main" }),
        422,
      );
      expect(nohead.errors).toEqual([{ resource: "PullRequest", field: "head", code: "invalid" }]);
      await expectStatus(octokit.rest.pulls.create({ ...repo, title: "t", head: "main", base: "main" }), 422);
      const kinds = gh.takeDeliveries().map((d) => `${d.name}.${String(d.payload.action)}`);
      expect(kinds).toContain("pull_request.opened");
    });

    it("lists by head (owner:branch) and state, and a comment on it is an issue_comment whose issue has pull_request", async () => {
      const { data: one } = await openPull("pm-1");
      await openPull("pm-2");
      const { data: byHead } = await octokit.rest.pulls.list({ ...repo, head: "acme:pm-1", state: "all" });
      expect(byHead.map((p) => p.number)).toEqual([one.number]);
      const { data: open } = await octokit.rest.pulls.list({ ...repo });
      expect(open).toHaveLength(2);
      gh.takeDeliveries();
      await octokit.rest.issues.createComment({ ...repo, issue_number: one.number, body: "hello" });
      const [comment] = gh.takeDeliveries();
      expect(comment?.name).toBe("issue_comment");
      expect(comment?.payload.issue).toMatchObject({ number: one.number, pull_request: { url: one.url } });
    });

    it("merging closes the issues the body fixes, with a closed event naming the merge commit", async () => {
      const fixed = gh.as("alice").openIssue("acme/checkout", { title: "Action item" }).issueNumber;
      const other = gh.as("alice").openIssue("acme/checkout", { title: "Merely mentioned" }).issueNumber;
      const { data: pull } = await openPull("pm-1", `Fixes #${fixed}\nSee #${other}.`);
      gh.takeDeliveries();
      const merged = gh.as("alice").mergePull("acme/checkout", pull.number);
      expect(merged.map((d) => `${d.name}.${String(d.payload.action)}`)).toEqual([
        "push.undefined",
        "pull_request.closed",
        "issues.closed",
      ]);
      expect(merged[1]?.payload.pull_request).toMatchObject({ merged: true, merge_commit_sha: merged.sha });
      const checkout = gh.repo("acme/checkout");
      expect(checkout.file("postmortems/pm-1.md")).toBe("# pm-1\n");
      expect(checkout.issue(other).state).toBe("open");
      const { data: events } = await octokit.rest.issues.listEventsForTimeline({ ...repo, issue_number: fixed });
      expect(events.at(-1)).toMatchObject({
        event: "closed",
        actor: { login: "alice" },
        commit_id: merged.sha,
        state_reason: "completed",
      });
      const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        ...repo,
        commit_sha: merged.sha,
      });
      expect(pulls.map((p) => p.number)).toEqual([pull.number]);
      const { data: after } = await octokit.rest.pulls.get({ ...repo, pull_number: pull.number });
      expect(after).toMatchObject({ merged: true, state: "closed", merge_commit_sha: merged.sha, changed_files: 1 });
    });

    it("merges through the API; a closed pull request is 405 and the fix keyword on another base closes nothing", async () => {
      const fixed = gh.as("alice").openIssue("acme/checkout", { title: "Action item" }).issueNumber;
      await branch("release");
      await branch("pm-1");
      await write("a.md", "a\n", "pm-1");
      const { data: pull } = await octokit.rest.pulls.create({
        ...repo,
        title: `Closes #${fixed}`,
        head: "pm-1",
        base: "release",
      });
      const { data: result } = await octokit.rest.pulls.merge({ ...repo, pull_number: pull.number });
      expect(result).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
      expect(gh.repo("acme/checkout").fileAt("a.md", "release")).toBe("a\n");
      expect(gh.repo("acme/checkout").issue(fixed).state).toBe("open");
      await expectStatus(octokit.rest.pulls.merge({ ...repo, pull_number: pull.number }), 405);
    });

    it("a push to the head branch of an open pull request sends pull_request.synchronize", async () => {
      const { data: pull } = await openPull("pm-1");
      gh.takeDeliveries();
      const pushed = gh.as("carol").push("acme/checkout", { branch: "pm-1", files: { "b.md": "b\n" } });
      expect(pushed.map((d) => `${d.name}.${String(d.payload.action)}`)).toEqual([
        "push.undefined",
        "pull_request.synchronize",
      ]);
      expect(gh.repo("acme/checkout").pull(pull.number).headSha).toBe(pushed.sha);
    });

    it("deleting the head branch closes the open pull request; its timeline shows merged and closed when merged", async () => {
      const { data: doomed } = await openPull("pm-doomed");
      gh.takeDeliveries();
      await octokit.rest.git.deleteRef({ ...repo, ref: "heads/pm-doomed" });
      expect(gh.takeDeliveries().map((d) => `${d.name}.${String(d.payload.action)}`)).toEqual(["pull_request.closed"]);
      expect(gh.repo("acme/checkout").pull(doomed.number)).toMatchObject({ state: "closed", merged: false });
      const { data: kept } = await openPull("pm-kept");
      const merged = gh.as("alice").mergePull("acme/checkout", kept.number);
      expect(gh.as("alice").deleteBranch("acme/checkout", "pm-kept")).toEqual([]);
      const { data: timeline } = await octokit.rest.issues.listEventsForTimeline({
        ...repo,
        issue_number: kept.number,
      });
      expect(timeline.map((e) => [e.event, (e as { commit_id?: string | null }).commit_id])).toEqual([
        ["merged", merged.sha],
        ["closed", null],
      ]);
    });

    it("edits and closes through PATCH, with pull_request deliveries", async () => {
      const { data: pull } = await openPull("pm-1");
      gh.takeDeliveries();
      await octokit.rest.pulls.update({ ...repo, pull_number: pull.number, title: "New title", state: "closed" });
      const kinds = gh.takeDeliveries().map((d) => `${d.name}.${String(d.payload.action)}`);
      expect(kinds).toEqual(["pull_request.edited", "pull_request.closed"]);
      expect(gh.repo("acme/checkout").pull(pull.number)).toMatchObject({ title: "New title", state: "closed" });
    });

    it("review requests fail whole for the author or a non-collaborator, else 201", async () => {
      const { data: pull } = await openPull("pm-1");
      const author = await expectStatus(
        octokit.rest.pulls.requestReviewers({
          ...repo,
          pull_number: pull.number,
          reviewers: ["alice", "firebreak[bot]"],
        }),
        422,
      );
      expect(author.message).toBe("Review cannot be requested from pull request author.");
      const stranger = await expectStatus(
        octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pull.number, reviewers: ["alice", "mallory"] }),
        422,
      );
      expect(stranger.message).toBe(
        "Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the acme/checkout repository.",
      );
      expect(gh.repo("acme/checkout").requestedReviewers(pull.number)).toEqual([]);
      const ok = await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pull.number, reviewers: ["alice"] });
      expect(ok.status).toBe(201);
      const { data } = await octokit.rest.pulls.listRequestedReviewers({ ...repo, pull_number: pull.number });
      expect(data.users.map((u) => u.login)).toEqual(["alice"]);
    });
  });

  describe("check runs", () => {
    it("creates, completes, lists by name and refuses a summary over 65,535 characters", async () => {
      const sha = gh.repo("acme/checkout").headSha;
      const { data: run } = await octokit.rest.checks.create({
        ...repo,
        name: "firebreak/post-mortem",
        head_sha: sha,
        status: "in_progress",
        external_id: "INC-1",
      });
      expect(run).toMatchObject({ status: "in_progress", conclusion: null, external_id: "INC-1" });
      await octokit.rest.checks.create({ ...repo, name: "other", head_sha: sha, conclusion: "success" });
      const { data: done } = await octokit.rest.checks.update({
        ...repo,
        check_run_id: run.id,
        conclusion: "failure",
        output: { title: "2 action items open", summary: "- [ ] #3" },
      });
      expect(done).toMatchObject({ status: "completed", conclusion: "failure", output: { summary: "- [ ] #3" } });
      const { data: listed } = await octokit.rest.checks.listForRef({
        ...repo,
        ref: sha,
        check_name: "firebreak/post-mortem",
      });
      expect(listed.check_runs.map((r) => r.id)).toEqual([run.id]);
      const { data: byBranch } = await octokit.rest.checks.listForRef({ ...repo, ref: "main" });
      expect(byBranch.total_count).toBe(2);
      await expectStatus(
        octokit.rest.checks.create({
          ...repo,
          name: "too-long",
          head_sha: sha,
          conclusion: "neutral",
          output: { title: "t", summary: "x".repeat(65_536) },
        }),
        422,
      );
      // The OpenAPI description documents the limit: the request is one GitHub rejects, and nothing was made.
      expect(gh.violations.map((v) => v.reason)).toEqual([expect.stringMatching(/summary/)]);
      gh.violations.length = 0;
      expect(
        gh
          .repo("acme/checkout")
          .checkRuns(sha)
          .map((r) => r.name),
      ).toEqual(["firebreak/post-mortem", "other"]);
    });

    it("Re-run sends check_run.rerequested with the run's head sha, name and pull requests", async () => {
      const { data: pull } = await openPull("pm-1");
      const { data: run } = await octokit.rest.checks.create({
        ...repo,
        name: "firebreak/post-mortem",
        head_sha: pull.head.sha,
        conclusion: "failure",
      });
      const [delivery] = gh.as("carol").rerequestCheckRun("acme/checkout", run.id);
      expect(delivery?.name).toBe("check_run");
      expect(delivery?.payload).toMatchObject({
        action: "rerequested",
        check_run: {
          id: run.id,
          head_sha: pull.head.sha,
          name: "firebreak/post-mortem",
          pull_requests: [{ number: pull.number }],
        },
        sender: { login: "carol" },
      });
    });
  });

  describe("issues", () => {
    it("POST /issues with an assignee who cannot be assigned is 422 and creates nothing", async () => {
      const refused = await expectStatus(
        octokit.rest.issues.create({ ...repo, title: "t", assignees: ["alice", "mallory"] }),
        422,
      );
      expect(refused.errors).toEqual([{ resource: "Issue", field: "assignees", code: "invalid", value: "mallory" }]);
      expect(gh.repo("acme/checkout").issueNumbers()).toEqual([]);
      expect(gh.takeDeliveries()).toEqual([]);
    });
  });
});
