import { ProbotOctokit } from "probot";
import { reportCommand } from "../../src/report/cli.js";
import type { Octokit } from "../../src/github/octokit/index.js";
import { SIGNING_KEY, Sandbox } from "../support/sandbox.js";

/** The monthly report: from the incidents' own signed facts, one issue per month, on demand and on the first sweep. */
let sb: Sandbox;
const BOT = "firebreak[bot]";
afterEach(() => sb.closeExpectingNoViolations());

async function incident(title: string, commands: string[]): Promise<number> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title }), "0m");
  for (const body of commands) {
    await sb.act(sb.as("bob").comment(sb.repo, opened.issueNumber, body), "10m");
    await sb.settle(4);
  }
  return opened.issueNumber;
}

const reports = () => sb.repo.issues().filter((issue) => issue.labels.includes("incident:report"));

describe("the monthly report", () => {
  it("is opened on demand with the month's figures, updated in place, and never duplicated", async () => {
    sb = await Sandbox.start();
    await incident("Checkout down", ["/incident declare sev1", "/ack", "/status monitoring", "/resolve"]);
    await incident("Search slow", ["/incident declare sev2", "/ack", "/resolve"]);
    await incident("Probe noise", ["/incident declare sev3", "/false-positive probe misconfigured"]);
    const ordinary = await sb.act(sb.as("carol").openIssue(sb.repo, { title: "Numbers please" }), "0m");
    const asked = sb.as("carol").comment(sb.repo, ordinary.issueNumber, "/incident report 2026-11");
    await Promise.all([sb.deliver(asked), sb.deliver(asked)]);
    expect(reports()).toHaveLength(1);
    const [report] = reports();
    expect(report!.title).toBe("Incident report 2026-11");
    expect(report!.body).toContain("```mermaid");
    expect(report!.body).toMatch(/sev1[^\n]*\| 1 /);
    const answers = sb.issue(ordinary.issueNumber).comments.filter((c) => c.user === BOT && c.body.startsWith("📊"));
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toContain(`#${report!.number}`);
    // A later incident changes the figures: the same issue is updated.
    await incident("Payments slow", ["/incident declare sev2"]);
    await sb.act(sb.as("carol").comment(sb.repo, ordinary.issueNumber, "/incident report 2026-11"), "0m");
    expect(reports()).toHaveLength(1);
    expect(sb.issue(report!.number).body).not.toBe(report!.body);
  });

  it("is opened by the first sweep of the next month, once", async () => {
    sb = await Sandbox.start();
    await incident("Checkout down", ["/incident declare sev1", "/ack", "/resolve"]);
    sb.gh.clock.advance("7d"); // 2 December
    await sb.sweep();
    await sb.sweep();
    expect(reports()).toHaveLength(1);
    expect(reports()[0]!.title).toBe("Incident report 2026-11");
  });

  it("reads a month of 50 incidents in a handful of requests", async () => {
    sb = await Sandbox.start();
    for (let i = 0; i < 50; i++) await incident(`Incident ${i}`, ["/incident declare sev3\n/ack"]);
    const ordinary = await sb.act(sb.as("carol").openIssue(sb.repo, { title: "Numbers please" }), "0m");
    await sb.deliverEchoes();
    const asked = sb.as("carol").comment(sb.repo, ordinary.issueNumber, "/incident report 2026-11");
    sb.requestsSince();
    await sb.deliver(asked);
    const requests = sb.requestsSince();
    // After the comment's own run (issue, timeline, permission, reaction), the report: the facts (one page per 100
    // incidents, read from the issue list), the report issues, the label and the issue, then the answer.
    expect(requests.slice(4)).toEqual([
      "GET /repos/{owner}/{repo}/issues",
      "GET /repos/{owner}/{repo}/issues",
      "POST /repos/{owner}/{repo}/labels",
      "POST /repos/{owner}/{repo}/issues",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    ]);
    expect(reports()[0]!.body).toMatch(/sev3[^\n]*\| 50 /);
  }, 120_000);

  it("gives the same figures on the command line, as Markdown or JSON", async () => {
    sb = await Sandbox.start();
    await incident("Checkout down", ["/incident declare sev1", "/ack", "/resolve"]);
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => out.push(`ERR ${line}`) };
    const env = { GITHUB_TOKEN: sb.gh.tokenFor("alice"), FIREBREAK_SIGNING_KEY: SIGNING_KEY };
    const octokitFor = (token: string) => new ProbotOctokit({ auth: { token }, baseUrl: sb.gh.baseUrl }) as Octokit;
    const args = ["--repo", "acme/checkout", "--month", "2026-11", "--format", "json"];
    expect(await reportCommand(args, env, io, octokitFor)).toBe(0);
    const json = JSON.parse(out.join("\n")) as { schema: string; declared: number };
    expect(json).toMatchObject({ schema: "firebreak.metrics-report", declared: 1 });
    out.length = 0;
    expect(await reportCommand(["--repo", "acme/checkout", "--month", "2026-13"], env, io, octokitFor)).toBe(2);
    expect(out.join("\n")).toContain("--month must be YYYY-MM");
  });
});
