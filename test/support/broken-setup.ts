import type { Sandbox } from "./sandbox.js";

/**
 * In a repository whose config or template Firebreak cannot use, declares on a new issue and sends `command`:
 * the app must change nothing and answer with exactly one reply, which is returned.
 */
export async function onlyReplyToBrokenSetup(sb: Sandbox, command: string): Promise<string> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Disk full" }));
  await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
  await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, command));
  const issue = sb.issue(opened.issueNumber);
  expect(issue).toMatchObject({ title: "Disk full", labels: ["incident"], body: null });
  const replies = issue.comments.filter((comment) => comment.user === "firebreak[bot]");
  expect(replies).toHaveLength(1);
  return replies[0]!.body;
}
