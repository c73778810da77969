import type { IssueSnapshot } from "../../github-standin/types.js";
import { CONFIG_ISSUE_TITLE } from "../../src/pipeline/config-issue.js";
import type { Sandbox } from "./sandbox.js";
const NOTE_HEADING = "Firebreak's configuration needs attention";

/** The app's notes about its configuration on an issue. */
export function configNotes(issue: IssueSnapshot): string[] {
  return issue.comments
    .filter((comment) => comment.user === "firebreak[bot]" && comment.body.includes(NOTE_HEADING))
    .map((comment) => comment.body);
}

/** The repository's config issues (the app opens at most one at a time). */
export function configIssues(sb: Sandbox, state?: "open" | "closed"): IssueSnapshot[] {
  return sb.repo
    .issues()
    .filter((issue) => issue.title === CONFIG_ISSUE_TITLE && issue.user === "firebreak[bot]")
    .filter((issue) => !state || issue.state === state);
}

/**
 * In a repository whose config or template Firebreak cannot use, declares on a new issue and sends `command`: the
 * incident is still declared and the command applied (`label` appears), the incident gets exactly one note about
 * the configuration (returned), and the repository has one open config issue saying the same, linked from the note.
 */
export async function noteOnBrokenSetup(sb: Sandbox, command: string, label: string): Promise<string> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Disk full" }));
  await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
  await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, command));
  const issue = sb.issue(opened.issueNumber);
  expect(issue.title).toMatch(/^\[INC-\d{4}-\d\d-\d\d-\d{3}\] Disk full$/);
  expect(issue.labels).toContain(label);
  const notes = configNotes(issue);
  expect(notes).toHaveLength(1);
  const [tracking] = configIssues(sb, "open");
  expect(configIssues(sb)).toHaveLength(1);
  expect(notes[0]).toContain(`#${tracking!.number}`);
  return notes[0]!;
}
