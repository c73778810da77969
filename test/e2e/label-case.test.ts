import { Sandbox } from "../support/sandbox.js";

/**
 * GitHub label names are case-insensitive. A repository whose labels are spelt `Incident`, `SEV1` and
 * `Status:Fixing` works exactly like one with Firebreak's own lowercase names: its labels are recognised,
 * reused with their own spelling (never created twice, no 422), swapped and removed under the name GitHub has.
 */

const REPO_LABELS = ["Incident", "SEV1", "SEV2", "Sev3", "Status:Investigating", "STATUS:FIXING", "Status:Resolved"];

let sb: Sandbox;
beforeEach(async () => {
  sb = await Sandbox.start();
  for (const name of REPO_LABELS) sb.repo.addLabel(name, "123456");
});
afterEach(() => sb.closeExpectingNoViolations());

const labelsOf = (n: number) => [...sb.issue(n).labels].sort();
/** Every label of the repository, spelt as it is; a second spelling of the same name would show up here. */
const repoLabels = () => sb.repo.labels().map((label) => label.name);
/** Refused label requests (a 422 from creating a second spelling, a 404 from removing a name the issue lacks). */
const failedLabelRequests = () =>
  sb.gh.requests
    .filter((request) => request.status >= 400 && request.route?.includes("/labels"))
    .map((request) => `${request.status} ${request.method} ${request.route}`);
const labelCreations = () =>
  sb.gh.requests
    .filter((request) => request.method === "POST" && request.route === "/repos/{owner}/{repo}/labels")
    .map((request) => (request.body as { name: string }).name);

/** Each label exists once, spelt as the repository spells it (plus `created`), and GitHub refused no label request. */
function expectLabelsReused(created: string[] = []): void {
  expect(labelCreations()).toEqual(created);
  expect(repoLabels()).toEqual([...REPO_LABELS, ...created]);
  expect(failedLabelRequests()).toEqual([]);
}

async function declareByLabel(label: string, by = "alice"): Promise<number> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
  await sb.act(sb.as(by).addLabels(sb.repo, opened.issueNumber, [label]));
  await sb.deliverEchoes();
  return opened.issueNumber;
}

describe("a repository whose labels are spelt in other cases", () => {
  it("declares when a writer adds `Incident`, reusing the repository's `Sev3` and `Status:Investigating`", async () => {
    const n = await declareByLabel("Incident");
    expect(labelsOf(n)).toEqual(["Incident", "Sev3", "Status:Investigating"]);
    expect(sb.issue(n).title).toBe("[INC-2026-11-25-001] Checkout returns 500");
    expect(sb.issue(n).body).toContain("## INC-2026-11-25-001 · sev3");
    expectLabelsReused();
  });

  it("`/sev 1` applies the repository's `SEV1` and takes `Sev3` off: no duplicate label, no 422", async () => {
    const n = await declareByLabel("Incident");
    await sb.act(sb.as("bob").comment(sb.repo, n, "/sev 1"));
    expect(labelsOf(n)).toEqual(["Incident", "SEV1", "Status:Investigating"]);
    expect(sb.issue(n).body).toContain("Severity sev3 → sev1");
    expectLabelsReused();
  });

  it("reads severity and phase labels in any case and swaps them under the names GitHub has", async () => {
    const n = await declareByLabel("incident");
    await sb.act(sb.as("bob").addLabels(sb.repo, n, ["sev2"]));
    expect(labelsOf(n)).toEqual(["Incident", "SEV2", "Status:Investigating"]);
    await sb.act(sb.as("bob").addLabels(sb.repo, n, ["status:fixing"]));
    expect(labelsOf(n)).toEqual(["Incident", "SEV2", "STATUS:FIXING"]);
    expect(sb.issue(n).body).toContain("Severity sev3 → sev2");
    expect(sb.issue(n).body).toContain("| **Status** | Fixing |");
    // The projection is one PATCH of the whole label set, in the repository's own spelling.
    const patched = sb.gh.requests
      .filter(
        (request) => request.method === "PATCH" && request.route === "/repos/{owner}/{repo}/issues/{issue_number}",
      )
      .flatMap((request) =>
        (request.body as { labels?: string[] } | undefined)?.labels
          ? [(request.body as { labels: string[] }).labels]
          : [],
      );
    expect(patched.flat().filter((label) => /^sev|^status/i.test(label))).not.toContain("sev2");
    expect(patched.at(-1)).toEqual(expect.arrayContaining(["SEV2", "STATUS:FIXING"]));
    expectLabelsReused();
  });

  it("creates a label the repository lacks once, under Firebreak's name, and reuses the rest", async () => {
    const n = await declareByLabel("Incident");
    await sb.act(sb.as("bob").comment(sb.repo, n, "/status monitoring"));
    expect(labelsOf(n)).toEqual(["Incident", "Sev3", "status:monitoring"]);
    expectLabelsReused(["status:monitoring"]);
  });

  it("treats bare commands on an issue labelled `Incident` as Firebreak's, and closing it as resolving", async () => {
    const n = await declareByLabel("Incident");
    await sb.act(sb.as("bob").comment(sb.repo, n, "/note Paged the database on-call"));
    expect(sb.issue(n).body).toContain("Paged the database on-call");
    await sb.act(sb.as("bob").close(sb.repo, n));
    expect(labelsOf(n)).toEqual(["Incident", "Sev3", "Status:Resolved"]);
    expect(sb.issue(n).state).toBe("closed");
  });

  it("reads a severity label in another case as a label that may concern an incident", async () => {
    const n = await declareByLabel("Incident");
    sb.requestsSince();
    await sb.act(sb.as("bob").addLabels(sb.repo, n, ["SEV1"]));
    expect(sb.requestsSince().length).toBeGreaterThan(0);
    expect(labelsOf(n)).toEqual(["Incident", "SEV1", "Status:Investigating"]);
  });

  it("takes `Incident` back off when someone without permission adds it, and says why", async () => {
    const n = await declareByLabel("Incident", "dave");
    expect(labelsOf(n)).toEqual([]);
    const replies = sb.issue(n).comments.filter((comment) => comment.user === "firebreak[bot]");
    expect(replies.map((comment) => comment.body.split("\n")[0])).toEqual([
      expect.stringMatching(/^@dave I took the `Incident` label off again/),
    ]);
  });

  it("opens an alert's issue with the repository's `Incident` label and finds it again by it", async () => {
    const alert = { title: "Error rate above 25%", severity: "sev2", dedup_key: "alert-7" };
    await sb.act(sb.as("erin").dispatch(sb.repo, "incident", alert));
    await sb.act(sb.as("erin").dispatch(sb.repo, "incident", alert));
    expect(sb.repo.issueNumbers()).toHaveLength(1);
    expect(labelsOf(sb.repo.issueNumbers()[0]!)).toEqual(["Incident", "SEV2", "Status:Investigating"]);
    expectLabelsReused();
  });
});
