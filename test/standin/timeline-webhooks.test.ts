import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { Probot, ProbotOctokit } from "probot";
import type { GitHubStandIn } from "../../github-standin/index.js";
import { expectStatus, type TestOctokitInstance, useStandIn } from "./helpers.js";

const repo = { owner: "acme", repo: "checkout" };
type Example = { name: string; examples: Array<Record<string, unknown>> };
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as Example[];

function exampleKeys(name: string, action: string, field: string): string[] {
  const ex = examples.find((e) => e.name === name)!.examples.find((x) => x.action === action && field in x)!;
  return Object.keys(ex[field] as object);
}

describe("timeline, webhooks and faults", () => {
  let gh: GitHubStandIn;
  let octokit: TestOctokitInstance;

  useStandIn((env) => ({ gh, octokit } = env));

  it("paginates the timeline with Link headers that Octokit's paginate follows", async () => {
    const opened = gh.as("alice").openIssue("acme/checkout", { title: "Checkout 500s", labels: ["incident"] });
    const n = opened.issueNumber;
    for (let i = 0; i < 6; i++) {
      gh.clock.advance("1m");
      gh.as("carol").comment("acme/checkout", n, `update ${i}`);
    }
    gh.as("dave").addLabels("acme/checkout", n, ["sev1"]);
    const page1 = await octokit.rest.issues.listEventsForTimeline({ ...repo, issue_number: n, per_page: 3 });
    expect(page1.headers.link).toMatch(/page=2>; rel="next", <[^>]*page=3>; rel="last"/);
    const all = await octokit.paginate(octokit.rest.issues.listEventsForTimeline, {
      ...repo,
      issue_number: n,
      per_page: 3,
    });
    expect(all.map((e) => e.event)).toEqual(["labeled", ...Array(6).fill("commented"), "labeled"]);
    const firstComment = all[1] as { body?: string; actor?: { login: string }; created_at: string };
    expect(firstComment).toMatchObject({
      body: "update 0",
      actor: { login: "carol" },
      created_at: "2026-11-25T12:01:00Z",
    });
    const labeled = all[7] as {
      label?: { name: string; color: string };
      actor?: { login: string };
      performed_via_github_app: unknown;
    };
    expect(labeled).toMatchObject({
      label: { name: "sev1", color: "ededed" },
      actor: { login: "dave" },
      performed_via_github_app: null,
    });
    expect(gh.requests.filter((r) => r.route === "/repos/{owner}/{repo}/issues/{issue_number}/timeline")).toHaveLength(
      4,
    );
  });

  it("shows edited comment bodies and drops deleted comments", async () => {
    const n = gh.as("alice").openIssue("acme/checkout", { title: "t" }).issueNumber;
    const { commentId } = gh.as("alice").comment("acme/checkout", n, "first");
    const second = gh.as("alice").comment("acme/checkout", n, "second").commentId;
    gh.as("alice").editComment("acme/checkout", commentId, "first (edited)");
    gh.as("alice").deleteComment("acme/checkout", second);
    const { data } = await octokit.rest.issues.listEventsForTimeline({ ...repo, issue_number: n });
    expect(data.map((e) => (e as { body?: string }).body)).toEqual(["first (edited)"]);
  });

  it("user actions return deliveries shaped like GitHub's examples", () => {
    const opened = gh.as("alice").openIssue("acme/checkout", {
      title: "DB down",
      body: "help",
      labels: ["incident", "sev2"],
      assignees: ["bob", "mallory"],
    });
    expect(opened.map((d) => `${d.name}.${String(d.payload.action)}`)).toEqual([
      "issues.opened",
      "issues.labeled",
      "issues.labeled",
      "issues.assigned",
    ]);
    const [first] = opened;
    expect(first!.id).toMatch(/^[0-9a-f-]{36}$/);
    const payload = first!.payload as Record<string, Record<string, unknown>>;
    for (const field of ["issue", "repository", "sender"]) {
      expect(Object.keys(payload[field]!)).toEqual(expect.arrayContaining(exampleKeys("issues", "opened", field)));
    }
    expect(payload.installation).toEqual({ id: 1, node_id: expect.any(String) });
    expect(payload.sender).toMatchObject({ login: "alice", type: "User" });
    expect(payload.issue).toMatchObject({ number: opened.issueNumber, title: "DB down", state: "open" });
    expect((payload.issue!.labels as Array<{ name: string }>).map((l) => l.name)).toEqual(["incident", "sev2"]);
    expect(opened[1]!.payload.label).toMatchObject({ name: "incident", color: "ededed" });
    expect(opened[3]!.payload.assignee).toMatchObject({ login: "bob" });

    const commented = gh.as("carol").comment("acme/checkout", opened.issueNumber, "/ack");
    const c = commented[0]!.payload as Record<string, Record<string, unknown>>;
    expect(Object.keys(c.comment!)).toEqual(expect.arrayContaining(exampleKeys("issue_comment", "created", "comment")));
    expect(c.comment).toMatchObject({ body: "/ack", user: { login: "carol" }, author_association: "COLLABORATOR" });

    const edited = gh.as("carol").editComment("acme/checkout", commented.commentId, "/ack now");
    expect(edited[0]!.payload).toMatchObject({
      action: "edited",
      changes: { body: { from: "/ack" } },
      comment: { body: "/ack now" },
    });

    gh.clock.advance("30m");
    const closed = gh.as("bob").close("acme/checkout", opened.issueNumber, "not_planned");
    expect(closed[0]).toMatchObject({
      name: "issues",
      payload: {
        action: "closed",
        issue: { state: "closed", state_reason: "not_planned", closed_at: "2026-11-25T12:30:00Z" },
        sender: { login: "bob" },
      },
    });
    const reopened = gh.as("bob").reopen("acme/checkout", opened.issueNumber);
    expect(reopened[0]!.payload).toMatchObject({
      action: "reopened",
      issue: { state: "open", state_reason: "reopened", closed_at: null },
    });
    const renamed = gh.as("dave").rename("acme/checkout", opened.issueNumber, "DB down (eu)");
    expect(renamed[0]!.payload).toMatchObject({ action: "edited", changes: { title: { from: "DB down" } } });

    const dispatched = gh.as("alice").dispatch("acme/checkout", "page", { service: "db" });
    expect(dispatched[0]).toMatchObject({
      name: "repository_dispatch",
      payload: {
        action: "page",
        branch: "main",
        client_payload: { service: "db" },
        installation: { id: 1 },
        sender: { login: "alice" },
      },
    });
    expect(() => gh.as("erin").addLabels("acme/checkout", opened.issueNumber, ["x"])).toThrow(/requires triage/);
  });

  it("app writes queue deliveries with the bot as sender", async () => {
    const { data: issue } = await octokit.rest.issues.create({ ...repo, title: "t" });
    await octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: "ack" });
    const deliveries = gh.takeDeliveries();
    expect(deliveries.map((d) => d.name)).toEqual(["issues", "issue_comment"]);
    expect(deliveries[1]!.payload.sender).toMatchObject({ login: "firebreak[bot]", type: "Bot" });
    expect(deliveries[1]!.payload.comment).toMatchObject({ performed_via_github_app: { slug: "firebreak" } });
    expect(gh.outbox).toEqual([]);
  });

  it("afterCommit faults apply the write, then answer the error", async () => {
    const n = gh.as("alice").openIssue("acme/checkout", { title: "t" }).issueNumber;
    gh.faults.add({
      method: "POST",
      route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      status: 502,
      afterCommit: true,
    });
    await expectStatus(octokit.rest.issues.createComment({ ...repo, issue_number: n, body: "saved anyway" }), 502);
    expect(
      gh
        .repo("acme/checkout")
        .issue(n)
        .comments.map((c) => c.body),
    ).toEqual(["saved anyway"]);
    expect(gh.takeDeliveries().map((d) => d.name)).toEqual(["issue_comment"]);

    gh.faults.add({ route: "/repos/{owner}/{repo}/issues/{issue_number}/comments", status: 500, times: 2 });
    await expectStatus(octokit.rest.issues.createComment({ ...repo, issue_number: n, body: "lost 1" }), 500);
    await expectStatus(octokit.rest.issues.createComment({ ...repo, issue_number: n, body: "lost 2" }), 500);
    await octokit.rest.issues.createComment({ ...repo, issue_number: n, body: "third time" });
    expect(
      gh
        .repo("acme/checkout")
        .issue(n)
        .comments.map((c) => c.body),
    ).toEqual(["saved anyway", "third time"]);
    expect(
      gh.requests
        .filter((r) => r.method === "POST")
        .map((r) => r.status)
        .slice(-4),
    ).toEqual([502, 500, 500, 201]);
  });

  it("secondary rate limits carry retry-after and GitHub's message", async () => {
    gh.faults.secondaryRateLimit({ method: "POST", retryAfterSeconds: 7 });
    const n = gh.as("alice").openIssue("acme/checkout", { title: "t" }).issueNumber;
    try {
      await octokit.rest.issues.addLabels({ ...repo, issue_number: n, labels: ["x"] });
      throw new Error("expected 403");
    } catch (e) {
      const err = e as { status: number; response: { headers: Record<string, string>; data: { message: string } } };
      expect(err.status).toBe(403);
      expect(err.response.headers["retry-after"]).toBe("7");
      expect(err.response.data.message).toMatch(/secondary rate limit/);
    }
    expect(gh.repo("acme/checkout").issue(n).labels).toEqual([]);
    expect(gh.faults.pending()).toEqual([]);
  });

  it("runs a real Probot app end to end (JWT → installation token → API)", async () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const probot = new Probot({
      appId: gh.appId,
      privateKey,
      baseUrl: gh.baseUrl,
      Octokit: ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }),
      logLevel: "fatal",
    });
    await probot.load((app) => {
      app.on("issue_comment.created", async (context) => {
        if (context.isBot) return;
        const config = (await context.config("firebreak.yml")) as { severity?: string } | null;
        await context.octokit.rest.issues.addLabels(context.issue({ labels: [config?.severity ?? "none"] }));
        await context.octokit.rest.reactions.createForIssueComment(
          context.repo({ comment_id: context.payload.comment.id, content: "eyes" }),
        );
      });
    });
    const n = gh.as("alice").openIssue("acme/checkout", { title: "t" }).issueNumber;
    const [delivery] = gh.as("carol").comment("acme/checkout", n, "/ack");
    gh.resetRequestLog();
    await probot.receive(delivery as unknown as Parameters<typeof probot.receive>[0]);
    const snap = gh.repo("acme/checkout").issue(n);
    expect(snap.labels).toEqual(["sev2"]);
    expect(snap.comments[0]!.reactions).toEqual([{ user: "firebreak[bot]", content: "eyes" }]);
    expect(gh.requests.map((r) => `${r.method} ${r.route} ${r.status} ${r.actor}`)).toEqual([
      "POST /app/installations/{installation_id}/access_tokens 201 app",
      "GET /repos/{owner}/{repo}/contents/{path} 200 firebreak[bot]",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/labels 200 firebreak[bot]",
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions 201 firebreak[bot]",
    ]);
    // The app's own label echo comes back as a bot delivery, which the app ignores.
    const echoes = gh.takeDeliveries();
    expect(echoes.map((d) => `${d.name}.${String(d.payload.action)}`)).toEqual(["issues.labeled"]);
  });
});
