import type { GitHubStandIn } from "../../github-standin/index.js";
import { expectStatus, type TestOctokitInstance, useStandIn } from "./helpers.js";

const repo = { owner: "acme", repo: "checkout" };

describe("stand-in resources", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;

  useStandIn((env) => ({ gh, octokit } = env));

  describe("contents", () => {
    it("serves raw text for the raw media type and base64 JSON otherwise", async () => {
      const raw = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
        ...repo,
        path: ".github/firebreak.yml",
        mediaType: { format: "raw" },
      });
      expect(raw.data).toBe("severity: sev2\n");
      expect(raw.headers["content-type"]).toBe("text/plain; charset=utf-8");
      const obj = await octokit.rest.repos.getContent({ ...repo, path: ".github/firebreak.yml" });
      const file = obj.data as { type: string; content: string; encoding: string };
      expect(file.type).toBe("file");
      expect(Buffer.from(file.content, "base64").toString("utf8")).toBe("severity: sev2\n");
      await expectStatus(octokit.rest.repos.getContent({ ...repo, path: "missing.yml" }), 404);
      await expectStatus(octokit.rest.repos.getContent({ ...repo, path: ".github/firebreak.yml", ref: "nope" }), 404);
      const dir = await octokit.rest.repos.getContent({ ...repo, path: ".github" });
      expect(Array.isArray(dir.data)).toBe(true);
    });

    it("works with Probot's config plugin, including the owner's .github repo and _extends", async () => {
      gh.addRepo("acme/.github", {
        files: { ".github/firebreak.yml": "_extends: shared:base.yml\nchannel: '#ops'\n" },
      });
      gh.addRepo("acme/shared", { files: { "base.yml": "severity: sev3\nteam: sre\n" } });
      gh.addRepo("acme/payments");
      const own = await octokit.config.get({ ...repo, path: ".github/firebreak.yml" });
      expect(own.config).toEqual({ severity: "sev2" });
      // payments has no file: falls back to acme/.github, which extends acme/shared:base.yml.
      const inherited = await octokit.config.get({ owner: "acme", repo: "payments", path: ".github/firebreak.yml" });
      expect(inherited.config).toEqual({ severity: "sev3", team: "sre", channel: "#ops" });
      expect(inherited.files.map((f) => `${f.owner}/${f.repo}:${f.path}`)).toEqual([
        "acme/payments:.github/firebreak.yml",
        "acme/.github:.github/firebreak.yml",
        "acme/shared:base.yml",
      ]);
    });
  });

  describe("labels", () => {
    it("adding one new and one existing label auto-creates the new one and records one labeled event", async () => {
      gh.repo("acme/checkout").addLabel("incident", "b60205");
      const { data: issue } = await octokit.rest.issues.create({ ...repo, title: "t", labels: ["incident"] });
      gh.takeDeliveries();
      gh.clock.advance("1m");
      const { data: labels } = await octokit.rest.issues.addLabels({
        ...repo,
        issue_number: issue.number,
        labels: ["incident", "sev1"],
      });
      expect(labels.map((l) => [l.name, l.color])).toEqual([
        ["incident", "b60205"],
        ["sev1", "ededed"],
      ]);
      const snap = gh.repo("acme/checkout").issue(issue.number);
      expect(snap.timeline.filter((e) => e.event === "labeled").map((e) => e.label)).toEqual(["incident", "sev1"]);
      expect(snap.updatedAt).toBe("2026-11-25T12:01:00Z");
      const deliveries = gh.takeDeliveries();
      expect(deliveries.map((d) => `${d.name}.${String(d.payload.action)}`)).toEqual(["issues.labeled"]);
    });

    it("422 for an existing repo label, 404 when removing a label the issue lacks", async () => {
      await octokit.rest.issues.createLabel({ ...repo, name: "sev1", color: "ff0000", description: "Severity 1" });
      const dup = await expectStatus(octokit.rest.issues.createLabel({ ...repo, name: "SEV1", color: "ff0000" }), 422);
      expect(dup.errors).toEqual([{ resource: "Label", code: "already_exists", field: "name" }]);
      const { data: issue } = await octokit.rest.issues.create({ ...repo, title: "t" });
      const gone = await expectStatus(
        octokit.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: "sev1" }),
        404,
      );
      expect(gone.message).toBe("Label does not exist");
      const { data: label } = await octokit.rest.issues.getLabel({ ...repo, name: "sev1" });
      expect(label).toMatchObject({ name: "sev1", color: "ff0000", description: "Severity 1" });
      await octokit.rest.issues.updateLabel({ ...repo, name: "sev1", new_name: "sev-1" });
      await expectStatus(octokit.rest.issues.getLabel({ ...repo, name: "sev1" }), 404);
      const all = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 1 });
      expect(all.map((l) => l.name)).toEqual(["sev-1"]);
      expect(gh.takeDeliveries().map((d) => `${d.name}.${String(d.payload.action)}`)).toEqual([
        "label.created",
        "issues.opened",
        "label.edited",
      ]);
    });

    it("PUT replaces labels with labeled/unlabeled events; DELETE of a present label works", async () => {
      const { data: issue } = await octokit.rest.issues.create({ ...repo, title: "t", labels: ["a", "b"] });
      await octokit.rest.issues.setLabels({ ...repo, issue_number: issue.number, labels: ["b", "c"] });
      await octokit.rest.issues.removeLabel({ ...repo, issue_number: issue.number, name: "b" });
      const snap = gh.repo("acme/checkout").issue(issue.number);
      expect(snap.labels).toEqual(["c"]);
      expect(snap.timeline.map((e) => `${e.event}:${e.label}`)).toEqual([
        "labeled:a",
        "labeled:b",
        "unlabeled:a",
        "labeled:c",
        "unlabeled:b",
      ]);
    });
  });

  describe("issues", () => {
    it("PATCH creates renamed and closed events and list filters by labels/state", async () => {
      const { data: a } = await octokit.rest.issues.create({ ...repo, title: "one", labels: ["incident", "sev1"] });
      await octokit.rest.issues.create({ ...repo, title: "two", labels: ["incident"] });
      gh.clock.advance("10m");
      await octokit.rest.issues.update({
        ...repo,
        issue_number: a.number,
        title: "one!",
        state: "closed",
        state_reason: "completed",
      });
      const snap = gh.repo("acme/checkout").issue(a.number);
      expect(snap).toMatchObject({
        title: "one!",
        state: "closed",
        state_reason: "completed",
        closedAt: "2026-11-25T12:10:00Z",
      });
      expect(snap.timeline.map((e) => e.event)).toEqual(["labeled", "labeled", "renamed", "closed"]);
      const open = await octokit.rest.issues.listForRepo({ ...repo, labels: "incident" });
      expect(open.data.map((i) => i.title)).toEqual(["two"]);
      const all = await octokit.rest.issues.listForRepo({ ...repo, labels: "incident,sev1", state: "all" });
      expect(all.data.map((i) => i.title)).toEqual(["one!"]);
      const deliveries = gh.takeDeliveries().map((d) => `${d.name}.${String(d.payload.action)}`);
      expect(deliveries.slice(-2)).toEqual(["issues.edited", "issues.closed"]);
    });

    it("assignees who are not collaborators are silently skipped", async () => {
      const { data: issue } = await octokit.rest.issues.create({ ...repo, title: "t" });
      const { data } = await octokit.rest.issues.addAssignees({
        ...repo,
        issue_number: issue.number,
        assignees: ["alice", "mallory"],
      });
      expect(data.assignees?.map((a) => a.login)).toEqual(["alice"]);
      await octokit.rest.issues.checkUserCanBeAssigned({ ...repo, assignee: "dave" });
      await expectStatus(octokit.rest.issues.checkUserCanBeAssigned({ ...repo, assignee: "mallory" }), 404);
      await octokit.rest.issues.removeAssignees({ ...repo, issue_number: issue.number, assignees: ["alice"] });
      expect(
        gh
          .repo("acme/checkout")
          .issue(issue.number)
          .timeline.map((e) => `${e.event}:${e.assignee}`),
      ).toEqual(["assigned:alice", "unassigned:alice"]);
    });

    it("comments, edits, deletes and reactions", async () => {
      const { data: issue } = await octokit.rest.issues.create({ ...repo, title: "t" });
      const { data: c } = await octokit.rest.issues.createComment({
        ...repo,
        issue_number: issue.number,
        body: "hello",
      });
      expect(c.performed_via_github_app?.slug).toBe("firebreak");
      const first = await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: c.id, content: "eyes" });
      const again = await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: c.id, content: "eyes" });
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.data.id).toBe(first.data.id);
      const eyes = await octokit.rest.reactions.listForIssueComment({ ...repo, comment_id: c.id, content: "eyes" });
      expect(eyes.data).toHaveLength(1);
      const none = await octokit.rest.reactions.listForIssueComment({ ...repo, comment_id: c.id, content: "rocket" });
      expect(none.data).toHaveLength(0);
      await octokit.rest.reactions.createForIssue({ ...repo, issue_number: issue.number, content: "+1" });
      await octokit.rest.issues.updateComment({ ...repo, comment_id: c.id, body: "edited" });
      const { data: got } = await octokit.rest.issues.getComment({ ...repo, comment_id: c.id });
      expect(got.body).toBe("edited");
      expect(got.reactions?.eyes).toBe(1);
      await octokit.rest.issues.deleteComment({ ...repo, comment_id: c.id });
      await expectStatus(octokit.rest.issues.getComment({ ...repo, comment_id: c.id }), 404);
      const snap = gh.repo("acme/checkout").issue(issue.number);
      expect(snap.comments).toEqual([]);
      expect(snap.reactions).toEqual([{ user: "firebreak[bot]", content: "+1" }]);
      expect(gh.takeDeliveries().map((d) => `${d.name}.${String(d.payload.action)}`)).toEqual([
        "issues.opened",
        "issue_comment.created",
        "issue_comment.edited",
        "issue_comment.deleted",
      ]);
    });
  });

  describe("permissions", () => {
    it("maps maintain to write and triage to read in `permission`, keeps role_name exact", async () => {
      const perms: Record<string, [string, string]> = {};
      for (const username of ["alice", "bob", "carol", "dave", "erin"]) {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
        perms[username] = [data.permission, data.role_name];
      }
      expect(perms).toEqual({
        alice: ["admin", "admin"],
        bob: ["write", "maintain"],
        carol: ["write", "write"],
        dave: ["read", "triage"],
        erin: ["read", "read"],
      });
      await expectStatus(octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: "mallory" }), 404);
    });
  });

  describe("git refs", () => {
    it("creates refs in any namespace once, then 422 'Reference already exists'", async () => {
      const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: "heads/main" });
      const sha = main.object.sha;
      expect(sha).toBe(gh.repo("acme/checkout").headSha);
      await octokit.rest.git.createRef({ ...repo, ref: "refs/firebreak/locks/inc-1", sha });
      const dup = await expectStatus(
        octokit.rest.git.createRef({ ...repo, ref: "refs/firebreak/locks/inc-1", sha }),
        422,
      );
      expect(dup.message).toBe("Reference already exists");
      await expectStatus(octokit.rest.git.createRef({ ...repo, ref: "refs/firebreak/x", sha: "0".repeat(40) }), 422);
      const matching = await octokit.rest.git.listMatchingRefs({ ...repo, ref: "firebreak/" });
      expect(matching.data.map((r) => r.ref)).toEqual(["refs/firebreak/locks/inc-1"]);
      const next = gh.repo("acme/checkout").commit();
      await octokit.rest.git.updateRef({ ...repo, ref: "firebreak/locks/inc-1", sha: next });
      expect(gh.repo("acme/checkout").ref("refs/firebreak/locks/inc-1")).toBe(next);
      await octokit.rest.git.deleteRef({ ...repo, ref: "firebreak/locks/inc-1" });
      await expectStatus(octokit.rest.git.deleteRef({ ...repo, ref: "firebreak/locks/inc-1" }), 422);
      await expectStatus(octokit.rest.git.getRef({ ...repo, ref: "firebreak/locks/inc-1" }), 404);
    });
  });

  describe("app auth", () => {
    it("GET /app with a JWT returns the firebreak app; the repo installation is found", async () => {
      const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2ln";
      const res = await fetch(`${gh.baseUrl}/app`, { headers: { authorization: `bearer ${jwt}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { slug: string }).slug).toBe("firebreak");
      const inst = await fetch(`${gh.baseUrl}/repos/acme/checkout/installation`, {
        headers: { authorization: `bearer ${jwt}` },
      });
      expect(((await inst.json()) as { id: number }).id).toBe(gh.installationId);
      expect(gh.requests.map((r) => r.actor)).toContain("app");
    });

    it("supports etag / if-none-match", async () => {
      const first = await octokit.rest.repos.get(repo);
      expect(first.data.default_branch).toBe("main");
      await expectStatus(octokit.rest.repos.get({ ...repo, headers: { "if-none-match": first.headers.etag } }), 304);
    });

    it("answers a raw file read 304 while the file is unchanged, and logs the 304", async () => {
      const read = (etag?: string) =>
        octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
          ...repo,
          path: ".github/firebreak.yml",
          mediaType: { format: "raw" },
          ...(etag ? { headers: { "if-none-match": etag } } : {}),
        });
      const first = await read();
      expect(first.data).toBe("severity: sev2\n");
      const etag = first.headers.etag!;
      await expectStatus(read(etag), 304);
      await expectStatus(read(`"other", ${etag.replace(/^W\//, "")}`), 304);
      gh.repo("acme/checkout").setFile(".github/firebreak.yml", "severity: sev1\n");
      const changed = await read(etag);
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
      expect(gh.requests.map((r) => r.status).slice(-4)).toEqual([200, 304, 304, 200]);
    });
  });

  describe("push", () => {
    it("changes the default branch's files and returns a push delivery listing them", () => {
      const handle = gh.repo("acme/checkout");
      const before = handle.headSha;
      const [delivery] = gh.as("carol").push("acme/checkout", {
        files: { ".github/firebreak.yml": null, ".github/incident.yml": "defaultSeverity: sev1\n" },
      });
      expect(handle.file(".github/firebreak.yml")).toBeUndefined();
      expect(handle.file(".github/incident.yml")).toBe("defaultSeverity: sev1\n");
      expect(delivery!.name).toBe("push");
      const payload = delivery!.payload as {
        commits: unknown[];
        repository: { pushed_at: unknown };
        pusher: { name: string };
      };
      expect(payload).toMatchObject({ ref: "refs/heads/main", before, after: handle.headSha, deleted: false });
      expect(payload.commits).toHaveLength(1);
      expect(payload.commits[0]).toMatchObject({
        added: [".github/incident.yml"],
        modified: [],
        removed: [".github/firebreak.yml"],
      });
      expect(payload.repository).toMatchObject({ full_name: "acme/checkout", default_branch: "main" });
      expect(typeof payload.repository.pushed_at).toBe("number");
      expect(payload.pusher.name).toBe("carol");
    });

    it("leaves the default branch's files alone for a push to another branch", () => {
      const [delivery] = gh.as("carol").push("acme/checkout", {
        files: { ".github/firebreak.yml": "x: 1\n" },
        branch: "feature",
      });
      expect(gh.repo("acme/checkout").file(".github/firebreak.yml")).toBe("severity: sev2\n");
      expect((delivery!.payload as { ref: string }).ref).toBe("refs/heads/feature");
    });

    it("refuses a push from someone without write access, as GitHub does", () => {
      expect(() => gh.as("erin").push("acme/checkout", { files: { a: "b" } })).toThrow(/requires write/);
    });
  });
  describe("simulated round trip", () => {
    it("answers after latencyMs (default 0) and logs when each request started and was answered", async () => {
      expect(gh.latencyMs).toBe(0);
      gh.latencyMs = 60;
      const start = performance.now();
      await octokit.rest.issues.listForRepo(repo);
      expect(performance.now() - start).toBeGreaterThanOrEqual(55);
      const entry = gh.requests.at(-1);
      expect(entry?.route).toBe("/repos/{owner}/{repo}/issues");
      expect((entry?.endedMs ?? 0) - (entry?.startedMs ?? 0)).toBeGreaterThanOrEqual(55);
      gh.latencyMs = 0;
    });
  });
});
