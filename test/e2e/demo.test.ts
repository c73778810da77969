import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { runDemo } from "../../demo/demo.js";

/** `npm run demo` is part of `npm test`: a broken demo fails the build, with the demo's own list of what went wrong. */
describe("npm run demo", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "firebreak-demo-"));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("takes a sev1 from declaration to its merged post-mortem with every step answered and no request GitHub would reject", async () => {
    const lines: string[] = [];
    const result = await runDemo({ out, log: (line) => lines.push(line) });
    expect(result.problems).toEqual([]);
    expect(result.violations).toBe(0);
    expect(lines).toContain("OpenAPI violations: 0");
    expect(result.issue).toMatchObject({
      state: "closed",
      title: "[INC-2026-11-25-001] Checkout returns 500 for EU customers",
    });
    const [issueFile, requestsFile, postmortemFile, pullFile, reportFile] = result.files;
    // The first sweep of December reported November, from the incident's own signed facts.
    const report = readFileSync(reportFile!, "utf8");
    expect(report).toContain("# Incident report 2026-11");
    expect(report).toContain("| MTTR (resolved − detected) | all | 57 min | 57 min | 57 min | 1 | 0 |");
    expect(lines.some((line) => line.startsWith("Monthly report: #"))).toBe(true);
    const issue = readFileSync(issueFile!, "utf8");
    expect(issue).toContain("# [INC-2026-11-25-001] Checkout returns 500 for EU customers (#4)");
    expect(issue).toContain("Action item #5 was closed by pull request #8");
    // What changed before it: the production deploy of the pool change first, the change itself next.
    const suspects = issue.split("\n").filter((line) => /^\| [1-5] \| \[/.test(line));
    expect(suspects[0]).toMatch(/^\| 1 \| \[deploy to `production`\]\(.*\) Deploy 4211 \(#\u200B2\) \| erin \|/);
    expect(suspects[0]).toContain("the latest deployment to production 4 min before detection");
    expect(issue).toContain("- **Suspected cause:** #2 Checkout: lower max_connections to 20 for EU (marked by alice)");
    expect(suspects[1]).toMatch(/^\| 2 \| \[#2\]\(.*\) Checkout: lower max_connections to 20 for EU \| alice \|/);
    expect(issue).toContain("The post-mortem was merged (#7).");
    // The sweeps: the team lead's escalation before anyone acknowledged, once; the overdue update, once.
    expect(issue.match(/⏫ \*\*Escalation\*\* · sev1 not acknowledged/g)).toHaveLength(1);
    expect(issue).toContain("- **Notify the team lead** (due 2026-11-25 12:05 UTC): @frank");
    expect(issue.match(/⏰ @bob A status update was due 2026-11-25 12:43 UTC/g)).toHaveLength(1);
    expect(issue).toContain("⏰ 1 action item is overdue: #6 Review pool sizes per environment before rollout");
    expect(result.sweeps.map(({ escalations, reminders }) => [escalations, reminders])).toEqual([
      [1, 1],
      [0, 0],
      [1, 1],
      // the overdue item; the post-mortem merged, so its meeting and analysis milestones are not reminded
      [0, 1],
    ]);
    const sweeps = lines.filter((line) => line.includes(" schedule sweeps the repository → "));
    expect(sweeps).toHaveLength(4);
    expect(sweeps[0]).toMatch(/^12:06 .*⏫ escalation to @frank.* 1 escalation\(s\) fired, 1 reminder\(s\) posted/);
    expect(sweeps[1]).toMatch(
      /^12:06 .*nothing new is due.* 0 escalation\(s\) fired, 0 reminder\(s\) posted, 0 repair/,
    );
    expect(sweeps[2]).toMatch(/^12:45 .*⏰ status update overdue, reminder to @bob/);
    expect(sweeps[3]).toMatch(/^2026-12-03 09:00 .*⏰ on item #6 to @bob/);
    expect(readFileSync(requestsFile!, "utf8")).toContain(`${result.requests} requests in all`);
    expect(result.files.map((file) => basename(file))).toEqual([
      "issue-4.md",
      "requests.md",
      "postmortem-INC-2026-11-25-001.md",
      "postmortem-pull.md",
      "report-2026-11.md",
    ]);
    const postmortem = readFileSync(postmortemFile!, "utf8");
    expect(postmortem).toMatch(
      /^<!-- demo-output: postmortems\/INC-2026-11-25-001\.md on main, merged into main by erin/,
    );
    expect(postmortem).toContain("# Post-Incident Report: INC-2026-11-25-001");
    expect(postmortem).toContain("a value meant for the staging profile");
    expect(postmortem).not.toContain("✍️ **To write:**");
    expect(postmortem).toMatch(/\| Alert on database pool saturation \| \[#5\].* \| closed by \[#8\]/);
    const pull = readFileSync(pullFile!, "utf8");
    expect(pull).toContain("# Post-mortem: INC-2026-11-25-001 Checkout returns 500 for EU customers (#7)");
    expect(pull).toContain("- **State:** merged by erin");
    expect(pull).toContain("- **Reviewers requested:** bob, alice");
    expect(pull).toContain("- **Labels:** `incident:postmortem`");
    expect(pull).toMatch(/\| firebreak\[bot\] \| .* \| Firebreak post-mortem \| failure \|/);
    expect(pull).toMatch(/\| alice \| .* \| Firebreak post-mortem \| success \| Post-mortem complete \|/);
  });
});
