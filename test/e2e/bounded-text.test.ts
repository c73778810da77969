import { Sandbox } from "../support/sandbox.js";

/**
 * No input may freeze an incident: GitHub refuses bodies over 65,536 characters and titles over 256 with
 * 422 (the stand-in too), so everything the app writes is bounded, and one refused write never holds back
 * the others.
 */

const BOT = "firebreak[bot]";
const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";
let sb: Sandbox;
beforeEach(async () => {
  sb = await Sandbox.start();
});
afterEach(() => sb.closeExpectingNoViolations());

const appComments = (n: number) => sb.issue(n).comments.filter((c) => c.user === BOT);

async function declaredIncident(body?: string): Promise<number> {
  const opened = await sb.act(
    sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500", ...(body === undefined ? {} : { body }) }),
  );
  await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev2"));
  return opened.issueNumber;
}

describe("text as long as GitHub allows", () => {
  it("keeps the dashboard written and the incident closable after a 62,000-character /note", async () => {
    const n = await declaredIncident();
    await sb.act(sb.as("alice").comment(sb.repo, n, `/note ${"x".repeat(62_000)}`));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/status resolved"));
    const issue = sb.issue(n);
    expect(issue.state).toBe("closed");
    expect(issue.labels).toContain("status:resolved");
    expect(issue.body).toContain("| **Status** | Resolved");
    expect(issue.body!.length).toBeLessThan(65_536);
    expect(issue.body).toContain("x…");
  });

  it("posts a 65,000-character /update cut short with a link to the command, and later commands still apply", async () => {
    const n = await declaredIncident();
    const update = await sb.act(sb.as("alice").comment(sb.repo, n, `/update ${"Rolled back. ".repeat(5_000)}`));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/status monitoring"));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    const posted = appComments(n).filter((c) => c.body.startsWith("**UPDATE:"));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body.length).toBeLessThan(20_000);
    expect(posted[0]!.body).toContain(
      `(truncated; the whole text is in [the comment](#issuecomment-${update.commentId}))`,
    );
    expect(sb.issue(n).labels).toEqual(expect.arrayContaining(["sev1", "status:monitoring"]));
  });

  it("cuts /impact, /root-cause and a /false-positive reason in the dashboard, and closes the incident", async () => {
    const n = await declaredIncident();
    await sb.act(sb.as("alice").comment(sb.repo, n, `/impact ${"i".repeat(60_000)}`));
    await sb.act(sb.as("alice").comment(sb.repo, n, `/root-cause ${"r".repeat(60_000)}`));
    await sb.act(sb.as("alice").comment(sb.repo, n, `/false-positive ${"f".repeat(60_000)}`));
    const issue = sb.issue(n);
    expect(issue.state).toBe("closed");
    expect(issue.labels).toContain("incident:false-positive");
    expect(issue.body!.length).toBeLessThan(20_000);
    expect(issue.body).toContain("_…(truncated; the whole text is in the issue and its comments)_");
  });

  it("leaves a reporter's body padded to the limit alone, and still projects labels, title and state", async () => {
    const padding = "p".repeat(65_432);
    const n = await declaredIncident(padding);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/resolve Rolled back"));
    const issue = sb.issue(n);
    expect(issue.state).toBe("closed");
    expect(issue.title).toBe("[INC-2026-11-25-001] Checkout returns 500");
    expect(issue.labels).toEqual(expect.arrayContaining(["incident", "sev1", "status:resolved"]));
    expect(issue.body).toBe(padding);
  });

  it("shrinks the dashboard to fit beside a long reporter's text rather than dropping it", async () => {
    const n = await declaredIncident("r".repeat(58_000));
    for (let i = 0; i < 20; i++) await sb.act(sb.as("alice").comment(sb.repo, n, `/note step ${i} ${"n".repeat(290)}`));
    const issue = sb.issue(n);
    expect(issue.body!.length).toBeLessThanOrEqual(65_536);
    expect(issue.body).toContain("<!-- firebreak:dashboard:start -->");
    expect(issue.body).toContain("step 19");
    expect(issue.body).toMatch(/_\d+ earlier entries are not shown/);
  });

  it("keeps a title renamed to GitHub's 256-character limit within it when the id is added", async () => {
    const n = await declaredIncident();
    await sb.act(sb.as("alice").rename(sb.repo, n, "t".repeat(256)));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/resolve"));
    const issue = sb.issue(n);
    expect(issue.title.startsWith("[INC-2026-11-25-001] ttt")).toBe(true);
    expect(issue.title.length).toBeLessThanOrEqual(256);
    expect(issue.state).toBe("closed");
  });

  it("opens an incident from an alert whose 10,000-character summary is all angle brackets and mentions", async () => {
    await sb.act(
      sb.as("erin").dispatch(sb.repo, "incident", {
        title: `${"@acme/sre ".repeat(19)}down`,
        summary: "<>".repeat(5_000),
        dedup_key: "k1",
      }),
    );
    await sb.act(
      sb.as("erin").dispatch(sb.repo, "incident", {
        title: "Again",
        summary: "@a".repeat(5_000),
        source: "|\n".repeat(100),
        dedup_key: "k2",
      }),
    );
    const [first, second] = sb.repo.issueNumbers().map((n) => sb.issue(n));
    expect(first!.title).toMatch(/^\[INC-2026-11-25-001\] /);
    expect(first!.title.length).toBeLessThanOrEqual(256);
    expect(second!.title).toBe("[INC-2026-11-25-002] Again");
    for (const issue of [first!, second!]) {
      expect(issue.labels).toEqual(expect.arrayContaining(["incident", "status:investigating"]));
      expect(issue.body!.length).toBeLessThan(65_536);
    }
  });
});

describe("writes are independent", () => {
  it("projects labels, state and dashboard when GitHub refuses the status update comment, and posts it on the next event", async () => {
    const n = await declaredIncident();
    sb.gh.faults.add({ method: "POST", route: COMMENTS, status: 422 });
    await expect(
      sb.deliver(sb.as("alice").comment(sb.repo, n, "/update Rolling back\n/status fixing\n/sev 1")),
    ).rejects.toThrow();
    sb.gh.clock.advance("1m");
    expect(sb.issue(n).labels).toEqual(expect.arrayContaining(["sev1", "status:fixing"]));
    expect(sb.issue(n).body).toContain("Status: fixing");
    expect(appComments(n).filter((c) => c.body.startsWith("**UPDATE:"))).toHaveLength(0);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note next"));
    expect(appComments(n).filter((c) => c.body.startsWith("**UPDATE:"))).toHaveLength(1);
  });

  it("posts the status update when GitHub refuses the issue patch, and repairs the patch on the next event", async () => {
    const n = await declaredIncident();
    sb.gh.faults.add({ method: "PATCH", route: "/repos/{owner}/{repo}/issues/{issue_number}", status: 502 });
    await expect(sb.deliver(sb.as("alice").comment(sb.repo, n, "/update Rolling back\n/resolve"))).rejects.toThrow();
    sb.gh.clock.advance("1m");
    expect(appComments(n).filter((c) => c.body.startsWith("**UPDATE:"))).toHaveLength(1);
    expect(sb.issue(n).state).toBe("open");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note closing"));
    expect(sb.issue(n).state).toBe("closed");
  });
});
