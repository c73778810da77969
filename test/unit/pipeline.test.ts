import fc from "fast-check";
import { defaultConfig } from "../../src/config/defaults.js";
import type { IssueHistory } from "../../src/domain/history.js";
import { appComments } from "../../src/domain/inputs.js";
import type { PermissionLevel } from "../../src/domain/vocabulary.js";
import { doneKeys, type Effect } from "../../src/pipeline/effects.js";
import { execute } from "../../src/pipeline/executor.js";
import { cachedParse } from "../../src/pipeline/parse-cache.js";
import { parseComment } from "../../src/domain/commands.js";
import { vocabularyOf } from "../../src/domain/vocabulary.js";
import { loginsToLookUp, planIncident, type PlanContext, type Trigger } from "../../src/pipeline/plan.js";
import { recordReader, runIncidentOnPorts, type RunResult } from "../../src/pipeline/runner.js";
import { HistoryBuilder } from "../support/history-builder.js";
import { MemoryGitHub } from "../support/memory-github.js";
import { TEST_KEYS } from "../support/records.js";

const config = defaultConfig();
const TEAM: Record<string, PermissionLevel> = { alice: "write", bob: "maintain", carol: "read", dave: "triage" };
const APP = "firebreak[bot]";
const silent = { info: () => undefined, warn: () => undefined, debug: () => undefined };

/** Plans for a history without any I/O: permissions come from TEAM, as the runner would have looked them up. */
function plan(history: IssueHistory, trigger: Trigger = {}) {
  const ctx: Omit<PlanContext, "permissions"> = {
    config,
    templates: {},
    appLogin: APP,
    records: recordReader(TEST_KEYS, "acme", "checkout", 7),
    now: "2026-11-25T13:00:00Z",
    trigger,
  };
  const permissions = new Map<string, PermissionLevel>();
  for (const login of loginsToLookUp(history, ctx, permissions)) permissions.set(login, TEAM[login] ?? "none");
  for (const login of loginsToLookUp(history, ctx, permissions)) permissions.set(login, TEAM[login] ?? "none");
  return planIncident(history, { ...ctx, permissions });
}

const kinds = (effects: Effect[]) => effects.map((effect) => `${effect.kind} ${effect.key}`);

describe("planning: history, config and { now, trigger } in, state and keyed effects out", () => {
  it.each([
    [
      "a writer's /incident declare",
      new HistoryBuilder().comment("alice", "/incident declare sev2"),
      ["react react:c1000.", "declare declaration", "issue issue"],
    ],
    [
      "a reader's /incident declare",
      new HistoryBuilder().comment("carol", "/incident declare sev2"),
      ["react react:c1000.", "comment reply:c1000."],
    ],
    [
      "/help on an ordinary issue",
      new HistoryBuilder().comment("carol", "/incident help"),
      ["react react:c1000.", "comment reply:c1000."],
    ],
    [
      "a writer's /update on an incident",
      new HistoryBuilder().label("alice", "incident").comment("alice", "/update Rolling back"),
      ["react react:c1001.", "declare declaration", "comment update:c1001.", "issue issue"],
    ],
  ])("%s", (_what, builder, expected) => {
    const history = builder.build();
    const trigger = { commentId: history.timeline.at(-1)!.id };
    expect(kinds(plan(history, trigger).effects).map((line) => line.replace(/\.[0-9a-f]+$/, "."))).toEqual(expected);
  });

  it("takes a triage user's severity label back off and explains it in one reply keyed by what it explains", () => {
    const history = new HistoryBuilder().label("alice", "incident").label("dave", "sev1").build();
    const { effects } = plan({ ...history, issue: { ...history.issue, labels: ["incident", "sev1"] } });
    expect(effects.find((effect) => effect.kind === "issue")).toMatchObject({ labels: { remove: ["sev1"] } });
    expect(effects.filter((effect) => effect.kind === "comment").map((effect) => effect.key)).toEqual(["undone:e1001"]);
  });

  it("keeps the state to facts: nothing about what the app has done", () => {
    const { state } = plan(
      new HistoryBuilder().label("alice", "incident").comment("alice", "/update Rolling back").build(),
    );
    expect(Object.keys(state)).not.toEqual(expect.arrayContaining(["outcomes"]));
    expect(state.updates[0]).not.toHaveProperty("posted");
    expect(state).not.toHaveProperty("appAssigned");
  });
});

