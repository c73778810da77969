import { incidentFormBody } from "../support/issue-form.js";
import { Sandbox } from "../support/sandbox.js";

/**
 * Security incidents (issue 17): a type marked `sensitive` is run in `security.repository`. Declared anywhere
 * else, the issue is transferred there with its comments, a placeholder without details is left behind, and
 * changing it needs `permissions.sensitive` (default `maintain`).
 */
const BOT = "firebreak[bot]";
const PUBLIC = "acme/checkout";
const PRIVATE = "acme/security";
const MOVING = "security:\n  repository: acme/security\n";

let sb: Sandbox;
afterEach(() => sb.closeExpectingNoViolations());

async function start(config: string): Promise<void> {
  sb = await Sandbox.start({ files: { ".github/incident.yml": config } });
  // The security team: alice (write on the public repository) is not a collaborator here.
  sb.gh.addRepo(PRIVATE, { collaborators: { erin: "admin", bob: "maintain", frank: "write" } });
}

/** alice reports a leaked key in the public repository and declares it a security incident. */
async function declareLeak() {
  const opened = await sb.act(
    sb.as("alice").openIssue(PUBLIC, { title: "AWS key AKIA-LEAK in build logs", body: "Printed by job 42" }),
  );
  const declared = await sb.act(
    sb.as("alice").comment(PUBLIC, opened.issueNumber, "/incident declare sev1\n/type security"),
  );
  await sb.settle();
  return declared;
}

const privateIssue = () => sb.gh.repo(PRIVATE).issue(1);
const publicIssues = () => [...sb.gh.repo(PUBLIC).record.issues.values()];

