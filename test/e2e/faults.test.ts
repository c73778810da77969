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

  it("repairs a write cut off by a secondary rate limit with the next event", async () => {
    sb.gh.faults.secondaryRateLimit({ method: "PATCH", route: "/repos/{owner}/{repo}/issues/{issue_number}" });
    await expect(
      sb.deliver(sb.as("bob").comment(sb.repo, n, "/ic @bob\n/root-cause Expired TLS certificate")),
    ).rejects.toThrow(/secondary rate limit/);
    expect(sb.issue(n).body).not.toContain("Expired TLS certificate");
    sb.gh.clock.advance("1m");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note Certificate renewed"));
    expect(sb.issue(n).body).toContain("**Root cause:** Expired TLS certificate");
    expect(sb.issue(n).body).toContain("Certificate renewed");
  });
});
