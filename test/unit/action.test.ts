import { ActionInputError, DEFAULT_APP_LOGIN, eventKind, input, readActionConfig } from "../../src/action/inputs.js";
import {
  budgetWarning,
  errorAnnotation,
  errorMessage,
  eventSummary,
  sweepLogLine,
  sweepSummary,
} from "../../src/action/summary.js";
import type { SweepStats } from "../../src/sweep/sweep.js";

/** A step's environment as the runner sets it, with `inputs` named as in action.yml. */
function env(inputs: Record<string, string> = {}, runner: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_EVENT_NAME: "issue_comment",
    GITHUB_EVENT_PATH: "/home/runner/work/_temp/_github_workflow/event.json",
    GITHUB_REPOSITORY: "acme/checkout",
    GITHUB_RUN_ID: "77",
    "INPUT_GITHUB-TOKEN": "ghs_input",
    "INPUT_SIGNING-KEY": "key",
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    ...runner,
  };
}

const stats = (overrides: Partial<SweepStats> = {}): SweepStats => ({
  incidents: 2,
  escalations: 1,
  reminders: 3,
  repairs: 0,
  requests: 25,
  left: 0,
  wouldWrite: [],
  ...overrides,
});

describe("readActionConfig", () => {
  it("reads the inputs and the runner's variables, with github.com and github-actions[bot] by default", () => {
    expect(readActionConfig(env({}, { GITHUB_STEP_SUMMARY: "/tmp/summary.md" }))).toEqual({
      token: "ghs_input",
      signingKey: "key",
      previousSigningKeys: [],
      dryRun: false,
      budget: undefined,
      appLogin: DEFAULT_APP_LOGIN,
      eventName: "issue_comment",
      kind: "webhook",
      eventPath: "/home/runner/work/_temp/_github_workflow/event.json",
      owner: "acme",
      repo: "checkout",
      baseUrl: "https://api.github.com",
      runId: "77",
      summaryPath: "/tmp/summary.md",
    });
  });

  it("takes the token from INPUT_GITHUB-TOKEN, then INPUT_GITHUB_TOKEN, then GITHUB_TOKEN", () => {
    const base = env({}, { "INPUT_GITHUB-TOKEN": undefined });
    expect(readActionConfig({ ...base, GITHUB_TOKEN: "ghs_env" }).token).toBe("ghs_env");
    expect(readActionConfig({ ...base, GITHUB_TOKEN: "ghs_env", INPUT_GITHUB_TOKEN: "ghs_underscore" }).token).toBe(
      "ghs_underscore",
    );
    expect(readActionConfig({ ...base, "INPUT_GITHUB-TOKEN": "ghs_hyphen", GITHUB_TOKEN: "ghs_env" }).token).toBe(
      "ghs_hyphen",
    );
    expect(() => readActionConfig(base)).toThrow(/github-token is empty/);
  });

  it("reads dry-run as YAML's booleans, budget as a whole number, and the app login and API base as given", () => {
    const config = readActionConfig(
      env(
        { "dry-run": "True", budget: " 300 ", "app-login": "firebreak[bot]" },
        { GITHUB_API_URL: "https://ghe.example.com/api/v3/", FIREBREAK_SIGNING_KEY_PREVIOUS: "old, older ," },
      ),
    );
    expect(config).toMatchObject({
      dryRun: true,
      budget: 300,
      appLogin: "firebreak[bot]",
      baseUrl: "https://ghe.example.com/api/v3",
      previousSigningKeys: ["old", "older"],
    });
    expect(readActionConfig(env({ "dry-run": "FALSE" })).dryRun).toBe(false);
  });

  it.each([
    ["dry-run yes", { "dry-run": "yes" }, {}, /dry-run must be true or false/],
    ["budget ten", { budget: "ten" }, {}, /budget must be a whole number/],
    ["budget 0", { budget: "0" }, {}, /budget must be a whole number/],
    ["budget 1.5", { budget: "1.5" }, {}, /budget must be a whole number/],
    ["a login with a space", { "app-login": "firebreak bot" }, {}, /app-login must be a GitHub login/],
    ["a blank signing key", { "signing-key": " " }, {}, /signing-key is empty/],
    ["a repository without owner", {}, { GITHUB_REPOSITORY: "checkout" }, /GITHUB_REPOSITORY must be owner\/name/],
    ["no GITHUB_EVENT_NAME", {}, { GITHUB_EVENT_NAME: undefined }, /GITHUB_EVENT_NAME is not set/],
    ["an event without GITHUB_EVENT_PATH", {}, { GITHUB_EVENT_PATH: undefined }, /GITHUB_EVENT_PATH is not set/],
  ])("refuses %s", (_label, inputs, runner, message) => {
    expect(() => readActionConfig(env(inputs, runner))).toThrow(ActionInputError);
    expect(() => readActionConfig(env(inputs, runner))).toThrow(message);
  });

  it("needs no event file for a sweep, and falls back to FIREBREAK_SIGNING_KEY", () => {
    const config = readActionConfig(
      env({ "signing-key": "" }, { GITHUB_EVENT_NAME: "schedule", GITHUB_EVENT_PATH: "", FIREBREAK_SIGNING_KEY: "k" }),
    );
    expect(config).toMatchObject({ kind: "sweep", eventPath: undefined, signingKey: "k" });
  });

  it("accepts the underscore spelling of an input", () => {
    expect(input({ INPUT_SIGNING_KEY: " s " }, "signing-key")).toBe("s");
    expect(input({ "INPUT_SIGNING-KEY": "hyphen", INPUT_SIGNING_KEY: "underscore" }, "signing-key")).toBe("hyphen");
  });
});

