import { Sandbox } from "../support/sandbox.js";

/**
 * What a sweep costs: in proportion to the open incidents and what is due, never to the repository's history.
 * The closed incidents are made directly in the stand-in (no webhooks): only their number matters here.
 */
let sb: Sandbox;
afterEach(() => sb.closeExpectingNoViolations());

async function declaredIncidents(count: number): Promise<number[]> {
  const numbers: number[] = [];
  for (let i = 0; i < count; i++) {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: `Incident ${i}` }), "0m");
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev3\n/ic @alice\n/ack"), "0m");
    numbers.push(opened.issueNumber);
  }
  await sb.deliverEchoes();
  return numbers;
}

function closedIncidents(count: number): void {
  for (let i = 0; i < count; i++) {
    const opened = sb.as("alice").openIssue(sb.repo, { title: `Old incident ${i}`, labels: ["incident"] });
    sb.as("alice").close(sb.repo, opened.issueNumber);
  }
  sb.gh.takeDeliveries();
}

describe("the cost of a sweep", () => {
  it("over 10,000 closed incidents and 20 open ones is a handful of requests per open incident", async () => {
    // The history: ten thousand incidents of the years before, all closed.
    sb = await Sandbox.start({ now: "2024-01-01T00:00:00Z" });
    closedIncidents(10_000);
    sb.gh.clock.advance(Date.parse("2026-11-25T12:00:00Z") - Date.parse("2024-01-01T00:00:00Z"));
    await declaredIncidents(20);
    sb.gh.clock.advance("1m");
    sb.requestsSince();
    const stats = await sb.sweep();
    const requests = sb.requestsSince();
    expect(stats.incidents).toBe(20);
    // The repository, three listings by label, the config (two reads), per incident its issue and timeline, and
    // whether last month (October, without incidents) needs its report: the report issues, a page of facts.
    expect(requests.filter((request) => request.endsWith("/issues"))).toHaveLength(5);
    expect(requests.filter((request) => request.endsWith("/timeline"))).toHaveLength(20);
    expect(stats.requests).toBe(requests.length);
    expect(stats.requests).toBe(8 + 2 * 20);
  }, 120_000);

  it("over 50 open incidents grows by the same few requests per incident", async () => {
    sb = await Sandbox.start();
    await declaredIncidents(50);
    sb.gh.clock.advance("1m");
    sb.requestsSince();
    const stats = await sb.sweep();
    expect(stats.incidents).toBe(50);
    expect(stats.requests).toBe(8 + 2 * 50);
  }, 120_000);
});
