import { Sandbox } from "../support/sandbox.js";

/**
 * GitHub failing under the app, with Octokit's real retry and throttle plugins on. Their queues and delays
 * run in milliseconds instead of seconds (`FAST_SECOND_MS`), so retries and throttling happen as they would
 * against GitHub, only faster.
 */
let sb: Sandbox;
let n: number;
const COMMENTS = "/repos/{owner}/{repo}/issues/{issue_number}/comments";

beforeEach(async () => {
  sb = await Sandbox.start({ realRetries: true });
  const opened = sb.as("reporter").openIssue(sb.repo, { title: "Payments timing out" });
  n = opened.issueNumber;
  await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
});
afterEach(async () => {
  expect(sb.gh.violations).toEqual([]);
  expect(sb.gh.faults.pending()).toEqual([]);
  await sb.close();
});

const updates = () => sb.issue(n).comments.filter((c) => c.user === "firebreak[bot]" && c.body.startsWith("**UPDATE:"));

describe("the retry and throttle plugins", () => {
  it("queue every write for its turn, and every write that notifies people for theirs", async () => {
    sb.requestsSince();
    const before = { ...sb.throttled };
    await sb.act(sb.as("bob").comment(sb.repo, n, "/ic @bob\n/update Failing over to the replica"));
    const writes = sb.writesSince();
    const notifying = writes.filter((w) => w.endsWith(" /repos/{owner}/{repo}/issues/{issue_number}/comments")).length;
    expect(notifying).toBe(1);
    expect(sb.throttled.write - before.write).toBe(writes.length);
    expect(sb.throttled.notifications - before.notifications).toBe(notifying);
  });
});

describe("when GitHub fails", () => {
  it("posts a status update once when the POST fails with 502 after GitHub saved it", async () => {
    sb.gh.faults.add({ method: "POST", route: COMMENTS, status: 502, afterCommit: true });
    await sb.act(sb.as("bob").comment(sb.repo, n, "/update Failing over to the replica"));
    expect(updates()).toHaveLength(1);
  });

  it("posts it again when the POST failed with 502 before GitHub saved it", async () => {
    sb.gh.faults.add({ method: "POST", route: COMMENTS, status: 502 });
    await sb.act(sb.as("bob").comment(sb.repo, n, "/update Failing over to the replica"));
    expect(updates()).toHaveLength(1);
  });

  it("retries reads that fail with 5xx", async () => {
    sb.gh.faults.add({ method: "GET", route: "/repos/{owner}/{repo}/issues/{issue_number}/timeline", status: 503 });
    await sb.act(sb.as("bob").comment(sb.repo, n, "/sev 1"));
    expect(sb.issue(n).labels).toContain("sev1");
  });
});

const ISSUE = "/repos/{owner}/{repo}/issues/{issue_number}";
const ISSUES = "/repos/{owner}/{repo}/issues";

/** Where in the stand-in's log the app sent `method route`, and what GitHub answered. */
function sent(method: string, route: string): { index: number; status: number }[] {
  return sb.gh.requests.flatMap((entry, index) =>
    entry.method === method && entry.route === route ? [{ index, status: entry.status }] : [],
  );
}

/**
 * The app waited exactly `waits` (GitHub's milliseconds) and sent the same request again after each: the limit
 * answer came before the wait, nothing at all was sent during it, the next send of the request came after it.
 */
function expectWaitedThenSentAgain(method: string, route: string, waits: number[], limited = 403): void {
  expect(sb.limitWaits.map((wait) => wait.ms)).toEqual(waits);
  const sends = sent(method, route);
  expect(sends.map((send) => send.status)).toEqual([...waits.map(() => limited), method === "POST" ? 201 : 200]);
  sb.limitWaits.forEach((wait, i) => {
    expect(sends[i]!.index).toBeLessThan(wait.requestsBefore);
    expect(wait.requestsAfter).toBe(wait.requestsBefore);
    expect(sends[i + 1]!.index).toBeGreaterThanOrEqual(wait.requestsAfter);
  });
}

/** GitHub's clock moved on by at least `seconds` between the limit answer and the write that then landed. */
function expectLandedAfter(createdAt: string, seconds: number): void {
  const limitedAt = Date.parse(sb.limitWaits[0]!.at);
  expect(Date.parse(createdAt) - limitedAt).toBeGreaterThanOrEqual(seconds * 1000);
}

