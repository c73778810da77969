import { Sandbox } from "../support/sandbox.js";

let sb: Sandbox;
let n: number;
const BOT = "firebreak[bot]";
const ID = "INC-2026-11-25-001";
const PATH = `postmortems/${ID}.md`;
const BRANCH = `postmortem/${ID}`;

beforeEach(async () => {
  sb = await Sandbox.start();
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
  n = opened.issueNumber;
  await comment("alice", "/incident declare sev1");
  await comment("bob", "/ic @bob\n/tech @alice\n/ack\n/root-cause Pool exhausted after config change");
  sb.requestsSince();
});
afterEach(() => sb.closeExpectingNoViolations());

async function comment(login: string, body: string, on = n) {
  const made = await sb.act(sb.as(login).comment(sb.repo, on, body));
  await settle();
  return made;
}

const settle = () => sb.settle();

const pulls = () => sb.repo.pulls();
/** What every command costs first: the issue, its timeline and the commenter's permission, then the reaction. */
const COMMAND_READS = [
  "GET /repos/{owner}/{repo}/issues/{issue_number}",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline",
  "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
];
const botComments = () => sb.issue(n).comments.filter((c) => c.user === BOT);

describe("the post-mortem pull request", () => {
  it("opens on resolving a sev1: branch, document, labelled pull request, reviewers, and a failing check", async () => {
    await comment("bob", "/resolve Rolled back");
    expect(pulls()).toHaveLength(1);
    const [pull] = pulls();
    expect(pull).toMatchObject({
      title: `Post-mortem: ${ID} Checkout returns 500`,
      head: BRANCH,
      base: "main",
      state: "open",
      labels: ["incident:postmortem"],
    });
    // The commander and the technical lead review; the app (the author) is never asked.
    expect(pull!.requestedReviewers.sort()).toEqual(["alice", "bob"]);
    const document = sb.repo.fileAt(PATH, BRANCH) ?? "";
    expect(document).toContain("Pool exhausted after config change");
    expect(document).toContain("```mermaid");
    expect(document).toContain("✍️ **To write:**");
    expect(pull!.body).toContain(`#${n}`);
    const [check] = sb.repo.checkRuns(pull!.headSha);
    expect(check).toMatchObject({ name: "Firebreak post-mortem", conclusion: "failure" });
    expect(botComments().some((c) => c.body.includes(`Opened the post-mortem pull request #${pull!.number}`))).toBe(
      true,
    );
    expect(sb.issue(n).body).toContain(`#${pull!.number} in review`);
  });

  it("costs 22 requests to open (one commit), 2 more than any command to refresh, 6 to check a push", async () => {
    await comment("bob", "/note warm up"); // the status label exists from here on
    sb.requestsSince();
    await sb.act(sb.as("bob").comment(sb.repo, n, "/resolve Rolled back"));
    const opening = sb.requestsSince();
    expect(opening).toEqual([
      ...COMMAND_READS,
      // found by its head before it is made; the branch from the default branch's head
      "GET /repos/{owner}/{repo}/pulls",
      "GET /repos/{owner}/{repo}/git/ref/{ref}",
      "GET /repos/{owner}/{repo}/git/ref/{ref}",
      "POST /repos/{owner}/{repo}/git/refs",
      "GET /repos/{owner}/{repo}/contents/{path}",
      "PUT /repos/{owner}/{repo}/contents/{path}",
      "POST /repos/{owner}/{repo}/pulls",
      "POST /repos/{owner}/{repo}/labels", // incident:postmortem, created once with its colour
      "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
      // reviewers who are not collaborators would fail the whole request: asked first
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      "POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "POST /repos/{owner}/{repo}/labels", // status:resolved, first use
      "GET /repos/{owner}/{repo}/issues/{issue_number}",
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      // the refresh finds the document as it was just written: no second commit
      "GET /repos/{owner}/{repo}/contents/{path}",
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    ]);
    await settle();
    sb.requestsSince();
    await sb.act(sb.as("bob").comment(sb.repo, n, "/note capacity review booked"));
    expect(sb.requestsSince()).toEqual([
      ...COMMAND_READS,
      "GET /repos/{owner}/{repo}/issues/{issue_number}",
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      "GET /repos/{owner}/{repo}/contents/{path}",
      "PUT /repos/{owner}/{repo}/contents/{path}",
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
    ]);
    const [push] = sb.gh.takeDeliveries().filter((delivery) => delivery.name === "pull_request");
    await sb.deliver([push!]);
    expect(sb.requestsSince()).toEqual([
      "GET /repos/{owner}/{repo}/issues/{issue_number}",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline",
      "GET /repos/{owner}/{repo}/contents/{path}", // the branch: is a refresh due?
      "GET /repos/{owner}/{repo}/contents/{path}", // the pushed commit: what the check reads
      "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
      "POST /repos/{owner}/{repo}/check-runs",
    ]);
  });

  it("refreshes only the app's blocks, keeps a reviewer's commit, and passes its check once complete", async () => {
    await comment("bob", "/resolve Rolled back");
    const [pull] = pulls();
    const written = (sb.repo.fileAt(PATH, BRANCH) ?? "").replace(/✍️ \*\*To write:\*\*[^\n]*/g, "Written by the team.");
    await sb.act(sb.as("alice").push(sb.repo, { branch: BRANCH, files: { [PATH]: written } }));
    await settle();
    await comment("bob", "/note Follow-up: capacity review booked");
    const after = sb.repo.fileAt(PATH, BRANCH) ?? "";
    expect(after).toContain("Written by the team.");
    expect(after).toContain("capacity review booked");
    expect(after).not.toContain("✍️ **To write:**");
    const head = sb.repo.pull(pull!.number).headSha;
    expect(sb.repo.checkRuns(head).at(-1)).toMatchObject({ conclusion: "success" });
  });

  it("records the merge on the incident, and never opens a second pull request for redeliveries", async () => {
    const resolved = await comment("bob", "/resolve Rolled back");
    await sb.deliver(resolved);
    await comment("bob", "/postmortem");
    expect(pulls()).toHaveLength(1);
    const [pull] = pulls();
    await sb.act(sb.as("erin").mergePull(sb.repo, pull!.number));
    await settle();
    expect(sb.issue(n).body).toContain(`#${pull!.number} merged`);
    expect(botComments().filter((c) => c.body.includes("The post-mortem was merged"))).toHaveLength(1);
    // Asking again after the merge opens nothing, and says where the document is.
    await comment("bob", "/postmortem");
    expect(pulls()).toHaveLength(1);
    const answer = botComments().filter((c) => c.body.startsWith(`The post-mortem was merged in #${pull!.number}`));
    expect(answer).toHaveLength(1);
    expect(answer[0]!.body).toContain(`edit \`${PATH}\``);
  });

  it("opens a fresh pull request after one was closed unmerged, on /postmortem", async () => {
    await comment("bob", "/resolve Rolled back");
    const [first] = pulls();
    await sb.act(sb.as("erin").closePull(sb.repo, first!.number));
    await settle();
    await comment("bob", "/postmortem");
    const open = pulls().filter((pull) => pull.state === "open");
    expect(open).toHaveLength(1);
    expect(open[0]!.number).not.toBe(first!.number);
  });

  it("opens an action item from the pull request's conversation", async () => {
    await comment("bob", "/resolve Rolled back");
    const [pull] = pulls();
    await comment("alice", "/action Alert on pool saturation @alice due:1w", pull!.number);
    const items = sb.repo.issues().filter((issue) => issue.labels.includes("incident:action-item"));
    expect(items).toHaveLength(1);
    expect(sb.repo.fileAt(PATH, BRANCH)).toContain("Alert on pool saturation");
  });
});

