import { Sandbox } from "../support/sandbox.js";

/**
 * Sweeps with a controlled clock: what falls due is written once, whatever the schedule does — on time, hours
 * late, dropped, or two sweeps at once.
 */
let sb: Sandbox;
let n: number;
const BOT = "firebreak[bot]";
const CONTACTS = `contacts:
  team-lead: { github: [lead] }
  management: { github: [boss] }
  stakeholders: { github: [acme/stakeholders] }
onCall:
  startsOn: '2026-11-23'
  autoCommander: false
  schedule:
    - { primary: alice, secondary: bob, escalation: lead }
`;

beforeEach(async () => {
  sb = await Sandbox.start({ files: { ".github/incident.yml": CONTACTS } });
  sb.gh.addUser("lead");
  sb.gh.addUser("boss");
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }), "0m");
  n = opened.issueNumber;
  await sb.act(sb.as("erin").comment(sb.repo, n, "/incident declare sev1"), "0m");
  await sb.deliverEchoes();
});
afterEach(() => sb.closeExpectingNoViolations());

const bot = () =>
  sb
    .issue(n)
    .comments.filter((c) => c.user === BOT)
    .map((c) => c.body);
const escalations = () => bot().filter((body) => body.startsWith("⏫"));
const reminders = (what: string) => bot().filter((body) => body.startsWith("⏰") && body.includes(what));

describe("escalation", () => {
  it("fires each step at its time, once, mentioning its contacts, and stops on acknowledgement", async () => {
    sb.gh.clock.advance("4m");
    await sb.sweep();
    expect(escalations()).toHaveLength(0);
    sb.gh.clock.advance("2m"); // 6 min: the team lead's step (5 min) is due
    await sb.sweep();
    await sb.sweep();
    expect(escalations()).toHaveLength(1);
    expect(escalations()[0]).toContain("@lead");
    expect(escalations()[0]).not.toContain("@boss");
    await sb.act(sb.as("bob").comment(sb.repo, n, "/ack"), "0m");
    sb.gh.clock.advance("10m"); // management (10 min) would be due, but the page was answered
    const stats = await sb.sweep();
    // Stakeholders (15 min) are told while the incident is open, acknowledged or not; management is not.
    expect(escalations()).toHaveLength(2);
    expect(escalations()[1]).toContain("@acme/stakeholders");
    expect(escalations().join("\n")).not.toContain("@boss");
    expect(stats.escalations).toBe(1);
  });

  it("catches up once when the sweep is six hours late", async () => {
    sb.gh.clock.advance("6h");
    const stats = await sb.sweep();
    expect(escalations()).toHaveLength(1);
    const [caughtUp] = escalations();
    for (const handle of ["@lead", "@boss", "@acme/stakeholders"]) expect(caughtUp).toContain(handle);
    expect(reminders("status update")).toHaveLength(1);
    expect(reminders("status update")[0]).toMatch(/updates missed/);
    await sb.sweep();
    expect(escalations()).toHaveLength(1);
    expect(stats).toMatchObject({ incidents: 1, escalations: 1 });
  });

  it("writes each due effect once when two sweeps run at the same time", async () => {
    sb.gh.clock.advance("20m");
    const [a, b] = await Promise.all([sb.sweep(), sb.sweep()]);
    expect(escalations()).toHaveLength(1);
    expect(reminders("acknowledged")).toHaveLength(1);
    expect(a.escalations + b.escalations).toBe(1);
  });
});

