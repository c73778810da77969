import { Sandbox } from "../support/sandbox.js";

let sb: Sandbox;
let n: number;

beforeEach(async () => {
  sb = await Sandbox.start();
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
  n = opened.issueNumber;
  await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident", "sev2"]));
  await sb.deliverEchoes();
});
afterEach(() => sb.closeExpectingNoViolations());

const labels = () => sb.issue(n).labels.sort();

describe("labels drive an incident like commands", () => {
  it("takes the severity from a severity label added with the incident label", () => {
    expect(labels()).toEqual(["incident", "sev2", "status:investigating"]);
  });

  it("moves to sev1 when a writer adds the sev1 label, removing sev2", async () => {
    await sb.act(sb.as("bob").addLabels(sb.repo, n, ["sev1"]));
    expect(labels()).toEqual(["incident", "sev1", "status:investigating"]);
    expect(sb.issue(n).body).toContain("Severity sev2 → sev1");
  });

  it("moves the phase when a writer adds a status label", async () => {
    await sb.act(sb.as("bob").addLabels(sb.repo, n, ["status:monitoring"]));
    expect(labels()).toEqual(["incident", "sev2", "status:monitoring"]);
    await sb.act(sb.as("bob").addLabels(sb.repo, n, ["status:resolved"]));
    expect(sb.issue(n)).toMatchObject({ state: "closed", state_reason: "completed" });
  });

  it("reverts a severity label added by someone with only triage permission, and says why once", async () => {
    await sb.act(sb.as("dave").addLabels(sb.repo, n, ["sev1"]));
    expect(labels()).toEqual(["incident", "sev2", "status:investigating"]);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note still sev2"));
    const replies = sb.issue(n).comments.filter((c) => c.user === "firebreak[bot]" && c.body.startsWith("@dave"));
    expect(replies.map((c) => c.body.split("\n")[0])).toEqual([
      "@dave I took the `sev1` label off again: `@dave` has `triage` permission on this repository; changing an incident needs `write` or higher.",
    ]);
  });

  it("puts back a state label a person removed: exactly one severity and one phase always show", async () => {
    await sb.act(sb.as("bob").removeLabel(sb.repo, n, "sev2"));
    await sb.act(sb.as("bob").removeLabel(sb.repo, n, "status:investigating"));
    expect(labels()).toEqual(["incident", "sev2", "status:investigating"]);
  });

  it("resolves when a writer closes the issue, and reopens the incident when it is reopened", async () => {
    await sb.act(sb.as("bob").close(sb.repo, n));
    expect(labels()).toEqual(["incident", "sev2", "status:resolved"]);
    expect(sb.issue(n).body).toMatch(/\| \*\*Resolved\*\* \| 2026-11-25 12:02 UTC/);
    await sb.act(sb.as("bob").reopen(sb.repo, n));
    expect(labels()).toEqual(["incident", "sev2", "status:investigating"]);
    expect(sb.issue(n).body).toContain("Reopened: investigating");
  });

  it("counts closing as not planned as a false positive", async () => {
    await sb.act(sb.as("bob").close(sb.repo, n, "not_planned"));
    expect(labels()).toEqual(["incident", "incident:false-positive", "sev2", "status:resolved"]);
  });

  it("reopens an incident its author closed without write permission", async () => {
    await sb.act(sb.as("reporter").close(sb.repo, n));
    expect(sb.issue(n).state).toBe("open");
    expect(sb.issue(n).comments.at(-1)?.body).toMatch(
      /^@reporter I reopened this incident: `@reporter` has no permission/,
    );
    expect(labels()).toEqual(["incident", "sev2", "status:investigating"]);
  });

  it("leaves labels it does not own alone", async () => {
    await sb.act(sb.as("bob").addLabels(sb.repo, n, ["customer-facing"]));
    await sb.act(sb.as("bob").addLabels(sb.repo, n, ["sev1"]));
    expect(labels()).toEqual(["customer-facing", "incident", "sev1", "status:investigating"]);
  });

  it("leaves severity labels on ordinary issues alone", async () => {
    const plain = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Bug triage" }));
    await sb.act(sb.as("dave").addLabels(sb.repo, plain.issueNumber, ["sev2"]));
    expect(sb.issue(plain.issueNumber)).toMatchObject({ labels: ["sev2"], comments: [], body: null });
  });

  it("ignores label changes made by other bots, at no request", async () => {
    sb.gh.addUser("renovate[bot]", { type: "Bot" });
    sb.repo.setCollaborator("renovate[bot]", "write");
    sb.requestsSince();
    await sb.act(sb.as("renovate[bot]").addLabels(sb.repo, n, ["sev1"]));
    expect(sb.requestsSince()).toEqual([]);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note later event reads the whole history"));
    expect(labels()).toEqual(["incident", "sev2", "status:investigating"]);
  });

  it("makes no request for a label that cannot concern an incident", async () => {
    sb.requestsSince();
    await sb.act(sb.as("bob").addLabels(sb.repo, n, ["documentation"]));
    expect(sb.requestsSince()).toEqual([]);
  });
});