describe("declared outside the security repository", () => {
  beforeEach(() => start(MOVING));

  it("transfers it, with its comments, before writing anything where it was declared", async () => {
    sb.requestsSince();
    await declareLeak();
    const made = sb.requestsSince().filter((r) => r !== "GET /app" && !r.includes("access_tokens"));
    const writes = made.filter((r) => !r.startsWith("GET "));
    // Where it was declared: 4 reads, the 2 GraphQL requests and the placeholder's 5 (its label the first time);
    // where it went: its default branch, config, issue, timeline, a permission, and the declaration as usual.
    expect([made.length, writes.length]).toEqual([28, 12]);
    // The two GraphQL requests (ids, transfer) come first: nothing was written on the public issue.
    expect(writes.slice(0, 2)).toEqual(["POST /graphql", "POST /graphql"]);
    const moved = privateIssue();
    expect(moved.title).toMatch(/^\[INC-\d{4}-\d{2}-\d{2}-001\] AWS key AKIA-LEAK in build logs$/);
    expect(moved.body).toContain("Printed by job 42");
    expect(moved.labels).toEqual(expect.arrayContaining(["incident", "sev1", "status:investigating"]));
    expect(moved.comments[0]).toMatchObject({ user: "alice", body: "/incident declare sev1\n/type security" });
    const ours = moved.comments.filter((c) => c.user === BOT).map((c) => c.body.split("\n")[0]);
    expect(ours[0]).toBe(
      `🔒 **Moved here** from ${PUBLIC}#1 by Firebreak: incidents of type Security incident are handled in this repository.`,
    );
    expect(moved.body).toContain("🔒 **Security incident.**");
  });

  it("leaves a closed placeholder that says nothing about the incident", async () => {
    await declareLeak();
    const [placeholder, ...others] = publicIssues();
    expect(others).toEqual([]);
    expect(placeholder).toMatchObject({
      number: 2,
      user: BOT,
      state: "closed",
      title: "Moved to a private repository",
    });
    const shown = sb.gh.repo(PUBLIC).issue(2);
    expect(shown.labels).toEqual(["incident:moved"]);
    for (const secret of ["AKIA", "AWS", "job 42", "sev", PRIVATE]) expect(shown.body).not.toContain(secret);
    expect(shown.body).toContain("@alice, thank you for reporting it");
    expect(shown.comments).toEqual([]);
  });

  it("keeps the verdicts judged where it was declared: alice declared it, though she has no access here", async () => {
    await declareLeak();
    expect(privateIssue().body).toMatch(/\| \*\*Declared\*\* \| .* by @alice via command \|/);
    expect(privateIssue().body).toContain("| **Type** | Security incident |");
  });

  it("does it once, whatever is redelivered", async () => {
    const declared = await declareLeak();
    const before = privateIssue().comments.length;
    await sb.deliver(declared);
    await sb.settle();
    expect(publicIssues()).toHaveLength(1);
    expect(privateIssue().comments).toHaveLength(before);
    expect(sb.gh.repo(PRIVATE).record.issues.size).toBe(1);
  });

  it("repairs a transfer whose run stopped before the placeholder: the next delivery finishes it", async () => {
    // The adapter looks for a create that failed and tries once more: both fail.
    sb.gh.faults.add({ method: "POST", route: "/repos/{owner}/{repo}/issues", status: 502, times: 2 });
    const opened = await sb.act(sb.as("alice").openIssue(PUBLIC, { title: "Token leaked", body: "x" }));
    const declared = sb.as("alice").comment(PUBLIC, opened.issueNumber, "/incident declare\n/type security");
    // (A copy: a failed delivery's payload is scrubbed of people's text before it is logged.)
    await expect(sb.deliver(structuredClone(declared))).rejects.toThrow(/Server Error/);
    // Transferred, but nothing more: no placeholder, nothing recorded where it went.
    expect(publicIssues()).toEqual([]);
    expect(privateIssue().comments.filter((c) => c.user === BOT)).toEqual([]);
    await sb.deliver(declared);
    await sb.settle();
    expect(publicIssues().map((issue) => issue.title)).toEqual(["Moved to a private repository"]);
    expect(privateIssue().title).toMatch(/^\[INC-.*\] Token leaked$/);
    // What the stopped run knew is lost (its verdicts): the issue's author stands for the declarer, the type is kept.
    expect(privateIssue().body).toMatch(/by @alice via transfer/);
    expect(privateIssue().body).toContain("| **Type** | Security incident |");
  });

  it("moves an issue-form submission of type Security incident, form and all", async () => {
    const body = incidentFormBody({ type: "Security incident", summary: "Admin panel open to the internet" });
    await sb.act(sb.as("alice").openIssue(PUBLIC, { title: "Admin exposed", body, labels: ["incident"] }));
    await sb.settle();
    expect(publicIssues().map((issue) => issue.title)).toEqual(["Moved to a private repository"]);
    expect(privateIssue().body).toContain("| **Type** | Security incident |");
    expect(privateIssue().body).toContain("**Summary:** Admin panel open to the internet");
    expect(privateIssue().body).toMatch(/by @alice via issue form/);
    expect(privateIssue().labels).toContain("sev1");
  });

  it("moves an incident that became a security incident later, without posting again what was posted", async () => {
    const opened = await sb.act(sb.as("alice").openIssue(PUBLIC, { title: "Odd logins" }));
    await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/incident declare sev3"));
    await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/update Looking at the auth logs"));
    await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/type security"));
    await sb.settle();
    expect(publicIssues().map((issue) => issue.title)).toEqual(["Moved to a private repository"]);
    const updates = privateIssue().comments.filter((c) => c.user === BOT && c.body.startsWith("**UPDATE:"));
    expect(updates).toHaveLength(1);
    expect(privateIssue().body).toContain("| **Type** | Security incident |");
    expect(privateIssue().body).toContain("Looking at the auth logs");
    expect(privateIssue().title).toMatch(/^\[INC-[\d-]+\] Odd logins$/);
  });

  it("opens a security alert's incident in the security repository: nothing of it is written here", async () => {
    sb.requestsSince();
    const alert = { title: "Root login from unknown IP", type: "security", severity: "sev1", dedup_key: "guard-7" };
    const sent = await sb.act(sb.as("erin").dispatch(sb.repo, "incident", alert));
    await sb.deliver(sent); // the same alert again: the same incident
    await sb.settle();
    expect(sb.requestsSince().filter((r) => r.includes("acme/checkout") && !r.startsWith("GET "))).toEqual([]);
    expect(publicIssues()).toEqual([]);
    const opened = [...sb.gh.repo(PRIVATE).record.issues.values()];
    expect(opened.map((issue) => issue.title)).toEqual([
      expect.stringMatching(/^\[INC-.*\] Root login from unknown IP$/),
    ]);
    expect(privateIssue().body).toContain("🔒 **Security incident.**");
    expect(privateIssue().labels).toContain("sev1");
  });

  it("leaves other incidents where they are declared", async () => {
    const opened = await sb.act(sb.as("alice").openIssue(PUBLIC, { title: "Checkout 500s" }));
    await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/incident declare sev2"));
    expect(sb.issue(opened.issueNumber).title).toMatch(/^\[INC-.*\] Checkout 500s$/);
    expect(sb.gh.repo(PRIVATE).record.issues.size).toBe(0);
  });
});

