import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GitHubStandIn, type Delivery, type RepoHandle } from "../../github-standin/index.js";
import { runAction } from "../../src/action/run.js";
import type { SweepOptions, SweepStats } from "../../src/sweep/sweep.js";
import { SIGNING_KEY, TEAM } from "../support/sandbox.js";

/**
 * The action run as GitHub Actions runs it: the runner's variables and the step's inputs in the environment, the
 * event's payload in a file, against the stand-in. With GITHUB_TOKEN the app is `github-actions[bot]`, so the
 * stand-in's app is `github-actions` and only the tokens it issued are accepted (a run that ignored its token
 * input would be refused).
 */

const BUNDLE = fileURLToPath(new URL("../../dist-action/index.mjs", import.meta.url));
const BOT = "github-actions[bot]";

let gh: GitHubStandIn;
let repo: RepoHandle;
let token: string;
let dir: string;

beforeEach(async () => {
  gh = new GitHubStandIn({ appSlug: "github-actions", strictTokens: true, validateResponses: true });
  repo = gh.addRepo("acme/checkout", { collaborators: { ...TEAM } });
  await gh.listen();
  token = gh.tokenFor(BOT);
  dir = mkdtempSync(join(tmpdir(), "firebreak-action-"));
});

afterEach(async () => {
  expect(gh.violations).toEqual([]);
  await gh.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the runner sets for a step of this action, the event's payload written where GITHUB_EVENT_PATH says. */
function actionsEnv(name: string, payload: object, inputs: Record<string, string> = {}): NodeJS.ProcessEnv {
  const eventPath = join(dir, "event.json");
  writeFileSync(eventPath, JSON.stringify(payload));
  return {
    PATH: process.env.PATH,
    GITHUB_EVENT_NAME: name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: "acme/checkout",
    GITHUB_API_URL: gh.baseUrl,
    GITHUB_RUN_ID: "4242",
    GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
    "INPUT_GITHUB-TOKEN": token,
    "INPUT_SIGNING-KEY": SIGNING_KEY,
    "INPUT_DRY-RUN": "false",
    INPUT_BUDGET: "",
    "INPUT_APP-LOGIN": BOT,
    LOG_LEVEL: "fatal",
    ...Object.fromEntries(Object.entries(inputs).map(([input, value]) => [`INPUT_${input.toUpperCase()}`, value])),
  };
}

function deliveryEnv(delivery: Delivery | undefined, inputs: Record<string, string> = {}): NodeJS.ProcessEnv {
  if (!delivery) throw new Error("no delivery");
  return actionsEnv(delivery.name, delivery.payload as object, inputs);
}

/** `node dist-action/index.mjs` in a child process, as the runner starts a node action (async: the stand-in lives here). */
function runBundle(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE], { env, cwd: dir });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() }),
    );
  });
}

/** runAction in this process, its log lines collected. */
async function runInProcess(env: NodeJS.ProcessEnv, deps: Parameters<typeof runAction>[1] = {}) {
  const lines: string[] = [];
  const code = await runAction(env, { out: (line) => lines.push(line), ...deps });
  return { code, lines, stdout: lines.join("\n") };
}

const summary = () => readFileSync(join(dir, "summary.md"), "utf8");

function expectDeclared(number: number, severity: string, title: string) {
  const issue = repo.issue(number);
  expect(issue.labels.sort()).toEqual(["incident", severity, "status:investigating"].sort());
  expect(issue.title).toBe(`[INC-2026-11-25-001] ${title}`);
  expect(issue.body).toContain("<!-- firebreak:dashboard:start -->");
  const declarations = issue.comments.filter((comment) => comment.body.includes("INCIDENT DECLARED"));
  expect(declarations.map((comment) => comment.user)).toEqual([BOT]);
  return issue;
}

