import { incidentFormBody } from "../support/issue-form.js";
import { Sandbox } from "../support/sandbox.js";

let sb: Sandbox;
beforeEach(async () => {
  sb = await Sandbox.start();
});
afterEach(() => sb.closeExpectingNoViolations());

const TODAY = "INC-2026-11-25";

function expectIncident(number: number, severity: string, title: string) {
  const issue = sb.issue(number);
  expect(issue.labels.sort()).toEqual(["incident", severity, "status:investigating"].sort());
  expect(issue.title).toBe(`[${TODAY}-001] ${title}`);
  expect(issue.body).toContain("<!-- firebreak:dashboard:start -->");
  expect(issue.body).toContain(`## ${TODAY}-001 · ${severity}`);
  const declaration = issue.comments.filter(
    (comment) => comment.user === "firebreak[bot]" && comment.body.includes("INCIDENT DECLARED"),
  );
  expect(declaration).toHaveLength(1);
  return issue;
}

describe("declaring an incident", () => {
  it("turns an issue-form submission into a sev1 with the form's type, summary, impact and detection time", async () => {
    const body = incidentFormBody({
      severity: "sev1 — Critical",
      type: "Service outage",
      summary: "Checkout is down",
      impact: "All EU customers",
      detectedAt: "11:55",
    });
    const opened = await sb.act(
      sb.as("alice").openIssue(sb.repo, { title: "Checkout down", body, labels: ["incident"] }),
    );
    const issue = expectIncident(opened.issueNumber, "sev1", "Checkout down");
    expect(issue.body).toContain("| **Type** | Service outage |");
    expect(issue.body).toContain("**Summary:** Checkout is down");
    expect(issue.body).toContain("**Impact:** All EU customers");
    expect(issue.body).toContain("| **Detected** | 2026-11-25 11:55 UTC");
    expect(issue.body).toContain("via issue form");
    expect(issue.body).toContain("### Runbook: Service outage");
    // The reporter's own text is kept, outside the dashboard markers.
    expect(issue.body?.split("<!-- firebreak:dashboard:end -->")[1]).toContain(body);
  });

  it("declares when a writer adds the incident label to an existing issue, at the default severity", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Slow search" }));
    expect(sb.issue(opened.issueNumber).labels).toEqual([]);
    await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
    expectIncident(opened.issueNumber, "sev3", "Slow search");
  });

  it("declares with /incident declare sev2 and a new title", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "something odd" }));
    await sb.act(sb.as("bob").comment(sb.repo, opened.issueNumber, "/incident declare sev2 Search results empty"));
    const issue = expectIncident(opened.issueNumber, "sev2", "Search results empty");
    expect(issue.comments.find((comment) => comment.body.startsWith("/incident"))?.reactions).toEqual([
      { user: "firebreak[bot]", content: "+1" },
    ]);
  });

  it("opens an incident issue from a repository_dispatch alert, once per dedup key", async () => {
    const alert = {
      title: "Error rate above 25%",
      severity: "sev2",
      type: "dependency-failure",
      summary: "5xx at 31% for 5 minutes",
      source: "Alertmanager",
      dedup_key: "alert-42",
    };
    await sb.act(sb.as("erin").dispatch(sb.repo, "incident", alert));
    await sb.act(sb.as("erin").dispatch(sb.repo, "incident", alert));
    expect(sb.repo.issueNumbers()).toHaveLength(1);
    const [number] = sb.repo.issueNumbers();
    const issue = expectIncident(number!, "sev2", "Error rate above 25%");
    expect(issue.user).toBe("firebreak[bot]");
    expect(issue.body).toContain("via alert");
    expect(issue.body).toContain("monitoring (Alertmanager)");
    expect(issue.body).toContain("### Runbook: Dependency or third-party failure");
  });

  it("opens nothing for an alert without a title, and notes an unknown severity instead of failing", async () => {
    sb.requestsSince();
    await sb.act(sb.as("erin").dispatch(sb.repo, "incident", { severity: "sev1" }));
    await sb.act(sb.as("erin").dispatch(sb.repo, "deploy", { title: "not an alert" }));
    expect(sb.writesSince()).toEqual([]);
    expect(sb.repo.issueNumbers()).toEqual([]);
    await sb.act(sb.as("erin").dispatch(sb.repo, "incident", { title: "Disk 95% full", severity: "critical-ish" }));
    const [number] = sb.repo.issueNumbers();
    const issue = expectIncident(number!, "sev3", "Disk 95% full");
    expect(issue.body).toContain("unknown severity `critical-ish` in the alert; using the default");
  });

  it("gives two incidents declared in the same second different numbers", async () => {
    const first = sb.as("reporter").openIssue(sb.repo, { title: "A" });
    const second = sb.as("reporter").openIssue(sb.repo, { title: "B" });
    await sb.deliver([...first, ...second]);
    const labelA = sb.as("alice").addLabels(sb.repo, first.issueNumber, ["incident"]);
    const labelB = sb.as("bob").addLabels(sb.repo, second.issueNumber, ["incident"]);
    await Promise.all([sb.deliver(labelA), sb.deliver(labelB)]);
    const titles = [sb.issue(first.issueNumber).title, sb.issue(second.issueNumber).title].sort();
    expect(titles).toEqual([`[${TODAY}-001] ${titles[0]!.slice(21)}`, `[${TODAY}-002] ${titles[1]!.slice(21)}`]);
    expect(Object.keys(sb.repo.refs()).filter((ref) => ref.startsWith("refs/firebreak/incidents/"))).toHaveLength(2);
  });

  it("pages this week's on-call from the rota in the declaration, and mentions nobody in the dashboard", async () => {
    sb.repo.setFile(
      ".github/incident.yml",
      "onCall:\n  startsOn: '2026-11-23'\n  schedule:\n    - { primary: erin, secondary: bob, escalation: alice }\n",
    );
    const body = incidentFormBody({ severity: "sev1 — Critical", summary: "Everything is down" });
    const opened = await sb.act(sb.as("alice").openIssue(sb.repo, { title: "Down", body, labels: ["incident"] }));
    const issue = sb.issue(opened.issueNumber);
    const declaration = issue.comments.find((c) => c.body.includes("INCIDENT DECLARED"))!.body;
    expect(declaration).toContain("**Paging:** @erin @bob");
    expect(issue.body).toContain("on-call-primary (@\u200Berin), on-call-secondary (@\u200Bbob)");
    expect(issue.body).toContain("team-lead (@\u200Balice)");
  });

  it("counts incidents per UTC day", async () => {
    const first = await sb.act(sb.as("alice").openIssue(sb.repo, { title: "Yesterday", labels: ["incident"] }));
    sb.gh.clock.set("2026-11-26T00:00:05Z");
    const second = await sb.act(sb.as("alice").openIssue(sb.repo, { title: "Today", labels: ["incident"] }));
    expect(sb.issue(first.issueNumber).title).toBe("[INC-2026-11-25-001] Yesterday");
    expect(sb.issue(second.issueNumber).title).toBe("[INC-2026-11-26-001] Today");
  });

  it("refuses /incident declare from a reader, says why, and changes nothing else", async () => {
    const opened = await sb.act(sb.as("carol").openIssue(sb.repo, { title: "is it down?" }));
    const before = sb.issue(opened.issueNumber);
    const comment = await sb.act(sb.as("carol").comment(sb.repo, opened.issueNumber, "/incident declare sev1"));
    const after = sb.issue(opened.issueNumber);
    expect(after).toMatchObject({ title: before.title, body: before.body, labels: [] });
    const own = after.comments.find((c) => c.id === comment.commentId);
    expect(own?.reactions).toEqual([{ user: "firebreak[bot]", content: "confused" }]);
    const replies = after.comments.filter((c) => c.user === "firebreak[bot]");
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toContain(
      "`@carol` has `read` permission on this repository; declaring an incident needs `write`",
    );
  });

  it("takes the incident label back off when someone with only triage permission adds it", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "maybe" }));
    await sb.act(sb.as("dave").addLabels(sb.repo, opened.issueNumber, ["incident"]));
    const issue = sb.issue(opened.issueNumber);
    expect(issue.labels).toEqual([]);
    expect(issue.title).toBe("maybe");
    expect(issue.body).toBeNull();
    expect(issue.comments.map((c) => c.body.split("\n")[0])).toEqual([
      "@dave I took the `incident` label off again: `@dave` has `triage` permission on this repository; declaring an incident needs `write` or higher. Someone with that permission can declare it with `/incident declare` or the `incident` label.",
    ]);
  });
});
