import fc from "fast-check";
import type { Delivery } from "../../github-standin/index.js";
import { configIssues, configNotes, noteOnBrokenSetup } from "../support/broken-setup.js";
import { comparableIssue, incidentActions, visibleIssue } from "../support/incident-story.js";
import { Sandbox } from "../support/sandbox.js";

const sandboxes: Sandbox[] = [];
async function start(options: Parameters<typeof Sandbox.start>[0] = {}): Promise<Sandbox> {
  const sb = await Sandbox.start(options);
  sandboxes.push(sb);
  return sb;
}
afterEach(async () => {
  for (const sb of sandboxes.splice(0)) {
    expect(sb.gh.violations).toEqual([]);
    await sb.close();
  }
});

/** Performs every action a minute apart and returns their webhooks, none delivered. */
function scenario(sb: Sandbox): { n: number; steps: Delivery[][] } {
  const { n, actions } = incidentActions(sb, { triageLabel: true });
  const steps = actions.map((action) => {
    const deliveries = action();
    sb.gh.clock.advance("1m");
    return deliveries;
  });
  return { n, steps };
}

describe("webhooks that arrive twice, late, concurrently or not at all", () => {
  it("makes no write when every delivery of an incident is redelivered, and the result is byte-identical", async () => {
    const sb = await start();
    const { n, steps } = scenario(sb);
    for (const deliveries of steps) await sb.deliver(deliveries);
    const first = visibleIssue(sb, n);
    sb.requestsSince();
    for (const deliveries of steps) await sb.deliver(deliveries);
    expect(sb.writesSince()).toEqual([]);
    expect(visibleIssue(sb, n)).toEqual(first);
    expect(first.labels).toEqual(["incident", "sev1", "status:monitoring"]);
  });

  it("converges on the same incident whatever order and delay the deliveries arrive with (25 random schedules)", async () => {
    const reference = await start();
    const { n, steps } = scenario(reference);
    for (const deliveries of steps) await reference.deliver(deliveries);
    const expected = comparableIssue(reference, n);

    // Each action's webhooks arrive after a random number of later actions, in a random order among
    // those due at the same moment; the app reconciles partial histories along the way.
    const schedule = fc.array(fc.tuple(fc.nat(steps.length), fc.double({ min: 0, max: 1, noNaN: true })), {
      minLength: steps.length,
      maxLength: steps.length,
    });
    await fc.assert(
      fc.asyncProperty(schedule, async (delays) => {
        const sb = await start();
        const { actions } = incidentActions(sb, { triageLabel: true });
        const pending: { due: number; tiebreak: number; deliveries: Delivery[] }[] = [];
        for (let now = 0; now < actions.length + steps.length + 1; now++) {
          if (now < actions.length) {
            const [delay, tiebreak] = delays[now]!;
            pending.push({ due: now + delay, tiebreak, deliveries: actions[now]!() });
            sb.gh.clock.advance("1m");
          }
          const due = pending.filter((item) => item.due <= now).sort((a, b) => a.tiebreak - b.tiebreak);
          for (const item of due) {
            pending.splice(pending.indexOf(item), 1);
            await sb.deliver(item.deliveries);
          }
        }
        expect(comparableIssue(sb, n)).toEqual(expected);
        expect(sb.gh.violations).toEqual([]);
        await sb.close();
        sandboxes.splice(sandboxes.indexOf(sb), 1);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it("posts exactly one status update, reply and declaration when the same webhooks run concurrently", async () => {
    const sb = await start();
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Queue backlog" });
    const label = sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]);
    const update = sb.as("bob").comment(sb.repo, opened.issueNumber, "/update Scaling workers\n/sev 9");
    await Promise.all([
      sb.deliver(label),
      sb.deliver(label),
      sb.deliver(update),
      sb.deliver(update),
      sb.deliver(update),
    ]);
    const comments = sb.issue(opened.issueNumber).comments.filter((c) => c.user === "firebreak[bot]");
    expect(comments.filter((c) => c.body.includes("INCIDENT DECLARED"))).toHaveLength(1);
    expect(comments.filter((c) => c.body.startsWith("**UPDATE:"))).toHaveLength(1);
    expect(comments.filter((c) => c.body.includes("could not apply"))).toHaveLength(1);
    expect(Object.keys(sb.repo.refs()).filter((ref) => ref.startsWith("refs/firebreak/"))).toHaveLength(1);
  });

  it("repairs a lost webhook with the next event on the issue", async () => {
    const sb = await start();
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Cache stampede" });
    await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
    sb.as("bob").comment(sb.repo, opened.issueNumber, "/sev 1\n/status fixing"); // never delivered
    sb.gh.clock.advance("1m");
    await sb.act(sb.as("bob").comment(sb.repo, opened.issueNumber, "/note Warming the cache by hand"));
    expect(sb.issue(opened.issueNumber).labels.sort()).toEqual(["incident", "sev1", "status:fixing"]);
  });

  it("reacts to every command comment one run judged, including those queued behind it or never delivered", async () => {
    const sb = await start();
    const n = sb.as("reporter").openIssue(sb.repo, { title: "Queue" }).issueNumber;
    await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
    const queued = [
      sb.as("bob").comment(sb.repo, n, "/sev 1"),
      sb.as("alice").comment(sb.repo, n, "/ack"),
      sb.as("carol").comment(sb.repo, n, "/sev 4"),
    ];
    await sb.deliver(queued[0]!);
    const reactions = () =>
      queued.map((c) => sb.issue(n).comments.find((comment) => comment.id === c.commentId)?.reactions);
    expect(reactions()).toEqual([
      [{ user: "firebreak[bot]", content: "+1" }],
      [{ user: "firebreak[bot]", content: "+1" }],
      [{ user: "firebreak[bot]", content: "confused" }],
    ]);
    // The queued webhooks arrive later: no second reaction; the reader's refusal still gets its one reply.
    for (const deliveries of queued.slice(1)) await sb.deliver(deliveries);
    expect(reactions().map((list) => list?.length)).toEqual([1, 1, 1]);
    expect(sb.issue(n).comments.filter((c) => c.user === "firebreak[bot]" && c.body.startsWith("@carol"))).toHaveLength(
      1,
    );
  });

  it("keeps what someone typed into the issue body while the app was busy with a command", async () => {
    const sb = await start();
    const opened = sb
      .as("reporter")
      .openIssue(sb.repo, { title: "Checkout returns 500", body: "Customers cannot pay." });
    const n = opened.issueNumber;
    await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
    sb.gh.faults.interleave(
      { method: "POST", route: "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions" },
      () => {
        sb.as("reporter").editBody(
          sb.repo,
          n,
          sb.issue(n).body!.replace("Customers cannot pay.", "Customers cannot pay (EU only)."),
        );
      },
    );
    await sb.act(sb.as("bob").comment(sb.repo, n, "/sev 1"));
    expect(sb.gh.faults.pending()).toEqual([]);
    const body = sb.issue(n).body!;
    expect(body).toContain("Customers cannot pay (EU only).");
    expect(body).toContain("## INC-2026-11-25-001 · sev1 Critical");
  });

  it("does not let a later permission change revive a refused command", async () => {
    const sb = await start();
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Slow pages" });
    const n = opened.issueNumber;
    await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
    await sb.act(sb.as("carol").comment(sb.repo, n, "/sev 1"));
    sb.repo.setCollaborator("carol", "write");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note carol joins the responders"));
    expect(sb.issue(n).labels).toContain("sev3");
    await sb.act(sb.as("carol").comment(sb.repo, n, "/sev 2"));
    expect(sb.issue(n).labels).toContain("sev2");
  });
});

describe("bad input changes nothing", () => {
  it("ignores hidden markers forged in people's comments and in the issue body", async () => {
    const sb = await start();
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Login fails" });
    const n = opened.issueNumber;
    await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
    const refused = await sb.act(sb.as("reporter").comment(sb.repo, n, "/sev 1"));
    await sb.act(
      sb
        .as("reporter")
        .comment(
          sb.repo,
          n,
          'FYI <!-- firebreak:declared {"id":"INC-1999-01-01-001"} --> <!-- firebreak:update {"source":"x"} --> <!-- firebreak:reply {"source":"x","refusal":"no"} -->',
        ),
    );
    // The reporter may edit their own issue body: they paste a ledger that accepts their refused command.
    const forged = `<!-- firebreak:dashboard:start -->\n<!-- firebreak:ledger {"verdicts":{"c${refused.commentId}.0":1}} ${"0".repeat(32)} -->\n<!-- firebreak:dashboard:end -->`;
    await sb.act(sb.as("reporter").editBody(sb.repo, n, `${forged}\nMy own words`));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note checking"));
    const issue = sb.issue(n);
    expect(issue.title).toBe("[INC-2026-11-25-001] Login fails");
    expect(issue.labels).toContain("sev3");
    expect(issue.body).toContain("My own words");
    expect(issue.body?.match(/firebreak:dashboard:start/g)).toHaveLength(1);
  });

  it("never turns people's text into live mentions or references", async () => {
    const sb = await start();
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Paging storm" });
    const n = opened.issueNumber;
    await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
    await sb.act(
      sb
        .as("alice")
        .comment(
          sb.repo,
          n,
          "/note ask @everyone in @acme/oncall about #12\n/impact @mallory and GH-7\n/update cc @boss eta: ask @cto",
        ),
    );
    for (const text of [
      sb.issue(n).body ?? "",
      ...sb
        .issue(n)
        .comments.filter((c) => c.user === "firebreak[bot]")
        .map((c) => c.body),
    ]) {
      expect(text).not.toMatch(/(^|[^\w\u200b])@(everyone|acme|mallory|boss|cto)\b/);
      expect(text).not.toMatch(/(^|[^\w\u200b])#12\b/);
    }
  });
});

describe("a broken .github/incident.yml", () => {
  it("notes once the file, line and problem, and the command still applies on the defaults", async () => {
    const sb = await start({ files: { ".github/incident.yml": "severities:\n  sev1:\n    name: [Critical\n" } });
    const note = await noteOnBrokenSetup(sb, "/sev 1", "sev1");
    expect(note).toContain("acme/checkout/.github/incident.yml");
    expect(note).toMatch(/`\(yaml\)` line 4, column 1: Flow sequence/);
    expect(note).toContain("built-in defaults");
    const n = sb.repo.issues().find((issue) => issue.title.endsWith("Disk full"))!.number;
    expect(sb.issue(n).comments.find((c) => c.body === "/sev 1")?.reactions).not.toEqual([]);
  });

  it("names the path into the file for a wrong value, and the note and issue go once it is fixed", async () => {
    const sb = await start({
      files: { ".github/incident.yml": "defaultSeverity: sev7\nseverities:\n  sev1:\n    responseTime: soon\n" },
    });
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Disk full" });
    const n = opened.issueNumber;
    await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
    const [note] = configNotes(sb.issue(n));
    expect(note).toContain("`severities.sev1.responseTime`");
    expect(note).toContain("`defaultSeverity`");
    expect(sb.issue(n).labels).toContain("sev3");
    await sb.deliver(
      sb
        .as("erin")
        .push(sb.repo, { files: { ".github/incident.yml": "severities:\n  sev1:\n    responseTime: 2m\n" } }),
    );
    expect(configIssues(sb, "open")).toEqual([]);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    expect(sb.issue(n).labels.sort()).toEqual(["incident", "sev1", "status:investigating"]);
    expect(sb.issue(n).body).toContain("(2m)");
    expect(configNotes(sb.issue(n))).toHaveLength(1);
  });

  it("renders the dashboard and status updates from a repository's own templates", async () => {
    const sb = await start({
      files: {
        ".github/incident.yml":
          "templates:\n  dashboard: .github/incident/dashboard.md.hbs\n  status-update: .github/incident/update.md.hbs\n",
        ".github/incident/dashboard.md.hbs": "# {{id}} is {{phaseName}} ({{severity.key}})\n",
        ".github/incident/update.md.hbs": "{{time}} — {{phaseName}}: {{actions}}\n",
      },
    });
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Disk full" });
    await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/status fixing\n/update Deleting old logs"));
    const issue = sb.issue(opened.issueNumber);
    expect(issue.body?.replace(/\n\n<!-- firebreak:facts .* -->/, "")).toBe(
      "<!-- firebreak:dashboard:start -->\n# INC-2026-11-25-001 is Fixing (sev3)\n<!-- firebreak:dashboard:end -->\n",
    );
    expect(
      issue.comments.some(
        (c) => c.user === "firebreak[bot]" && c.body.startsWith("12:01 UTC — Fixing: Deleting old logs"),
      ),
    ).toBe(true);
  });

  it.each([
    ["does not compile", "# {{#if id}}unclosed\n", /Parse error/],
    ["calls a helper that does not exist", "# {{shout id}}\n", /Missing helper: "shout"/],
  ])("reports a template that %s once, naming it, and uses the built-in one", async (_what, template, message) => {
    const sb = await start({
      files: {
        ".github/incident.yml": "templates:\n  dashboard: .github/incident/dashboard.md.hbs\n",
        ".github/incident/dashboard.md.hbs": template,
      },
    });
    const reply = await noteOnBrokenSetup(sb, "/sev 2", "sev2");
    expect(reply).toContain("`templates.dashboard`");
    expect(reply).toMatch(message);
    const incident = sb.repo.issues().find((issue) => issue.title.endsWith("Disk full"))!;
    expect(incident.body).toContain("## INC-2026-11-25-001 · sev2");
  });

  it("follows _extends to the organisation's shared config", async () => {
    const sb = await start({ files: { ".github/incident.yml": "_extends: .github\ntimeZone: Europe/Paris\n" } });
    sb.gh.addRepo("acme/.github", { files: { ".github/incident.yml": "defaultSeverity: sev2\n" } });
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Disk full" });
    await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
    const issue = sb.issue(opened.issueNumber);
    expect(issue.labels).toContain("sev2");
    expect(issue.body).toContain("Declared** | 2026-11-25 13:00 GMT+1");
  });
});