describe("a security repository that cannot take it", () => {
  it.each([
    ["does not exist", "acme/nowhere", /Could not resolve to a Repository/],
    ["belongs to another owner", "other/security", /one owner/],
  ])(
    "runs it where it was declared when the repository %s, says why once, and moves it once fixed",
    async (_, repo, why) => {
      sb = await Sandbox.start({ files: { ".github/incident.yml": `security:\n  repository: ${repo}\n` } });
      sb.gh.addRepo("other/security");
      sb.gh.addRepo(PRIVATE, { collaborators: { bob: "maintain" } });
      const opened = await sb.act(sb.as("alice").openIssue(PUBLIC, { title: "Leaked token", body: "x" }));
      sb.requestsSince();
      await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/incident declare sev1\n/type security"));
      // One attempt (ids, then the refusal, or the ids refused), and the incident shows at once in the same run.
      expect(sb.requestsSince().filter((r) => r === "POST /graphql").length).toBeLessThanOrEqual(2);
      expect(sb.issue(opened.issueNumber).title).toMatch(/^\[INC-.*\] Leaked token$/);
      await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/note rotating"));
      await sb.settle();
      const issue = sb.issue(opened.issueNumber);
      expect(issue.title).toMatch(/^\[INC-.*\] Leaked token$/);
      expect(issue.body).toContain("🔒 **Security incident.**");
      const notes = issue.comments.filter((c) => c.user === BOT && c.body.startsWith("⚠️ **This security incident"));
      expect(notes).toHaveLength(1);
      expect(notes[0]?.body).toMatch(why);
      // Fixed: the next run moves it.
      await sb.act(
        sb.as("erin").push(PUBLIC, { files: { ".github/incident.yml": `security:\n  repository: ${PRIVATE}\n` } }),
      );
      await sb.act(sb.as("bob").comment(PUBLIC, opened.issueNumber, "/ack"));
      await sb.settle();
      expect(publicIssues().map((i) => i.title)).toEqual(["Moved to a private repository"]);
      expect(privateIssue().body).toContain("🔒 **Security incident.**");
    },
  );
});

describe("changing a security incident", () => {
  it("needs maintain where it is run: a writer is refused, a maintainer is not", async () => {
    await start(MOVING);
    await declareLeak();
    await sb.act(sb.as("frank").comment(PRIVATE, 1, "/sev 2"));
    await sb.settle();
    const refusal = privateIssue()
      .comments.filter((c) => c.user === BOT)
      .at(-1);
    expect(refusal?.body).toContain("changing a security incident needs `maintain` or higher");
    expect(privateIssue().labels).toContain("sev1");
    await sb.act(sb.as("bob").comment(PRIVATE, 1, "/sev 2"));
    await sb.settle();
    expect(privateIssue().labels).toContain("sev2");
  });

  it("needs maintain where it was declared when no security repository is configured", async () => {
    await start("permissions:\n  sensitive: admin\n");
    const opened = await sb.act(sb.as("alice").openIssue(PUBLIC, { title: "Suspicious logins" }));
    await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/incident declare sev1\n/type security"));
    expect(sb.issue(opened.issueNumber).labels).toContain("sev1");
    await sb.act(sb.as("bob").comment(PUBLIC, opened.issueNumber, "/sev 3"));
    expect(sb.issue(opened.issueNumber).labels).toContain("sev1");
    await sb.act(sb.as("erin").comment(PUBLIC, opened.issueNumber, "/sev 3"));
    expect(sb.issue(opened.issueNumber).labels).toContain("sev3");
  });

  it("judges what came before it became a security incident by the ordinary permission", async () => {
    await start("");
    const opened = await sb.act(sb.as("alice").openIssue(PUBLIC, { title: "Odd traffic" }));
    await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/incident declare sev3"));
    await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/note looking into it"));
    await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/type security"));
    await sb.act(sb.as("alice").comment(PUBLIC, opened.issueNumber, "/sev 1"));
    const issue = sb.issue(opened.issueNumber);
    expect(issue.body).toContain("| **Type** | Security incident |");
    expect(issue.labels).toContain("sev3");
    expect(issue.body).toContain("looking into it");
  });
});