describe("eventKind", () => {
  it.each([
    ["issues", "webhook"],
    ["issue_comment", "webhook"],
    ["pull_request", "webhook"],
    ["check_run", "webhook"],
    ["repository_dispatch", "webhook"],
    ["schedule", "sweep"],
    ["workflow_dispatch", "sweep"],
    ["push", "ignored"],
    ["pull_request_target", "ignored"],
  ])("%s → %s", (name, kind) => expect(eventKind(name)).toBe(kind));
});

describe("run output", () => {
  it("escapes the error annotation so a multi-line message stays one command", () => {
    expect(errorAnnotation(new Error("100% broken\r\nsee log"))).toBe(
      "::error::Firebreak failed: 100%25 broken%0D%0Asee log",
    );
  });

  it("names every handler's error when Probot reports several", () => {
    expect(errorMessage(new AggregateError([new Error("one"), new Error("two")], ""))).toBe("one\ntwo");
    expect(errorMessage("plain")).toBe("plain");
  });

  it("warns only when the budget ran out", () => {
    expect(budgetWarning(stats(), 100)).toBeUndefined();
    expect(budgetWarning(stats({ left: 1, requests: 100 }), 100)).toBe(
      "::warning::the budget of 100 requests ran out: 1 incident was not swept this time; the next run starts with the most overdue.",
    );
  });

  it("logs one line with every figure", () => {
    expect(sweepLogLine(stats({ left: 4 }), { repository: "acme/checkout", dryRun: true, budget: 25 })).toBe(
      "Firebreak swept acme/checkout (dry run): 2 incidents, 1 escalations would fire, 3 reminders, 0 repairs, 25 requests, 4 incidents left for the next run",
    );
  });

  it("lists at most 50 dry-run writes in the summary, user text inert", () => {
    const wouldWrite = Array.from({ length: 53 }, (_, i) => `#${i + 1}: remind *everyone* <b>now</b>`);
    const markdown = sweepSummary(stats({ wouldWrite }), {
      repository: "acme/checkout",
      dryRun: true,
      budget: undefined,
    });
    expect(markdown).toContain("| Requests used | 25 |");
    expect(markdown).toContain("- #1: remind \\*everyone\\* &lt;b&gt;now&lt;/b&gt;\n");
    expect(markdown).toContain("- #50: remind");
    expect(markdown).not.toContain("- #51:");
    expect(markdown).toContain("- … and 3 more (see the log)");
  });

  it("says which event on which issue an event run handled", () => {
    expect(eventSummary("issues", { action: "labeled", issue: { number: 9 } }, "acme/checkout")).toBe(
      "### Firebreak handled `issues.labeled` on acme/checkout#9\n",
    );
    expect(eventSummary("repository_dispatch", { action: "incident" }, "acme/checkout")).toBe(
      "### Firebreak handled `repository_dispatch.incident` on acme/checkout\n",
    );
  });
});