// Event runs take seconds: Probot's throttle spaces writes as GitHub asks (1 s, 3 s for comments), as in production.
describe("an event run through the committed bundle", () => {
  it("declares on /incident declare sev2, writing as the token's user, and summarises the step", async () => {
    const opened = gh.as("reporter").openIssue(repo, { title: "something odd" });
    gh.clock.advance("1m");
    const [comment] = gh.as("bob").comment(repo, opened.issueNumber, "/incident declare sev2 Search results empty");

    const run = await runBundle(deliveryEnv(comment));

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(run.stdout).not.toContain("::error::");
    const issue = expectDeclared(opened.issueNumber, "sev2", "Search results empty");
    expect(issue.comments.find((c) => c.body.startsWith("/incident"))?.reactions).toEqual([
      { user: BOT, content: "+1" },
    ]);
    expect(summary()).toBe(`### Firebreak handled \`issue_comment.created\` on acme/checkout#${opened.issueNumber}\n`);
  }, 60_000);
});

describe("event runs in process", () => {
  it("trusts the records github-actions[bot] wrote in an earlier run: /sev 1 changes the incident, no second declaration", async () => {
    const opened = gh.as("reporter").openIssue(repo, { title: "Checkout down" });
    gh.clock.advance("1m");
    const [labeled] = gh.as("alice").addLabels(repo, opened.issueNumber, ["incident"]);
    expect((await runInProcess(deliveryEnv(labeled))).code).toBe(0);
    expectDeclared(opened.issueNumber, "sev3", "Checkout down");
    gh.clock.advance("1m");

    const [sev] = gh.as("bob").comment(repo, opened.issueNumber, "/sev 1");
    const run = await runInProcess(deliveryEnv(sev));

    expect(run).toMatchObject({ code: 0 });
    expectDeclared(opened.issueNumber, "sev1", "Checkout down");
  }, 60_000);

  it("opens an incident from a repository_dispatch alert, as github-actions[bot]", async () => {
    const [dispatch] = gh.as("erin").dispatch(repo, "incident", {
      title: "Error rate above 25%",
      severity: "sev2",
      dedup_key: "alert-42",
    });

    const run = await runInProcess(deliveryEnv(dispatch));

    expect(run).toMatchObject({ code: 0 });
    const [number] = repo.issueNumbers();
    expect(repo.issueNumbers()).toHaveLength(1);
    expect(repo.issue(number!).user).toBe(BOT);
    expectDeclared(number!, "sev2", "Error rate above 25%");
  }, 60_000);

  it("fails the step with ::error:: when GitHub refuses the token", async () => {
    const opened = gh.as("reporter").openIssue(repo, { title: "something odd" });
    const [comment] = gh.as("bob").comment(repo, opened.issueNumber, "/incident declare sev2");
    const env = deliveryEnv(comment);
    env["INPUT_GITHUB-TOKEN"] = "ghs_revoked";

    const run = await runInProcess(env);

    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(/^::error::Firebreak failed: .*Bad credentials/);
    expect(repo.issue(opened.issueNumber).labels).toEqual([]);
    expect(existsSync(join(dir, "summary.md"))).toBe(false);
  });

  it("handles nothing in a dry run (the handlers have none) and makes no request", async () => {
    const opened = gh.as("reporter").openIssue(repo, { title: "something odd" });
    const [comment] = gh.as("bob").comment(repo, opened.issueNumber, "/incident declare sev2");
    gh.resetRequestLog();

    const run = await runInProcess(deliveryEnv(comment, { "dry-run": "true" }));

    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain("dry run, so the issue_comment event is not handled");
    expect(gh.requests).toEqual([]);
    expect(repo.issue(opened.issueNumber).labels).toEqual([]);
  });

  it("skips events it has no handler for, with exit code 0", async () => {
    const run = await runInProcess(actionsEnv("push", { ref: "refs/heads/main" }));
    expect(run).toEqual({
      code: 0,
      lines: [expect.stringContaining("does nothing on push events")],
      stdout: expect.any(String),
    });
    expect(gh.requests).toEqual([]);
  });
});

