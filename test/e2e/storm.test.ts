import type { Probot } from "probot";
import type { Delivery } from "../../github-standin/index.js";
import { createFirebreak } from "../../src/index.js";
import { Sandbox, SIGNING_KEY, sandboxProbot } from "../support/sandbox.js";

/**
 * Alert storms: many `repository_dispatch` alerts at once become as many incidents, each with its own id, none
 * lost and none duplicated, and the ids cost one `createRef` each (no retry loop that grows with the storm).
 * Throttling is off here (the sandbox's default): with Probot's real throttle every issue and comment is spaced
 * 3 s apart per installation, so 50 alerts take at least 300 s, and tests must not wait for that.
 */

const BOT = "firebreak[bot]";
const CREATE_REF = "POST /repos/{owner}/{repo}/git/refs";
const ID = /^\[(INC-2026-11-25-\d{3,})\] /;

let sb: Sandbox;
beforeEach(async () => {
  sb = await Sandbox.start();
});
afterEach(() => sb.closeExpectingNoViolations());

function alerts(count: number, from = 0, key = (i: number) => `storm-${i}`): Delivery[] {
  return Array.from({ length: count }, (_, k) =>
    sb.as("erin").dispatch(sb.repo, "incident", {
      title: `Probe ${from + k} failing`,
      severity: "sev2",
      source: "Alertmanager",
      dedup_key: key(from + k),
    }),
  ).flat();
}

const receive = (probot: Probot, delivery: Delivery) => probot.receive(delivery as Parameters<Probot["receive"]>[0]);

/** Delivers every webhook at once, as GitHub does when many alerts fire together. */
async function deliverConcurrently(deliveries: readonly Delivery[], probot = sb.probot): Promise<void> {
  await Promise.all(deliveries.map((delivery) => receive(probot, delivery)));
}

/** The id claims since the last call: refs created, and refused as taken (422). */
function createRefs(): { created: number; refused: number } {
  const claims = sb.gh.requests.filter((entry) => `${entry.method} ${entry.route}` === CREATE_REF);
  sb.gh.resetRequestLog();
  const refused = claims.filter((entry) => entry.status === 422).length;
  return { created: claims.length - refused, refused };
}

/** Every issue is an open incident with exactly one declaration; returns their ids in issue order. */
function incidentIds(): string[] {
  return sb.repo.issueNumbers().map((n) => {
    const issue = sb.issue(n);
    expect(issue.state).toBe("open");
    expect(issue.labels).toContain("incident");
    const declarations = issue.comments.filter((c) => c.user === BOT && c.body.includes("INCIDENT DECLARED"));
    expect(declarations).toHaveLength(1);
    const id = ID.exec(issue.title)?.[1];
    expect(id).toBeDefined();
    expect(declarations[0]?.body).toContain(id);
    return id ?? "";
  });
}

/** `INC-2026-11-25-001` … up to `count`, in some order. */
function expectIdsOneTo(ids: string[], count: number): void {
  expect([...ids].sort()).toEqual(
    Array.from({ length: count }, (_, i) => `INC-2026-11-25-${String(i + 1).padStart(3, "0")}`),
  );
}

function idRefs(): string[] {
  return Object.keys(sb.repo.refs()).filter((ref) => ref.startsWith("refs/firebreak/incidents/"));
}

describe("an alert storm", () => {
  it("turns 50 concurrent alerts into 50 incidents with ids 001–050, one createRef each; redelivery adds nothing", async () => {
    const storm = alerts(50);
    sb.gh.resetRequestLog();
    await deliverConcurrently(storm);
    const claims = createRefs();
    const ids = incidentIds();
    expect(ids).toHaveLength(50);
    expectIdsOneTo(ids, 50);
    expect(idRefs()).toHaveLength(50);
    // The quadratic-loop regression test: simultaneous claims used to cost b(b+1)/2 = 1,275 createRef writes.
    expect(claims).toEqual({ created: 50, refused: 0 });

    // GitHub redelivers, the monitoring system repeats itself, and the app's own writes echo back as webhooks.
    const echoes = sb.gh.takeDeliveries();
    await deliverConcurrently([...storm, ...alerts(10, 0, () => "storm-7"), ...echoes]);
    expect(sb.repo.issueNumbers()).toHaveLength(50);
    expect(incidentIds()).toEqual(ids);
    expect(sb.writesSince(false)).toEqual([]);
    expect(createRefs()).toEqual({ created: 0, refused: 0 });
  }, 60_000);

  it("turns 200 alerts in four bursts of 50 over four minutes into 200 incidents, 200 createRefs", async () => {
    sb.gh.resetRequestLog();
    for (let burst = 0; burst < 4; burst++) {
      await deliverConcurrently(alerts(50, burst * 50));
      sb.gh.takeDeliveries();
      sb.gh.clock.advance("1m");
    }
    const ids = incidentIds();
    expect(ids).toHaveLength(200);
    expectIdsOneTo(ids, 200);
    expect(createRefs()).toEqual({ created: 200, refused: 0 });
  }, 60_000);

  it("gives distinct ids when two app processes declare at once: a taken number moves the claim on", async () => {
    const other = sandboxProbot(sb.gh);
    await other.load(createFirebreak({ signingKey: SIGNING_KEY }));
    // The first process has seen only 001 (the second listed it and took 002): its next claim is refused.
    await deliverConcurrently(alerts(1, 0));
    await deliverConcurrently(alerts(1, 1), other);
    sb.gh.resetRequestLog();
    const storm = alerts(20, 2);
    await Promise.all(storm.map((delivery, i) => receive(i % 2 ? other : sb.probot, delivery)));
    const ids = incidentIds();
    expect(ids).toHaveLength(22);
    expectIdsOneTo(ids, 22);
    const claims = createRefs();
    expect(claims.created).toBe(20);
    // A refused claim lists the refs and moves past them, so each number is refused at most once (not a retry loop).
    expect(claims.refused).toBeGreaterThanOrEqual(1);
    expect(claims.refused).toBeLessThanOrEqual(20);
  });
});