describe("the executor", () => {
  const effects: Effect[] = [
    { kind: "react", key: "react:c1", commentId: 1, content: "+1" },
    { kind: "comment", key: "update:c1", recordKind: "update", record: {}, body: "update" },
    { kind: "comment", key: "update:c2", recordKind: "update", record: {}, body: "another" },
  ];

  async function run(options: { done?: string[]; dryRun?: boolean; budget?: number } = {}) {
    const gh = new MemoryGitHub(TEAM);
    const n = gh.as("reporter").openIssue("Checkout returns 500");
    const result = await execute(effects, {
      ports: gh.ports(),
      issueNumber: n,
      keys: TEST_KEYS,
      appLogin: "firebreak[bot]",
      defaultBranch: "main",
      done: new Set(options.done ?? []),
      log: silent,
      dryRun: options.dryRun,
      budget: options.budget,
    });
    return { gh, n, result };
  }

  it("skips effects whose key the app's records show as done, and counts them", async () => {
    const { gh, n, result } = await run({ done: ["update:c1"] });
    expect(result.stats).toMatchObject({ planned: 3, performed: 2, skippedAsDone: 1, failed: 0, left: [] });
    expect(gh.appComments(n)).toHaveLength(1);
    const records = appComments(gh.issue(n).timeline, APP, recordReader(TEST_KEYS, "acme", "checkout", n));
    expect(doneKeys(records)).toEqual(new Set(["update:c2"]));
  });

  it("writes nothing in a dry run, and says what it would have done", async () => {
    const { gh, result } = await run({ dryRun: true });
    expect(gh.calls).toEqual([]);
    expect(result.stats.wouldPerform).toEqual(["react +1 to comment 1", "comment (update:c1)", "comment (update:c2)"]);
  });

  it("stops at its operations budget and reports what it left for the next run", async () => {
    const { gh, n, result } = await run({ budget: 2 });
    expect(result.stats).toMatchObject({ performed: 2, left: ["update:c2"] });
    expect(gh.appComments(n)).toHaveLength(1);
  });
});

async function runOn(gh: MemoryGitHub, n: number, trigger: Trigger = {}, configUsed = config): Promise<RunResult> {
  return runIncidentOnPorts({
    ports: gh.ports(),
    loadConfig: async () => ({ ok: true, config: configUsed, warnings: [] }),
    issueNumber: n,
    defaultBranch: "main",
    now: gh.now(),
    trigger,
    log: silent,
    keys: TEST_KEYS,
    appLogin: APP,
  });
}

describe("the runner on in-memory ports", () => {
  it("declares with one id, and a second run finds nothing to do", async () => {
    const gh = new MemoryGitHub(TEAM);
    const n = gh.as("reporter").openIssue("Checkout returns 500");
    gh.as("alice").label(n, "incident");
    const first = await runOn(gh, n);
    expect(gh.issue(n).title).toBe("[INC-2026-11-25-001] Checkout returns 500");
    expect(first.stats.failed).toBe(0);
    gh.calls.length = 0;
    const second = await runOn(gh, n);
    expect(second.stats.performed).toBe(0);
    expect(gh.calls.filter((call) => !["getIssue", "listTimeline", "readFile"].includes(call))).toEqual([]);
  });
});

/**
 * People's actions a random incident is made of: comments by writers and a reader. (Labels and closing are
 * left out here: GitHub records no event for a label the issue already has, so whether the app ran in between
 * would change the history itself; the end-to-end delivery-order property covers them.)
 */