describe("a repository's own post-mortem template", () => {
  const TEMPLATE = ".github/incident/postmortem.md.hbs";
  async function withTemplate(template: string): Promise<Sandbox> {
    await sb.close();
    sb = await Sandbox.start({
      files: { ".github/incident.yml": `templates:\n  postmortem: ${TEMPLATE}\n`, [TEMPLATE]: template },
    });
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
    n = opened.issueNumber;
    await comment("alice", "/incident declare sev1\n/ic @bob");
    return sb;
  }

  it("renders the document, with the app's blocks refreshed in it", async () => {
    await withTemplate(
      '# Our review of {{id}}\n\n{{#generated "timeline"}}{{#each timeline}}- {{at}} {{text}}\n{{/each}}{{/generated}}\n## Notes\n\n> ✍️ **To write:** what we learned\n',
    );
    await comment("bob", "/resolve Rolled back");
    await comment("bob", "/note capacity review booked");
    const document = sb.repo.fileAt(PATH, BRANCH) ?? "";
    expect(document.startsWith(`# Our review of ${ID}`)).toBe(true);
    expect(document).toContain("<!-- firebreak:begin timeline -->");
    expect(document).toContain("capacity review booked");
    expect(sb.repo.checkRuns(pulls()[0]!.headSha).at(-1)?.output?.summary).toContain("Notes");
  });

  it("that fails to render gets one reply naming it, and opens no pull request", async () => {
    await withTemplate("# {{nosuchhelper id}}\n");
    await comment("bob", "/resolve Rolled back");
    await comment("bob", "/postmortem");
    expect(pulls()).toHaveLength(0);
    const replies = botComments().filter((c) => c.body.includes("`postmortem`"));
    expect(replies).toHaveLength(1);
    expect(sb.repo.refs()).not.toHaveProperty(`refs/heads/${BRANCH}`);
  });
});

describe("the check", () => {
  it("runs again when asked from the Checks tab, and fails for an action item without an owner", async () => {
    await comment("bob", "/action Write the runbook");
    await comment("bob", "/resolve Rolled back");
    const [pull] = pulls();
    const [check] = sb.repo.checkRuns(pull!.headSha);
    expect(check?.output?.summary).toContain("without an owner");
    const before = sb.repo.checkRuns(pull!.headSha).length;
    sb.requestsSince();
    await sb.act(sb.as("bob").rerequestCheckRun(sb.repo, check!.id));
    await settle();
    expect(sb.requestsSince()).toContain("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}");
    const after = sb.repo.checkRuns(pull!.headSha);
    // The same run is updated, not a second one made.
    expect(after).toHaveLength(before);
    expect(after.at(-1)?.conclusion).toBe("failure");
  });
});
