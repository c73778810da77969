import { describe, expect, it } from "@jest/globals";
import { parseIncidentConfig } from "../../src/config/parse.js";
import { monthlyMetrics, percentile, quarterProgress, summarize, trend } from "../../src/metrics/index.js";
import { CONFIG, DAY, FACTS, HOUR, MIN, NOW } from "./metrics-fixture.js";

const october = monthlyMetrics(FACTS, "2026-10", CONFIG, NOW);
const s = (n: number, median: number, p90: number, mean: number) => ({ n, median, p90, mean });

describe("percentile (nearest-rank: the value at rank ceil(p/100 × n) of the sorted values)", () => {
  it("n = 1: every percentile is the one value", () => {
    expect([percentile([5], 50), percentile([5], 90), percentile([5], 0), percentile([5], 100)]).toEqual([5, 5, 5, 5]);
  });
  it("n = 2: the median is the lower value, not the average", () => {
    expect([percentile([2, 1], 50), percentile([2, 1], 90)]).toEqual([1, 2]);
  });
  it("n = 5: ranks 3 and 5", () => {
    expect([percentile([5, 1, 4, 2, 3], 50), percentile([5, 1, 4, 2, 3], 90)]).toEqual([3, 5]);
  });
  it("n = 10: ranks 5 and 9", () => {
    const values = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect([percentile(values, 50), percentile(values, 90), percentile(values, 100)]).toEqual([5, 9, 10]);
  });
  it("no values: null, and the summary says n = 0", () => {
    expect(percentile([], 50)).toBeNull();
    expect(summarize([])).toEqual({ n: 0, median: null, p90: null, mean: null });
  });
  it("the mean is rounded to the millisecond and the input is not reordered", () => {
    const values = [3, 1, 1];
    expect(summarize(values)).toEqual({ n: 3, median: 1, p90: 3, mean: 2 });
    expect(values).toEqual([3, 1, 1]);
  });
});

