import { Sandbox } from "../support/sandbox.js";

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await Sandbox.start();
});
afterEach(async () => {
  expect(sandbox.gh.violations).toEqual([]);
  await sandbox.close();
});

it("smoke: label declares, /sev 1 changes severity", async () => {
  const opened = sandbox.as("alice").openIssue(sandbox.repo, { title: "Checkout returns 500", body: "Customers cannot pay." });
  await sandbox.deliver(opened);
  await sandbox.deliver(sandbox.as("alice").addLabels(sandbox.repo, opened.issueNumber, ["incident"]));
  let issue = sandbox.issue(opened.issueNumber);
  console.log(issue.title, issue.labels, issue.comments.map((c) => c.body));
  console.log(issue.body);
  sandbox.requestsSince();
  await sandbox.deliver(sandbox.as("bob").comment(sandbox.repo, opened.issueNumber, "/sev 1"));
  console.log(sandbox.requestsSince());
  issue = sandbox.issue(opened.issueNumber);
  console.log(issue.title, issue.labels, issue.comments.map((c) => [c.body.slice(0, 60), c.reactions]));
  console.log(await sandbox.deliverEchoes());
  console.log(sandbox.requestsSince());
});
