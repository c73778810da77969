import type { Delivery } from "../../github-standin/index.js";
import type { Sandbox } from "./sandbox.js";

/**
 * A short incident as people's actions (each returns the webhooks GitHub would send), and what people see of the
 * issue afterwards: the delivery-order, redelivery and replica tests all play this story and compare endings.
 */
export function incidentActions(
  sb: Sandbox,
  options: { triageLabel?: boolean } = {},
): { n: number; actions: (() => Delivery[])[] } {
  const n = sb.repo.issueNumbers().length + 1;
  const actions = [
    () => sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }),
    () => sb.as("alice").addLabels(sb.repo, n, ["incident"]),
    () => sb.as("bob").comment(sb.repo, n, "/sev 1\n/ack\n/ic @bob"),
    () => sb.as("carol").comment(sb.repo, n, "/sev 4"),
    () => sb.as("alice").addLabels(sb.repo, n, ["status:identified"]),
    () => sb.as("bob").comment(sb.repo, n, "/update Rolling back eta: 20m\n/root-cause Bad deploy"),
    // A label the app never shows in this story, so it is a real change however late earlier webhooks are.
    ...(options.triageLabel ? [() => sb.as("dave").addLabels(sb.repo, n, ["sev4"])] : []),
    () => sb.as("bob").comment(sb.repo, n, "/tech @alice\n/status monitoring"),
  ];
  return { n, actions };
}

/** What people see of an issue, and the app's comments. */
export function visibleIssue(sb: Sandbox, n: number) {
  const issue = sb.issue(n);
  return {
    title: issue.title,
    state: issue.state,
    labels: [...issue.labels].sort(),
    assignees: [...issue.assignees].sort(),
    body: issue.body,
    botComments: issue.comments
      .filter((c) => c.user === "firebreak[bot]")
      .map((c) => c.body)
      .sort(),
  };
}

/** The same, without what depends on when the app wrote (the app's comments' times and records). */
export function comparableIssue(sb: Sandbox, n: number) {
  const seen = visibleIssue(sb, n);
  const firstLine = (body: string) => (body.split("\n")[0] ?? "").replace(/\d\d:\d\d/g, "HH:MM");
  // Comment ids depend on when the app wrote its own comments between people's: the link, not its number, matters.
  const body = seen.body?.replace(/#issuecomment-\d+/g, "#issuecomment-N") ?? seen.body;
  return { ...seen, body, botComments: seen.botComments.map(firstLine).sort() };
}