describe("monthlyMetrics, against figures computed by hand (October 2026)", () => {
  it("takes the incidents declared in the month, the one resolved in November included", () => {
    expect([october.from, october.to]).toEqual(["2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"]);
    expect(october.declared).toBe(9);
    expect(october.counted).toBe(7);
  });

  it("counts by severity and by type, without false positives and excluded types", () => {
    expect(october.bySeverity).toEqual({ sev1: 2, sev2: 3, sev3: 2 });
    expect(october.byType).toEqual({ "(no type)": 1, api: 3, database: 2, network: 1 });
  });

  it("counts false positives and drills apart", () => {
    expect(october.falsePositives.map((i) => i.number)).toEqual([15]);
    expect(october.excluded).toEqual([{ number: 16, title: "Game day", severity: "sev4", type: "drill" }]);
  });

  it("MTTD: detected − started, missing where no started time", () => {
    expect(october.time.mttd.overall).toEqual(s(5, 60 * MIN, 60 * MIN, 38 * MIN));
    expect(october.time.mttd.missing).toEqual([11, 18]);
    expect(october.time.mttd.bySeverity).toEqual({
      sev1: s(2, 10 * MIN, 60 * MIN, 35 * MIN),
      sev2: s(1, 60 * MIN, 60 * MIN, 60 * MIN),
      sev3: s(2, 0, 60 * MIN, 30 * MIN),
    });
  });

  it("MTTA: acknowledged − declared", () => {
    expect(october.time.mtta.overall).toEqual(s(6, 10 * MIN, 30 * MIN, 12.5 * MIN));
    expect(october.time.mtta.missing).toEqual([13]);
  });

  it("MTTM: mitigated − detected", () => {
    expect(october.time.mttm.overall).toEqual(s(5, 120 * MIN, 120 * MIN, 90 * MIN));
    expect(october.time.mttm.missing).toEqual([12, 13]);
  });

  it("MTTR: resolved − detected, by severity and overall", () => {
    expect(october.time.mttr.overall).toEqual(s(6, 2 * HOUR, 6 * HOUR, 170 * MIN));
    expect(october.time.mttr.missing).toEqual([13]);
    expect(october.time.mttr.bySeverity).toEqual({
      sev1: s(2, 2 * HOUR, 6 * HOUR, 4 * HOUR),
      sev2: s(3, HOUR, 4 * HOUR, 2 * HOUR),
      sev3: s(1, 3 * HOUR, 3 * HOUR, 3 * HOUR),
    });
  });

  it("finds repeats within the window, with the latest earlier incident, and not beyond it", () => {
    expect(october.repeats.map((r) => [r.number, r.earlier, r.rootCauseCategory])).toEqual([
      [11, 1, "capacity"],
      [12, 10, "deploy"],
      [17, 11, "capacity"],
    ]);
    expect(october.repeats[0]?.apart).toBe(53 * DAY);
    // #14 (api/config) is 96 days after #2: outside the 90 days. #18 has no type; #15 is a false positive.
    const wider = monthlyMetrics(
      FACTS,
      "2026-10",
      { metrics: { ...CONFIG.metrics, repeatWindow: { text: "100d", ms: 100 * DAY } } },
      NOW,
    );
    expect(wider.repeats.map((r) => r.number)).toEqual([11, 12, 14, 17]);
  });

  it("counts action items opened, closed (by a merged pull request) and overdue as of now", () => {
    expect(october.actionItems).toEqual({
      opened: 4,
      closed: 2,
      overdue: [{ incident: 12, item: 102, due: "2026-10-20T00:00:00Z" }],
      closedByPull: 1,
      closedByPullShare: 0.5,
    });
  });

  it("sorts post-mortems into on time, late, overdue and pending", () => {
    expect(october.postmortems).toEqual({ onTime: [10], late: [11], overdue: [14], pending: [17] });
  });

  it("counts the incidents with a started time", () => {
    expect(october.withStarted).toBe(5);
  });

  it("leaves a negative interval out as inconsistent", () => {
    const [first] = FACTS.filter((f) => f.number === 10);
    if (!first) throw new Error("fixture");
    const figures = monthlyMetrics([{ ...first, acknowledged: "2026-10-01T10:00:00Z" }], "2026-10", CONFIG, NOW);
    expect([figures.time.mtta.inconsistent, figures.time.mtta.overall.n]).toEqual([[10], 0]);
  });

  it("rejects a month that is not YYYY-MM", () => {
    expect(() => monthlyMetrics(FACTS, "2026-13", CONFIG, NOW)).toThrow(/YYYY-MM/);
  });
});

describe("trend and quarter goals", () => {
  it("gives the month and the three before, oldest first", () => {
    const points = trend(FACTS, "2026-10", CONFIG, NOW);
    expect(points.map((p) => [p.month, p.counted, p.mttrMedian])).toEqual([
      ["2026-07", 1, 3 * HOUR],
      ["2026-08", 1, HOUR],
      ["2026-09", 1, 2 * HOUR],
      ["2026-10", 7, 2 * HOUR],
    ]);
    expect(points[3]).toMatchObject({
      repeats: 3,
      falsePositives: 1,
      excluded: 1,
      startedShare: 5 / 7,
      mttdMedian: 60 * MIN,
    });
  });

  it("judges the quarter to date against the previous quarter", () => {
    const progress = quarterProgress(FACTS, "2026-10", CONFIG, NOW);
    expect(progress).toMatchObject({
      quarter: "2026-Q4",
      months: ["2026-10"],
      previousMonths: ["2026-07", "2026-08", "2026-09"],
      complete: false,
    });
    expect(progress.goals.map((g) => [g.goal, g.current, g.previous, g.status])).toEqual([
      ["mttr", 2 * HOUR, 2 * HOUR, "off track"],
      ["incidentCount", 7, 3, "off track"],
      ["repeats", 3, 0, "not met"],
      ["detection", 60 * MIN, 60 * MIN, "on track"],
    ]);
    expect(progress.goals[3]?.startedShare).toEqual({ current: 5 / 7, previous: 1 / 3 });
  });

  it("leaves out goals set to 0 or false, and says when there is no baseline", () => {
    const goals = {
      mttrReductionPercent: 0,
      incidentCountReductionPercent: 10,
      eliminateRepeatIncidents: false,
      improveDetectionCoverage: false,
    };
    const progress = quarterProgress(FACTS, "2026-09", { metrics: { ...CONFIG.metrics, goals } }, NOW);
    expect(progress).toMatchObject({ quarter: "2026-Q3", months: ["2026-07", "2026-08", "2026-09"], complete: true });
    expect(progress.goals.map((g) => [g.goal, g.current, g.previous, g.status])).toEqual([
      ["incidentCount", 3, 0, "no baseline"],
    ]);
  });
});

