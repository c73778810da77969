import { appRecords, liveMentions, liveReferences } from "../support/markdown.js";
import { Sandbox } from "../support/sandbox.js";

let sb: Sandbox;
let n: number;
const BOT = "firebreak[bot]";

beforeEach(async () => {
  sb = await Sandbox.start();
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
  n = opened.issueNumber;
  await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev1"));
  await sb.deliverEchoes();
  sb.requestsSince();
});
afterEach(() => sb.closeExpectingNoViolations());

const comment = async (login: string, body: string, on = n) => {
  const made = await sb.act(sb.as(login).comment(sb.repo, on, body));
  await settle();
  return made;
};
const settle = () => sb.settle();
const botComments = (on = n) => sb.issue(on).comments.filter((c) => c.user === BOT);
const items = () => sb.repo.issues().filter((issue) => issue.labels.includes("incident:action-item"));

describe("action items", () => {
  it("opens one labelled, assigned issue that links back, and lists it on the dashboard", async () => {
    sb.requestsSince();
    await sb.act(sb.as("bob").comment(sb.repo, n, "/action Alert on pool saturation @alice due:2w"));
    const writes = sb.writesSince(false);
    const requests = sb.requestsSince();
    await sb.deliverEchoes();
    const [item] = items();
    expect(items()).toHaveLength(1);
    const shown = sb.issue(item!.number);
    expect(shown.title).toBe("Alert on pool saturation");
    expect(shown.labels).toEqual(["incident:action-item"]);
    expect(shown.assignees).toEqual(["alice"]);
    expect(shown.body).toContain(`INC-2026-11-25-001** (#${n})`);
    expect(shown.body).toContain("**Owner:** @alice");
    expect(shown.body).toContain("**Deadline:** 2026-12-09");
    expect(sb.issue(n).body).toContain(
      `| ⬜ | #${item!.number} | Alert on pool saturation | @\u200Balice | 2026-12-09`,
    );
    expect(botComments().at(-1)?.body).toContain(`Opened action item #${item!.number}`);
    expect(requests).toEqual([
      "GET /repos/{owner}/{repo}/issues/{issue_number}",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline",
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      // the label's first use creates it with its colour (once per process)
      "POST /repos/{owner}/{repo}/labels",
      // looked for by its key before it is opened: a crash or a 502 after GitHub saved it makes no second one
      "GET /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/issues",
      // the reply on the incident is the record that the item exists
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      // the dashboard lists it, in the same single PATCH as any other change
      "GET /repos/{owner}/{repo}/issues/{issue_number}",
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    ]);
    expect(writes).toHaveLength(6);
  });

  it("defaults the deadline from the severity, and says when an owner cannot be assigned", async () => {
    await comment("bob", "/action Write the runbook for pool exhaustion @mallory");
    const [item] = items();
    const shown = sb.issue(item!.number);
    expect(shown.assignees).toEqual([]);
    expect(shown.body).toContain("could not be assigned");
    expect(shown.body).toContain("(the default for the incident's severity)");
    expect(shown.body).toContain("2026-12-02");
    expect(botComments().at(-1)?.body).toMatch(/@\u200Bmallory could not be assigned/);
  });

  it("never opens a second item for a redelivered or repeated run", async () => {
    const made = await comment("bob", "/action Add a canary @alice");
    await sb.deliver(made);
    await comment("bob", "/note later");
    expect(items()).toHaveLength(1);
    expect(botComments().filter((c) => c.body.includes("Opened action item"))).toHaveLength(1);
  });

  it("links an existing issue: label, one comment there, its text left alone", async () => {
    const existing = await sb.act(sb.as("carol").openIssue(sb.repo, { title: "Flaky pool metrics", body: "mine" }));
    await comment("bob", `/action #${existing.issueNumber} due:2026-12-20`);
    const linked = sb.issue(existing.issueNumber);
    expect(linked.labels).toEqual(["incident:action-item"]);
    expect(linked.body).toBe("mine");
    expect(linked.comments.filter((c) => c.user === BOT)).toHaveLength(1);
    expect(sb.issue(n).body).toContain(`#${existing.issueNumber} | Flaky pool metrics`);
  });

  it("moves the deadline with /due on the item, recorded on the incident once", async () => {
    await comment("bob", "/action Add a canary @alice due:1w");
    const [item] = items();
    const due = await comment("alice", "/due 2026-12-24", item!.number);
    await sb.deliver(due);
    expect(sb.issue(n).body).toMatch(
      new RegExp(`#${item!.number} \\| Add a canary \\| @\u200Balice \\| 2026-12-24 23:59 UTC`),
    );
    expect(botComments().filter((c) => c.body.includes("deadline moved to 2026-12-24"))).toHaveLength(1);
    expect(sb.issue(item!.number).body).toContain("- **Deadline:** 2026-12-24 23:59 UTC (moved by @\u200Balice)");
    await comment("carol", "/due 2027-01-30", item!.number);
    expect(sb.issue(n).body).not.toContain("2027-01-30");
    await comment("alice", "/due someday", item!.number);
    const answers = sb.issue(item!.number).comments.filter((c) => c.user === BOT);
    expect(answers.map((c) => c.body)).toEqual([
      expect.stringContaining("`@carol` has `read` permission"),
      expect.stringContaining("`/due someday`: Give the deadline as a date (2026-12-20) or a span from now (3d, 2w)."),
    ]);
    expect(botComments().filter((c) => c.body.includes("deadline moved"))).toHaveLength(1);
  });

  it("shows which pull request closed an item when one saying `Fixes #n` merges, with who merged it", async () => {
    await comment("bob", "/action Alert on pool saturation @alice");
    const [item] = items();
    await sb.act(
      sb.as("alice").push(sb.repo, { branch: "fix/alert", files: { "alerts/pool.yml": "threshold: 0.9\n" } }),
    );
    const fix = await sb.act(
      sb
        .as("alice")
        .openPull(sb.repo, { title: "Alert on pool saturation", body: `Fixes #${item!.number}`, head: "fix/alert" }),
    );
    await settle();
    await sb.act(sb.as("erin").mergePull(sb.repo, fix.pullNumber));
    await settle();
    expect(sb.issue(item!.number).state).toBe("closed");
    const closing = botComments().filter((c) => c.body.includes(`was closed by pull request #${fix.pullNumber}`));
    expect(closing).toHaveLength(1);
    expect(sb.issue(n).body).toMatch(new RegExp(`\\| ✅ \\| #${item!.number} .*closed by #${fix.pullNumber}`));
    // What the fix changed is kept with the closure: the monthly report finds the same files fixed again.
    expect(sb.issue(n).body).toContain('"fixFiles":["alerts/pool.yml"]');
  });

  it("follows an item renamed and reassigned on the dashboard", async () => {
    await comment("bob", "/action Add a canary @alice");
    const [item] = items();
    await sb.act(sb.as("alice").rename(sb.repo, item!.number, "Add a canary to checkout"));
    await sb.act(sb.as("alice").assign(sb.repo, item!.number, ["bob"]));
    await sb.act(sb.as("alice").unassign(sb.repo, item!.number, ["alice"]));
    await settle();
    expect(sb.issue(n).body).toContain(`#${item!.number} | Add a canary to checkout | @\u200Bbob |`);
  });

  it("keeps typed mentions, references and markers inert in the item and on the incident", async () => {
    await comment("bob", "/action Ask @acme/sre about #1 <!-- firebreak:action-item {} --> | GH-2 @alice");
    const [item] = items();
    const shown = sb.issue(item!.number);
    const written = [shown.body ?? "", sb.issue(n).body ?? "", ...botComments().map((c) => c.body)];
    for (const text of written) {
      // Only the owner the app assigns and the commenter it answers are named (and `@you` of the declaration's hints).
      expect(liveMentions(text).filter((login) => !["alice", "bob", "you"].includes(login))).toEqual([]);
      expect(liveReferences(text).filter((ref) => ref !== `#${n}` && ref !== `#${item!.number}`)).toEqual([]);
    }
    expect(appRecords(shown.body ?? "")).toHaveLength(1);
    expect(shown.assignees).toEqual(["alice"]);
  });

  it("refuses a reader's /action and opens nothing", async () => {
    await comment("carol", "/action Do something");
    expect(items()).toHaveLength(0);
  });

  it("follows an item closed by hand and reopened on the dashboard", async () => {
    await comment("bob", "/action Add a canary @alice");
    const [item] = items();
    await sb.act(sb.as("alice").close(sb.repo, item!.number));
    await sb.deliverEchoes();
    expect(sb.issue(n).body).toMatch(new RegExp(`\\| ✅ \\| #${item!.number} .*closed by @\u200Balice`));
    expect(botComments().at(-1)?.body).toContain(`Action item #${item!.number} was closed by hand`);
    await sb.act(sb.as("alice").reopen(sb.repo, item!.number));
    await sb.deliverEchoes();
    expect(sb.issue(n).body).toContain(`| ⬜ | #${item!.number} |`);
  });
});
