import { Sandbox } from "../support/sandbox.js";

let sb: Sandbox;
let n: number;
const BOT = "firebreak[bot]";

beforeEach(async () => {
  sb = await Sandbox.start();
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
  n = opened.issueNumber;
  await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev2"));
  await sb.deliverEchoes();
  sb.requestsSince();
});
afterEach(() => sb.closeExpectingNoViolations());

const comment = (login: string, body: string) => sb.act(sb.as(login).comment(sb.repo, n, body));
const botComments = () => sb.issue(n).comments.filter((c) => c.user === BOT);
const reactionsOn = (commentId: number) => sb.issue(n).comments.find((c) => c.id === commentId)?.reactions;

describe("slash commands on an incident", () => {
  it("moves sev2 to sev1 when /sev 1 is commented by a writer, with seven requests and three writes", async () => {
    await comment("bob", "/sev 1"); // the first use of a label creates it with its colour and description
    await comment("bob", "/sev 2");
    sb.requestsSince();
    const c = await comment("bob", "/sev 1");
    const issue = sb.issue(n);
    expect(issue.labels.sort()).toEqual(["incident", "sev1", "status:investigating"]);
    expect(issue.body).toContain("## INC-2026-11-25-001 · sev1 Critical");
    expect(issue.body).toContain("Severity sev2 → sev1");
    expect(reactionsOn(c.commentId)).toEqual([{ user: BOT, content: "+1" }]);
    // No config read: the repository's config was read for an earlier event and no push has changed it since.
    expect(sb.requestsSince()).toEqual([
      "GET /repos/{owner}/{repo}/issues/{issue_number}",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline",
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
      // labels, title, state and body in one PATCH, merged with what the issue shows just before
      "GET /repos/{owner}/{repo}/issues/{issue_number}",
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      // last, the verdict is recorded in the app's own declaration comment, where no reader can edit it
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    ]);
  });

  it("reads a long incident's timeline as one page, then all the others at once", async () => {
    for (let i = 0; i < 450; i++) sb.as("carol").comment(sb.repo, n, `chatter ${i}`);
    sb.requestsSince();
    await comment("bob", "/sev 1");
    const pages = sb.gh.requests
      .filter((request) => request.route?.endsWith("/timeline"))
      .map((request) => request.query.page);
    expect(pages).toEqual(["1", "2", "3", "4", "5"]);
    expect(sb.issue(n).labels).toContain("sev1");
  });

  it("makes no request at all for a comment without a command, a quoted command, or a bot's command", async () => {
    await comment("bob", "Looking at the dashboards now.\nNothing odd in /var/log yet.");
    await comment("bob", "> /sev 1\nI do not think this is a sev1.");
    await comment("bob", "```\n/sev 1\n```");
    sb.gh.addUser("dependabot[bot]", { type: "Bot" });
    await sb.act(sb.as("dependabot[bot]").comment(sb.repo, n, "/sev 1"));
    expect(sb.requestsSince()).toEqual([]);
    expect(sb.issue(n).labels).toContain("sev2");
  });

  it("applies every valid line of a comment in order and explains the invalid one once", async () => {
    const c = await comment("bob", "/status identified\n/sev 9\n/ack\n/note Rolling restart started");
    const issue = sb.issue(n);
    expect(issue.labels).toContain("status:identified");
    expect(issue.labels).toContain("sev2");
    expect(issue.body).toContain("✅ by @bob");
    expect(issue.body).toContain("Rolling restart started");
    expect(reactionsOn(c.commentId)).toEqual([{ user: BOT, content: "confused" }]);
    const replies = botComments().filter((b) => b.body.includes("could not apply"));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toMatch(/@bob I could not apply 1 of 4 commands/);
    expect(replies[0]!.body).toContain(
      '`/sev 9`: Unknown severity "9". Known severities: sev1 (Critical), sev2 (High), sev3 (Medium), sev4 (Low). Usage: `/sev <1-4>`',
    );
  });

  it("refuses every state change from someone with read permission, politely, and changes nothing", async () => {
    const before = sb.issue(n);
    const c = await comment("carol", "/sev 1\n/status resolved");
    const after = sb.issue(n);
    expect(after).toMatchObject({ title: before.title, body: before.body, labels: before.labels, state: "open" });
    expect(reactionsOn(c.commentId)).toEqual([{ user: BOT, content: "confused" }]);
    const reply = botComments().at(-1)!;
    expect(reply.body).toContain("@carol I could not apply your commands");
    expect(reply.body).toContain(
      "`@carol` has `read` permission on this repository; changing an incident needs `write` or higher.",
    );
  });

  it("answers /help with the command table, from anyone", async () => {
    const c = await comment("carol", "/help");
    expect(reactionsOn(c.commentId)).toEqual([{ user: BOT, content: "+1" }]);
    const reply = botComments().at(-1)!.body;
    expect(reply).toContain("| `/sev <1-4>`");
    expect(reply).toContain("/false-positive");
  });

  it("assigns role holders, and unassigns only the people the app itself assigned", async () => {
    await sb.act(sb.as("dave").assign(sb.repo, n, ["dave"]));
    await comment("alice", "/ic @alice\n/tech @bob");
    expect(sb.issue(n).assignees.sort()).toEqual(["alice", "bob", "dave"]);
    await comment("alice", "/ic @erin");
    expect(sb.issue(n).assignees.sort()).toEqual(["bob", "dave", "erin"]);
    expect(sb.issue(n).body).toMatch(/\| \*\*Incident commander\*\* \| @erin \|/);
  });

  it("refuses a role for someone who is not a collaborator", async () => {
    await comment("alice", "/ic @stranger");
    expect(sb.issue(n).assignees).toEqual([]);
    expect(botComments().at(-1)!.body).toContain("`@stranger` is not a collaborator");
  });

  it("posts a status update in the runbook's format, with the next update due from the cadence", async () => {
    await comment("alice", "/impact EU checkout fails for 30% of users");
    await comment("alice", "/status identified\n/update Rolling back deploy 4211 eta: 20 minutes");
    const update = botComments().find((b) => b.body.startsWith("**UPDATE:"))!.body;
    expect(update).toContain("**UPDATE: 12:03 UTC** · INC-2026-11-25-001 · sev2 High");
    expect(update).toContain("**Status:** Identified");
    expect(update).toContain("**Impact:** EU checkout fails for 30% of users");
    expect(update).toContain("**Actions:** Rolling back deploy 4211");
    expect(update).toContain("**ETA:** 12:23 UTC (in 20 min)");
    expect(update).toContain("**Next Update:** 13:03 UTC");
    expect(sb.issue(n).body).toContain("| **Next update due** | 2026-11-25 13:03 UTC (every 1 h) |");
  });

  it("closes the issue on /status resolved and reopens it when the incident leaves resolved", async () => {
    await comment("alice", "/status resolved");
    expect(sb.issue(n)).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(sb.issue(n).labels).toContain("status:resolved");
    await comment("alice", "/status fixing");
    expect(sb.issue(n).state).toBe("open");
    expect(sb.issue(n).labels).toContain("status:fixing");
    expect(sb.issue(n).labels).not.toContain("status:resolved");
  });

  it("closes a false positive as not planned and labels it", async () => {
    await comment("bob", "/false-positive Synthetic check misconfigured");
    const issue = sb.issue(n);
    expect(issue).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(issue.labels).toContain("incident:false-positive");
    expect(issue.body).toContain("false positive: Synthetic check misconfigured");
  });

  it("records /detected, /started and a back-dated /timeline entry in the timeline, in time order", async () => {
    await comment("alice", "/detected 11:58\n/started 11:50\n/timeline 11:45 Deploy 4211 started");
    const body = sb.issue(n).body ?? "";
    expect(body).toContain("| **Detected** | 2026-11-25 11:58 UTC");
    expect(body).toContain("| **Impact started** | 2026-11-25 11:50 UTC |");
    const rows = body
      .split("### Timeline")[1]!
      .split("\n")
      .filter((line) => line.startsWith("| 2026"));
    expect(rows.map((row) => row.split(" | ")[1])).toEqual([
      "Deploy 4211 started",
      "Impact started",
      "Detected",
      "Incident declared (sev2)",
    ]);
  });

  it("applies a corrected command when its comment is edited", async () => {
    const c = await comment("bob", "/sev 4");
    expect(sb.issue(n).labels).toContain("sev4");
    await sb.act(sb.as("bob").editComment(sb.repo, c.commentId, "/sev 1"));
    expect(sb.issue(n).labels).toContain("sev1");
    expect(sb.issue(n).labels).not.toContain("sev4");
  });

  it("takes a command back when its comment is deleted or edited to remove it", async () => {
    const c = await comment("bob", "/sev 1");
    expect(sb.issue(n).labels).toContain("sev1");
    await sb.act(sb.as("bob").editComment(sb.repo, c.commentId, "sev 1? not sure"));
    expect(sb.issue(n).labels).toContain("sev2");
    const d = await comment("bob", "/status fixing");
    await sb.act(sb.as("bob").deleteComment(sb.repo, d.commentId));
    expect(sb.issue(n).labels).toContain("status:investigating");
  });

  it("keeps the id in front of a title people rename", async () => {
    await sb.act(sb.as("bob").rename(sb.repo, n, "EU checkout returns 500"));
    expect(sb.issue(n).title).toBe("[INC-2026-11-25-001] EU checkout returns 500");
  });

  it("ignores the webhooks its own writes cause", async () => {
    await comment("bob", "/sev 1\n/ic @bob\n/status fixing\n/update Working on it");
    sb.requestsSince();
    expect(await sb.deliverEchoes()).toBeGreaterThan(3);
    expect(sb.requestsSince()).toEqual([]);
  });

  it("leaves bare slash commands on ordinary issues to other bots, and answers /incident ones", async () => {
    const plain = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Typo in docs" }));
    sb.requestsSince();
    await sb.act(sb.as("alice").comment(sb.repo, plain.issueNumber, "/help\n/sev 1"));
    expect(sb.requestsSince()).toEqual([]);
    await sb.act(sb.as("alice").comment(sb.repo, plain.issueNumber, "/incident sev 1"));
    const issue = sb.issue(plain.issueNumber);
    expect(issue.labels).toEqual([]);
    expect(issue.comments.at(-1)?.body).toContain("This issue is not an incident yet");
  });
});