describe("a secondary rate limit", () => {
  beforeEach(() => sb.gh.resetRequestLog());

  it("on the issue PATCH is waited out (retry-after) and the state projected in the same run", async () => {
    sb.gh.faults.secondaryRateLimit({ method: "PATCH", route: ISSUE, retryAfterSeconds: 7 });
    await sb.act(sb.as("bob").comment(sb.repo, n, "/ic @bob\n/root-cause Expired TLS certificate"));
    expect(sb.issue(n).body).toContain("**Root cause:** Expired TLS certificate");
    expect(sb.issue(n).assignees).toContain("bob");
    expectWaitedThenSentAgain("PATCH", ISSUE, [7_000]);
  });

  it("on the issue PATCH without retry-after waits a minute, then twice as long, and the state is projected", async () => {
    sb.gh.faults.secondaryRateLimit({ method: "PATCH", route: ISSUE, retryAfterSeconds: null, times: 2 });
    await sb.act(sb.as("bob").comment(sb.repo, n, "/root-cause Expired TLS certificate"));
    expect(sb.issue(n).body).toContain("**Root cause:** Expired TLS certificate");
    expectWaitedThenSentAgain("PATCH", ISSUE, [60_000, 120_000]);
  });

  it("answered 429 is not sent again early by Octokit's retry plugin: only after retry-after", async () => {
    sb.gh.faults.secondaryRateLimit({ method: "PATCH", route: ISSUE, status: 429, retryAfterSeconds: 30 });
    await sb.act(sb.as("bob").comment(sb.repo, n, "/root-cause Expired TLS certificate"));
    expect(sb.issue(n).body).toContain("**Root cause:** Expired TLS certificate");
    expectWaitedThenSentAgain("PATCH", ISSUE, [30_000], 429);
  });

  it("on a comment POST is waited out and the status update posted exactly once", async () => {
    sb.gh.faults.secondaryRateLimit({ method: "POST", route: COMMENTS, retryAfterSeconds: 42 });
    await sb.act(sb.as("bob").comment(sb.repo, n, "/update Failing over to the replica"));
    expect(updates()).toHaveLength(1);
    expectWaitedThenSentAgain("POST", COMMENTS, [42_000]);
    expectLandedAfter(updates()[0]!.createdAt, 42);
  });

  it("on a comment POST without retry-after (429) waits a minute and posts the update exactly once", async () => {
    sb.gh.faults.secondaryRateLimit({ method: "POST", route: COMMENTS, status: 429, retryAfterSeconds: null });
    await sb.act(sb.as("bob").comment(sb.repo, n, "/update Failing over to the replica"));
    expect(updates()).toHaveLength(1);
    expectWaitedThenSentAgain("POST", COMMENTS, [60_000], 429);
    expectLandedAfter(updates()[0]!.createdAt, 60);
  });

  it.each([
    ["with retry-after", 5, 5_000],
    ["without retry-after", null, 60_000],
  ])(
    "on the issue create of a repository_dispatch alert (%s) opens its incident exactly once",
    async (_, retryAfterSeconds, wait) => {
      sb.gh.faults.secondaryRateLimit({ method: "POST", route: ISSUES, retryAfterSeconds });
      const before = sb.repo.issueNumbers();
      await sb.act(sb.as("erin").dispatch(sb.repo, "incident", { title: "Error rate above 25%", severity: "sev2" }));
      const opened = sb.repo.issueNumbers().filter((number) => !before.includes(number));
      expect(opened).toHaveLength(1);
      const issue = sb.issue(opened[0]!);
      expect(issue.labels).toEqual(expect.arrayContaining(["incident", "sev2"]));
      expect(issue.title).toMatch(/^\[INC-\d{4}-\d{2}-\d{2}-\d{3}\] Error rate above 25%$/);
      expectWaitedThenSentAgain("POST", ISSUES, [wait]);
      expectLandedAfter(issue.createdAt, wait / 1000);
    },
  );

  it("is told apart from a plain 403: a permission refusal is not retried", async () => {
    sb.gh.faults.add({
      method: "PATCH",
      route: ISSUE,
      status: 403,
      body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" },
    });
    await expect(sb.deliver(sb.as("bob").comment(sb.repo, n, "/root-cause Expired TLS certificate"))).rejects.toThrow(
      /Resource not accessible by integration/,
    );
    expect(sb.limitWaits).toEqual([]);
    expect(sent("PATCH", ISSUE).map((send) => send.status)).toEqual([403]);
  });
});
