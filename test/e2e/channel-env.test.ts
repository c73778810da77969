import { configIssues, configNotes } from "../support/broken-setup.js";
import { Sandbox } from "../support/sandbox.js";

/**
 * An outbound channel whose `url_env` variable is unset where Firebreak runs is a problem with the repository's
 * setup, reported like one in the file: once, in the repository's config issue, whatever the number of incidents
 * and redeliveries, never as a note on each incident; and the issue is closed once Firebreak runs with it set.
 */

const VARIABLE = "FIREBREAK_TEST_NEVER_SET_URL";
// Told only of escalations, so that no test here waits on a delivery.
const CONFIG = `notifications:\n  channels:\n    - { name: ops-slack, type: slack, url_env: ${VARIABLE}, events: [escalation] }\n`;
let sb: Sandbox;

beforeEach(async () => {
  delete process.env[VARIABLE];
  sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG } });
});
afterEach(async () => {
  delete process.env[VARIABLE];
  await sb.closeExpectingNoViolations();
});

async function declare(title: string): Promise<{ number: number; deliveries: Parameters<Sandbox["deliver"]>[0] }> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title }));
  const deliveries = await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev1"));
  await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/sev 2"));
  return { number: opened.issueNumber, deliveries };
}

describe("a channel whose variable is unset", () => {
  it("is reported once, in the config issue, over two incidents and a redelivery, and on no incident", async () => {
    const first = await declare("Checkout returns 500");
    const second = await declare("Search is slow");
    await sb.deliver(first.deliveries);
    await sb.settle();
    const [tracking, ...others] = configIssues(sb);
    expect(others).toEqual([]);
    expect(tracking?.state).toBe("open");
    expect(tracking?.body).toContain(
      `notifications.channels[0].url_env: ${VARIABLE} is not set in the environment Firebreak runs in`,
    );
    expect(tracking?.body).toContain("only these channels hear nothing until their variables are set");
    expect(tracking?.comments).toEqual([]);
    for (const n of [first.number, second.number]) {
      expect(configNotes(sb.issue(n))).toEqual([]);
      expect(
        sb
          .issue(n)
          .comments.map((c) => c.body)
          .join("\n"),
      ).not.toContain(VARIABLE);
    }
  });

  it("is no longer reported once Firebreak runs with the variable set: the next sweep closes the config issue", async () => {
    await declare("Checkout returns 500");
    expect(configIssues(sb, "open")).toHaveLength(1);
    process.env[VARIABLE] = "http://127.0.0.1:9/unused";
    await sb.sweep();
    expect(configIssues(sb, "open")).toEqual([]);
    expect(configIssues(sb, "closed")).toHaveLength(1);
    // Nothing reopens it: a later run finds nothing to report.
    const later = await declare("Search is slow");
    await sb.settle();
    expect(configIssues(sb, "open")).toEqual([]);
    expect(configNotes(sb.issue(later.number))).toEqual([]);
  });
});
