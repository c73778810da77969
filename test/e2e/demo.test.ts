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
    const [issueFile, requestsFile, postmortemFile, pullFile] = result.files;
    const issue = readFileSync(issueFile!, "utf8");
    expect(issue).toContain("# [INC-2026-11-25-001] Checkout returns 500 for EU customers (#1)");
    expect(issue).toContain("Action item #2 was closed by pull request #5");
    expect(issue).toContain("The post-mortem was merged (#4).");
    expect(readFileSync(requestsFile!, "utf8")).toContain(`${result.requests} requests in all`);
    expect(result.files.map((file) => basename(file))).toEqual([
      "issue-1.md",
      "requests.md",
      "postmortem-INC-2026-11-25-001.md",
      "postmortem-pull.md",
    ]);
    const postmortem = readFileSync(postmortemFile!, "utf8");
    expect(postmortem).toMatch(
      /^<!-- demo-output: postmortems\/INC-2026-11-25-001\.md on main, merged into main by erin/,
    );
    expect(postmortem).toContain("# Post-Incident Report: INC-2026-11-25-001");
    expect(postmortem).toContain("a value meant for the staging profile");
    expect(postmortem).not.toContain("✍️ **To write:**");
    expect(postmortem).toMatch(/\| Alert on database pool saturation \| \[#2\].* \| closed by \[#5\]/);
    const pull = readFileSync(pullFile!, "utf8");
    expect(pull).toContain("# Post-mortem: INC-2026-11-25-001 Checkout returns 500 for EU customers (#4)");
    expect(pull).toContain("- **State:** merged by erin");
    expect(pull).toContain("- **Reviewers requested:** bob, alice");
    expect(pull).toContain("- **Labels:** `incident:postmortem`");
    expect(pull).toMatch(/\| firebreak\[bot\] \| .* \| Firebreak post-mortem \| failure \|/);
    expect(pull).toMatch(/\| alice \| .* \| Firebreak post-mortem \| success \| Post-mortem complete \|/);
  });
});