const ACTIONS = [
  (gh: MemoryGitHub, n: number) => gh.as("bob").comment(n, "/sev 1\n/ack"),
  (gh: MemoryGitHub, n: number) => gh.as("alice").comment(n, "/status identified\n/ic @bob"),
  (gh: MemoryGitHub, n: number) => gh.as("carol").comment(n, "/sev 4"),
  (gh: MemoryGitHub, n: number) => gh.as("alice").comment(n, "/update Rolling back eta: 20m"),
  (gh: MemoryGitHub, n: number) => gh.as("bob").comment(n, "/status fixing\n/tech @alice"),
  (gh: MemoryGitHub, n: number) => gh.as("alice").comment(n, "/note looking at the pool\n/tech @bob"),
  (gh: MemoryGitHub, n: number) => gh.as("bob").comment(n, "/sev 2\n/impact EU checkout"),
  (gh: MemoryGitHub, n: number) => gh.as("alice").comment(n, "/status monitoring"),
  (gh: MemoryGitHub, n: number) => gh.as("bob").comment(n, "/resolve Rolled back"),
  (gh: MemoryGitHub, n: number) => gh.as("alice").comment(n, "/status investigating"),
  (gh: MemoryGitHub, n: number) => gh.as("dave").comment(n, "/false-positive probe"),
];

describe("planning on a prefix, executing, then on the whole history", () => {
  /** What the incident looks like on GitHub once the app is done, comparable across runs. */
  function outcome(gh: MemoryGitHub, n: number) {
    const issue = gh.issue(n);
    const records = appComments(issue.timeline, APP, recordReader(TEST_KEYS, "acme", "checkout", n));
    // Comment ids depend on when the app's own comments were written; the verdicts are compared without them.
    const verdicts = records
      .flatMap((comment) =>
        Object.entries((comment.record.data.verdicts ?? {}) as object).map(
          ([key, value]) => `${key.replace(/^([ce])\d+/, "$1")}=${String(value)}`,
        ),
      )
      .sort();
    const visible = gh
      .appComments(n)
      .map((body) => body.slice(0, body.lastIndexOf("\n")))
      .sort();
    return {
      title: issue.title,
      state: issue.state,
      labels: [...issue.labels].sort(),
      assignees: [...issue.assignees].sort(),
      // Which comment the latest update links to depends on when the app wrote its own comments in between.
      body: issue.body.replace(/#issuecomment-\d+/g, "#issuecomment-N"),
      visible,
      verdicts,
    };
  }

  // A post-mortem pull request opened while the incident was resolved stays open if it is reopened before the next
  // run, so whether a run happened in between changes the world: this property holds without automatic ones.
  const noAutomaticPostmortem = { ...config, postmortem: { ...config.postmortem, severities: [] } };

  it("ends with the same incident and nothing left to do as planning once on the whole (generated histories)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ action: fc.nat(ACTIONS.length - 1), runAfter: fc.boolean() }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (steps) => {
          const results = [];
          for (const runsInBetween of [true, false]) {
            const gh = new MemoryGitHub(TEAM);
            const n = gh.as("reporter").openIssue("Checkout returns 500");
            gh.as("alice").label(n, "incident");
            if (runsInBetween) await runOn(gh, n, {}, noAutomaticPostmortem);
            for (const step of steps) {
              gh.tick();
              ACTIONS[step.action]!(gh, n);
              if (runsInBetween && step.runAfter) await runOn(gh, n, {}, noAutomaticPostmortem);
            }
            gh.tick();
            await runOn(gh, n, {}, noAutomaticPostmortem);
            const again = await runOn(gh, n, {}, noAutomaticPostmortem);
            expect(again.stats.performed).toBe(0);
            results.push(outcome(gh, n));
          }
          expect(results[0]).toEqual(results[1]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("reading comments", () => {
  it("parses a comment's text once per vocabulary, and gives what the parser gives", () => {
    const vocabulary = vocabularyOf(config);
    const body = `/sev 1\n> /sev 4\n/note ${"x".repeat(1_000)}`;
    const first = cachedParse(body, vocabulary);
    expect(first).toEqual(parseComment(body, vocabulary));
    expect(cachedParse(body, vocabulary)).toBe(first);
    expect(cachedParse(body, { ...vocabulary, types: [] })).not.toBe(first);
  });
});
