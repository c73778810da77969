import { Sandbox } from "../support/sandbox.js";

/**
 * Action items and post-mortem pull requests when GitHub fails after saving, when webhooks come twice or at
 * once, and when people delete what the app made: never a second item, branch, commit or pull request.
 */
let sb: Sandbox;
let n: number;
const BOT = "firebreak[bot]";
const ID = "INC-2026-11-25-001";
const BRANCH = `postmortem/${ID}`;
const PATH = `postmortems/${ID}.md`;

beforeEach(async () => {
  sb = await Sandbox.start({ realRetries: true });
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
  n = opened.issueNumber;
  await comment("alice", "/incident declare sev1\n/ic @bob\n/tech @alice");
});
afterEach(async () => {
  expect(sb.gh.violations).toEqual([]);
  expect(sb.gh.faults.pending()).toEqual([]);
  await sb.close();
});

async function comment(login: string, body: string, on = n) {
  const made = await sb.act(sb.as(login).comment(sb.repo, on, body));
  await settle();
  return made;
}

const settle = () => sb.settle();

const items = () => sb.repo.issues().filter((issue) => issue.labels.includes("incident:action-item"));

describe("every create of a follow-up happens once", () => {
  it.each([
    ["the item", "POST", "/repos/{owner}/{repo}/issues"],
    ["the reply recording it", "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ])("opens one action item when GitHub answers 502 after saving %s", async (_what, method, route) => {
    sb.gh.faults.add({ method, route, status: 502, afterCommit: true });
    await comment("bob", "/action Alert on pool saturation @alice");
    await comment("bob", "/note a later event repairs what the failed run left");
    expect(items()).toHaveLength(1);
    expect(sb.issue(n).comments.filter((c) => c.user === BOT && c.body.startsWith("Opened action item"))).toHaveLength(
      1,
    );
    expect(sb.issue(n).body).toContain(`#${items()[0]!.number} | Alert on pool saturation`);
  });

  it.each([
    ["the branch", "POST", "/repos/{owner}/{repo}/git/refs"],
    ["the document", "PUT", "/repos/{owner}/{repo}/contents/{path}"],
    ["the pull request", "POST", "/repos/{owner}/{repo}/pulls"],
    ["the reply recording it", "POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ])("opens one post-mortem pull request when GitHub answers 502 after saving %s", async (_what, method, route) => {
    sb.gh.faults.add({ method, route, status: 502, afterCommit: true });
    await comment("bob", "/resolve Rolled back");
    await comment("bob", "/note a later event repairs what the failed run left");
    expect(sb.repo.pulls()).toHaveLength(1);
    expect(sb.repo.pulls()[0]).toMatchObject({ state: "open", head: BRANCH, labels: ["incident:postmortem"] });
    expect(sb.repo.fileAt(PATH, BRANCH)).toContain(ID);
    const replies = sb.issue(n).comments.filter((c) => c.user === BOT && c.body.startsWith("Opened the post-mortem"));
    expect(replies).toHaveLength(1);
  });

  it("opens one item and one pull request when the same webhooks arrive twice and at once", async () => {
    const action = sb.as("bob").comment(sb.repo, n, "/action Add a canary @alice\n/resolve Rolled back");
    await Promise.all([sb.deliver(action), sb.deliver(action)]);
    await sb.deliver(action);
    await settle();
    expect(items()).toHaveLength(1);
    expect(sb.repo.pulls()).toHaveLength(1);
  });
});

describe("when people remove what the app made", () => {
  it("starts cleanly after the branch was deleted (which closes the pull request)", async () => {
    await comment("bob", "/resolve Rolled back");
    const [first] = sb.repo.pulls();
    await sb.act(sb.as("erin").deleteBranch(sb.repo, BRANCH));
    await settle();
    expect(sb.repo.pull(first!.number).state).toBe("closed");
    await comment("bob", "/postmortem");
    const open = sb.repo.pulls().filter((pull) => pull.state === "open");
    expect(open).toHaveLength(1);
    expect(open[0]!.number).not.toBe(first!.number);
    expect(sb.repo.fileAt(PATH, BRANCH)).toContain(ID);
  });

  it("keeps a reviewer's commit when it lands between the app's read and its write (409), merging again", async () => {
    await comment("bob", "/resolve Rolled back");
    const edited = `${sb.repo.fileAt(PATH, BRANCH)}\nA reviewer's paragraph.\n`;
    // The reviewer pushes just as the app is about to write its refresh: GitHub answers the app 409.
    sb.gh.faults.interleave({ method: "PUT", route: "/repos/{owner}/{repo}/contents/{path}" }, () => {
      sb.as("alice").push(sb.repo, { branch: BRANCH, files: { [PATH]: edited } });
    });
    await comment("bob", "/note capacity review booked");
    const document = sb.repo.fileAt(PATH, BRANCH) ?? "";
    expect(document).toContain("A reviewer's paragraph.");
    expect(document).toContain("capacity review booked");
  });
});