describe("metrics config", () => {
  it("defaults to no excluded type and a 90-day repeat window, fresh each time", () => {
    const parsed = parseIncidentConfig({}, ".github/incident.yml");
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.config.metrics.excludeTypes).toEqual([]);
    expect(parsed.config.metrics.repeatWindow).toEqual({ text: "90d", ms: 90 * DAY });
    parsed.config.metrics.excludeTypes.push("drill");
    const again = parseIncidentConfig({}, ".github/incident.yml");
    if (!again.ok) throw new Error(again.error.message);
    expect(again.config.metrics.excludeTypes).toEqual([]);
  });

  it("reads excluded types and a repeat window, and rejects a bad duration", () => {
    const parsed = parseIncidentConfig(
      { metrics: { excludeTypes: ["drill"], repeatWindow: "30d" } },
      ".github/incident.yml",
    );
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.config.metrics.excludeTypes).toEqual(["drill"]);
    expect(parsed.config.metrics.repeatWindow).toEqual({ text: "30d", ms: 30 * DAY });
    expect(parsed.config.metrics.goals.mttrReductionPercent).toBe(20);
    expect(parseIncidentConfig({ metrics: { repeatWindow: "3 months" } }, ".github/incident.yml").ok).toBe(false);
  });
});

describe("repeats by the files a fix touched", () => {
  const base = { severity: "sev2", falsePositive: false, items: [] };
  const facts = [
    {
      ...base,
      number: 1,
      title: "Pool exhausted",
      declared: "2026-09-20T10:00:00Z",
      fixFiles: ["db/pool.yml", "README.md"],
    },
    { ...base, number: 2, title: "Cache cold", declared: "2026-10-02T10:00:00Z", fixFiles: ["cache/warm.ts"] },
    { ...base, number: 3, title: "Pool again", declared: "2026-10-12T10:00:00Z", fixFiles: ["db/pool.yml"] },
    // Its fix shares a file with #2's.
    { ...base, number: 4, title: "Pool, later", declared: "2026-10-30T10:00:00Z", fixFiles: ["cache/warm.ts", "x"] },
  ];

  it("flag an incident whose fix changed a file an earlier incident's fix changed, within the window", () => {
    const { repeats } = monthlyMetrics(facts, "2026-10", CONFIG, NOW);
    expect(repeats.map(({ number, earlier, sharedFiles }) => ({ number, earlier, sharedFiles }))).toEqual([
      { number: 3, earlier: 1, sharedFiles: ["db/pool.yml"] },
      { number: 4, earlier: 2, sharedFiles: ["cache/warm.ts"] },
    ]);
  });

  it("not when the earlier fix is older than the window", () => {
    const later = [{ ...facts[0]!, declared: "2026-06-01T10:00:00Z" }, facts[2]!];
    expect(monthlyMetrics(later, "2026-10", CONFIG, NOW).repeats).toEqual([]);
  });
});