describe("reminders", () => {
  it("reminds of an overdue update once per cadence window, and of a missing commander once", async () => {
    sb.gh.clock.advance("16m");
    await sb.sweep();
    expect(reminders("status update")).toHaveLength(1);
    expect(reminders("no incident commander")).toHaveLength(1);
    sb.gh.clock.advance("5m");
    await sb.sweep();
    expect(reminders("status update")).toHaveLength(1);
    sb.gh.clock.advance("15m"); // the next window
    await sb.sweep();
    expect(reminders("status update")).toHaveLength(2);
    expect(reminders("no incident commander")).toHaveLength(1);
  });

  it("reminds an overdue action item's owner on the item, with one line on the incident", async () => {
    await sb.act(sb.as("bob").comment(sb.repo, n, "/action Add a canary @alice due:1d\n/ic @bob\n/ack"), "0m");
    await sb.deliverEchoes();
    const [item] = sb.repo.issues().filter((issue) => issue.labels.includes("incident:action-item"));
    sb.gh.clock.advance("25h");
    await sb.sweep();
    await sb.sweep();
    const onItem = sb.issue(item!.number).comments.filter((c) => c.user === BOT && c.body.startsWith("⏰"));
    expect(onItem).toHaveLength(1);
    expect(onItem[0]!.body).toContain("@alice");
    expect(reminders("overdue")).toHaveLength(1);
  });

  it("writes nothing in a dry run, and says what it would write", async () => {
    sb.gh.clock.advance("20m");
    sb.requestsSince();
    const stats = await sb.sweep({ dryRun: true });
    expect(sb.writesSince()).toEqual([]);
    expect(stats.wouldWrite.some((line) => line.includes("escalate:"))).toBe(true);
  });

  it("stops when its request budget is spent, and the next sweep finishes", async () => {
    const second = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Search is slow" }), "0m");
    await sb.act(sb.as("erin").comment(sb.repo, second.issueNumber, "/incident declare sev1"), "0m");
    await sb.deliverEchoes();
    sb.gh.clock.advance("20m");
    const stopped = await sb.sweep({ budget: 8 });
    expect(stopped.left).toBe(1);
    const rest = await sb.sweep();
    expect(rest.left).toBe(0);
    expect(sb.issue(second.issueNumber).comments.filter((c) => c.user === BOT && c.body.startsWith("⏫"))).toHaveLength(
      1,
    );
  });
});

describe("the server's own sweeps (FIREBREAK_SWEEP_INTERVAL)", () => {
  it("sweep every installation's repositories on their interval, under the per-issue lock", async () => {
    await sb.close();
    sb = await Sandbox.start({ files: { ".github/incident.yml": CONTACTS }, sweepEveryMs: 40 });
    sb.gh.addUser("lead");
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }), "0m");
    n = opened.issueNumber;
    await sb.act(sb.as("erin").comment(sb.repo, n, "/incident declare sev1"), "0m");
    await sb.deliverEchoes();
    sb.gh.clock.advance("6m");
    for (let waited = 0; waited < 50 && escalations().length === 0; waited++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(escalations()).toHaveLength(1);
    expect(escalations()[0]).toContain("@lead");
    await new Promise((resolve) => setTimeout(resolve, 150)); // several more sweeps: nothing new is due
    expect(escalations()).toHaveLength(1);
  });
});

describe("when nobody answers, and after resolution", () => {
  it("walks the escalation path after the configured steps, skipping whoever was paged", async () => {
    await sb.close();
    const config =
      `${CONTACTS}  escalationPath: [on-call-primary, on-call-secondary, team-lead, engineering-manager]\n`.replace(
        "contacts:\n",
        "contacts:\n  engineering-manager: { github: [em] }\n",
      );
    sb = await Sandbox.start({ files: { ".github/incident.yml": config } });
    sb.gh.addUser("lead");
    sb.gh.addUser("em");
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }), "0m");
    n = opened.issueNumber;
    await sb.act(sb.as("erin").comment(sb.repo, n, "/incident declare sev1"), "0m");
    await sb.deliverEchoes();
    sb.gh.clock.advance("16m");
    await sb.sweep();
    expect(escalations().join("\n")).not.toContain("@em");
    sb.gh.clock.advance("5m"); // one response time after the last configured step
    await sb.sweep();
    expect(escalations().at(-1)).toContain("@em");
    expect(escalations().at(-1)).not.toMatch(/@alice|@bob|@lead/);
  });

  it("repairs what a lost webhook left stale", async () => {
    sb.as("bob").comment(sb.repo, n, "/sev 2"); // GitHub never delivers it
    sb.gh.takeDeliveries();
    sb.gh.clock.advance("1m");
    const stats = await sb.sweep();
    expect(sb.issue(n).labels).toContain("sev2");
    expect(stats.repairs).toBeGreaterThanOrEqual(1);
  });

  it("reminds of post-mortem milestones and of a post-mortem not merged by its due time, each once", async () => {
    await sb.act(sb.as("bob").comment(sb.repo, n, "/ic @bob\n/ack\n/resolve Rolled back"), "0m");
    await sb.settle();
    expect(sb.repo.pulls()).toHaveLength(1);
    sb.gh.clock.advance("25h");
    await sb.sweep();
    await sb.sweep();
    expect(reminders("milestone")).toHaveLength(1);
    expect(reminders("milestone")[0]).toContain("Initial post-mortem meeting");
    expect(reminders("not merged")).toHaveLength(0);
    sb.gh.clock.advance("24h");
    await sb.sweep();
    expect(reminders("not merged")).toHaveLength(1);
    expect(reminders("not merged")[0]).toContain(`pull request #${sb.repo.pulls()[0]!.number}`);
    expect(reminders("milestone")).toHaveLength(1);
  });
});