describe("a scheduled sweep", () => {
  it("runs through the bundle with a payload that names no repository, and writes the step summary", async () => {
    const run = await runBundle(actionsEnv("schedule", { schedule: "7,22,37,52 * * * *" }, { budget: "200" }));

    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(run.stdout).toContain("Firebreak: sweeping acme/checkout as of ");
    expect(run.stdout).toMatch(/Firebreak swept acme\/checkout: \d+ incidents/);
    expect(summary()).toMatch(/^### Firebreak sweep of acme\/checkout\n/);
    expect(summary()).toMatch(/\| Requests used \| \d+ of 200 \|/);
  });

  it("calls sweepRepository for GITHUB_REPOSITORY with the time, inputs, key and an Octokit acting with the token", async () => {
    let seen: SweepOptions | undefined;
    let issuesListed = -1;
    const sweep = async (options: SweepOptions): Promise<SweepStats> => {
      seen = options;
      // The client must reach GITHUB_API_URL with the token (the stand-in refuses any other).
      const { data } = await options.octokit.rest.issues.listForRepo({ owner: options.owner, repo: options.repo });
      issuesListed = data.length;
      return { incidents: 4, escalations: 1, reminders: 2, repairs: 1, requests: 40, left: 3, wouldWrite: [] };
    };
    gh.as("reporter").openIssue(repo, { title: "one" });
    const now = new Date("2026-11-25T12:07:31.000Z");

    const run = await runInProcess(
      actionsEnv("workflow_dispatch", {}, { budget: "40", "app-login": "firebreak[bot]" }),
      {
        sweep,
        now: () => now,
      },
    );

    expect(run.code).toBe(0);
    expect(issuesListed).toBe(1);
    expect(seen).toMatchObject({
      owner: "acme",
      repo: "checkout",
      now: "2026-11-25T12:07:31.000Z",
      appLogin: "firebreak[bot]",
      dryRun: false,
      budget: 40,
      keys: { current: SIGNING_KEY, previous: [] },
    });
    expect(run.lines).toContain(
      "::warning::the budget of 40 requests ran out: 3 incidents were not swept this time; the next run starts with the most overdue.",
    );
    expect(summary()).toBe(
      [
        "### Firebreak sweep of acme/checkout",
        "",
        "| | |",
        "|---|---:|",
        "| Incidents swept | 4 |",
        "| Escalations fired | 1 |",
        "| Reminders posted | 2 |",
        "| Projections repaired | 1 |",
        "| Requests used | 40 of 40 |",
        "| Left for the next run (budget spent) | 3 |",
        "",
      ].join("\n"),
    );
  });

  it("passes dry-run on and lists what would be written", async () => {
    const sweep = async (options: SweepOptions): Promise<SweepStats> => {
      expect(options.dryRun).toBe(true);
      options.log.warn("incident #7: 100% stale\nsecond line");
      return {
        incidents: 1,
        escalations: 1,
        reminders: 0,
        repairs: 0,
        requests: 3,
        left: 0,
        wouldWrite: ["#7: escalate to <sev1>"],
      };
    };

    const run = await runInProcess(actionsEnv("schedule", {}, { "dry-run": "true" }), { sweep });

    expect(run.code).toBe(0);
    expect(run.lines).toContain("::warning::incident #7: 100%25 stale%0Asecond line");
    expect(run.lines.some((line) => line.startsWith("::warning::the budget"))).toBe(false);
    expect(summary()).toContain("| Escalations due | 1 |");
    expect(summary()).toContain("- #7: escalate to &lt;sev1&gt;");
  });

  it("fails the step when the sweep throws", async () => {
    const sweep = async (): Promise<SweepStats> => {
      throw new Error("listing issues: 502 Server Error");
    };
    const run = await runInProcess(actionsEnv("schedule", {}), { sweep });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe("::error::Firebreak failed: listing issues: 502 Server Error");
  });
});

describe("a failing run through the bundle", () => {
  it("exits 1 with ::error:: when the signing key is missing, before any request", async () => {
    const run = await runBundle(actionsEnv("schedule", {}, { "signing-key": "" }));

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Firebreak failed: Input signing-key is empty/m);
    expect(gh.requests).toEqual([]);
  });
});
