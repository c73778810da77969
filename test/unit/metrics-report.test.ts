import { describe, expect, it } from "@jest/globals";
import {
  countChart,
  type MonthlyFigures,
  mermaidLabel,
  monthlyMetrics,
  mttrChart,
  quarterProgress,
  REPORT_JSON_VERSION,
  renderReport,
  reportJson,
  severityPie,
  type TrendPoint,
  trend,
} from "../../src/metrics/index.js";
import { CONFIG, FACTS, HOUR, NOW } from "./metrics-fixture.js";

/**
 * A strict checker of the Mermaid subset the report emits (no Mermaid parser runs in Node without a DOM; the same
 * blocks were also parsed by mermaid 11's own `mermaid.parse` under jsdom while writing this). It accepts exactly:
 *
 *     xychart-beta
 *         title "<label>"
 *         x-axis ["<label>", …]
 *         y-axis "<label>" <number> --> <number>
 *         line|bar [<number>, …]          (as many as x-axis labels, within the y range)
 *
 *     pie title <words>
 *         "<label>" : <positive number>    (one or more)
 *
 * where a label has no quote, backtick, `:`, `;`, `#`, `%`, `<`, `>`, `{`, `}` or line break.
 */
const LABEL = String.raw`"([^"\x60:;#%<>{}\n]*)"`;
const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;

function checkMermaid(block: string): "xychart" | "pie" {
  const lines = block.replace(/\n$/, "").split("\n");
  return lines[0] === "xychart-beta" ? checkXychart(lines, block) : checkPie(lines, block);
}

const failure = (why: string, block: string) => new Error(`${why} in:\n${block}`);

function checkXychart(lines: string[], block: string): "xychart" {
  if (lines.length !== 5) throw failure("an xychart has title, x-axis, y-axis and one series", block);
  if (!new RegExp(`^    title ${LABEL}$`).test(lines[1] ?? "")) throw failure("bad title", block);
  const x = new RegExp(`^    x-axis \\[(${LABEL}(?:, ${LABEL})*)\\]$`).exec(lines[2] ?? "");
  if (!x) throw failure("bad x-axis", block);
  const y = new RegExp(`^    y-axis ${LABEL} ${NUMBER} --> ${NUMBER}$`).exec(lines[3] ?? "");
  if (!y) throw failure("bad y-axis", block);
  const [min, max] = [Number(y[2]), Number(y[3])];
  if (!(min < max)) throw failure("empty y range", block);
  const series = new RegExp(`^    (?:line|bar) \\[(${NUMBER}(?:, ${NUMBER})*)\\]$`).exec(lines[4] ?? "");
  if (!series) throw failure("bad series", block);
  const values = (series[1] ?? "").split(", ").map(Number);
  if (values.length !== (x[1] ?? "").split(", ").length) throw failure("series and x-axis differ in length", block);
  if (values.some((v) => v < min || v > max)) throw failure("value outside the y range", block);
  return "xychart";
}

function checkPie(lines: string[], block: string): "pie" {
  if (!/^pie title [^"\x60:;#%<>{}\n]+$/.test(lines[0] ?? "")) throw failure("not a diagram the report emits", block);
  if (lines.length < 2) throw failure("a pie needs a slice", block);
  for (const line of lines.slice(1)) {
    const slice = new RegExp(`^    ${LABEL} : ${NUMBER}$`).exec(line);
    if (!slice || !(Number(slice[2]) > 0)) throw failure(`bad slice ${line}`, block);
  }
  return "pie";
}

const mermaidBlocks = (markdown: string) =>
  [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");

const figures = monthlyMetrics(FACTS, "2026-10", CONFIG, NOW);
const context = {
  repo: "acme/shop",
  month: "2026-10",
  trend: trend(FACTS, "2026-10", CONFIG, NOW),
  goals: quarterProgress(FACTS, "2026-10", CONFIG, NOW),
};
const report = renderReport(figures, context);

describe("the Mermaid checker", () => {
  it("rejects what the grammar does not allow", () => {
    expect(() =>
      checkMermaid('xychart-beta\n    title "a"\n    x-axis ["a" "b"]\n    y-axis "h" 0 --> 1\n    line [1, 1]'),
    ).toThrow(/x-axis/);
    expect(() =>
      checkMermaid('xychart-beta\n    title "a"\n    x-axis ["a", "b"]\n    y-axis "h" 0 --> 1\n    line [1]'),
    ).toThrow(/length/);
    expect(() =>
      checkMermaid('xychart-beta\n    title "a"\n    x-axis ["a"]\n    y-axis "h" 0 --> 1\n    line [2]'),
    ).toThrow(/range/);
    expect(() => checkMermaid('pie title x\n    "a:b" : 1')).toThrow(/slice/);
    expect(() => checkMermaid('pie title x\n    "a" : 0')).toThrow(/slice/);
    expect(() => checkMermaid('pie title %%{init}%%\n    "a" : 1')).toThrow(/emits/);
  });
});

describe("renderReport", () => {
  it("has every section the issue asks for", () => {
    for (const heading of [
      "# Incident report 2026-10",
      "## Summary",
      "## Incidents by severity and type",
      "## Time metrics",
      "## False positives and excluded incidents",
      "## Repeat incidents",
      "## Action items and post-mortems",
      "## Trend",
      "## Quarter goals",
    ])
      expect(report.split("\n")).toContain(heading);
  });

  it("shows the hand-computed figures", () => {
    expect(report).toContain("| MTTR median / p90 / mean | 2 h / 6 h / 2 h 50 min (n = 6) |");
    expect(report).toContain("| MTTD (detected − started) | all | 1 h | 1 h | 38 min | 5 | 2 |");
    expect(report).toContain("| #11 DB full again | database | capacity | #1 | 53 |");
    expect(report).toContain("4 opened, 2 closed (50 % by a merged pull request), 1 overdue: #102.");
    expect(report).toContain("1 merged on time, 1 merged late, 1 overdue (#14), 1 pending.");
    expect(report).toContain("| 2026-10 | 7 | 2 | 3 | 2 | 1 | 3 | 1 h | 10 min | 2 h | 6 h | 71 % |");
    expect(report).toContain("| no repeat incident | 3 | 0 | not met |");
  });

  it("emits three Mermaid charts of the checked grammar: severity pie, MTTR line, incidents bar", () => {
    const blocks = mermaidBlocks(report);
    expect(blocks.map(checkMermaid)).toEqual(["pie", "xychart", "xychart"]);
    expect(blocks[1]).toContain("line [3, 1, 2, 2]");
    expect(blocks[2]).toContain("bar [1, 1, 1, 7]");
  });

  it("defuses user text: titles, types and root causes cannot mention, reference, or break a table", () => {
    const hostile = FACTS.map((f) =>
      f.number === 12
        ? { ...f, title: "Bad @alice deploy #5 | <b>x</b>", type: "api", rootCauseCategory: "deploy" }
        : f.number === 15
          ? { ...f, title: "@acme/sre owner/repo#9 <!-- x -->" }
          : f,
    );
    const text = renderReport(monthlyMetrics(hostile, "2026-10", CONFIG, NOW), context);
    expect(text).not.toMatch(/@alice|@acme|#5 |repo#9|<b>|<!--/);
    expect(text).toContain("Bad @\u200Balice deploy #\u200B5 \\| <\u200Bb>x<\u200B/b>");
    const row = text.split("\n").find((line) => line.startsWith("| #12 "));
    expect(row?.split(/(?<!\\)\|/).length).toBe(7);
  });

  it("keeps Mermaid labels inside their quotes whatever the text", () => {
    const label = mermaidLabel('a"b: %%{init}%% #1; `x` <br> \\ end');
    expect(label).not.toMatch(/["`:;#%<>{}\\]/);
    const pie = severityPie({ 'sev1"; %%{init: {"theme": "dark"}}%%': 2, sev2: 1 });
    expect(checkMermaid(mermaidBlocks(`${pie}\n`)[0] ?? "")).toBe("pie");
    expect(severityPie({})).toBeUndefined();
  });

  it("plots a month without a resolved incident as 0 and keeps the y range above every value", () => {
    const points: TrendPoint[] = context.trend.map((p, i) => ({ ...p, mttrMedian: i === 0 ? null : 2.5 * HOUR }));
    const chart = mttrChart(points);
    expect(chart).toContain("line [0, 2.5, 2.5, 2.5]");
    expect(chart).toContain('y-axis "Hours" 0 --> 3');
    for (const block of mermaidBlocks(`${chart}\n${countChart(points)}\n`)) expect(checkMermaid(block)).toBe("xychart");
  });

  it("says so when a month has no incident and no goal is set", () => {
    const empty = monthlyMetrics([], "2026-10", CONFIG, NOW);
    const goals = { ...context.goals, goals: [] };
    const text = renderReport(empty, { ...context, goals, trend: trend([], "2026-10", CONFIG, NOW) });
    expect(text).toContain("No severity to count.");
    expect(text).toContain("No repeat incident.");
    expect(text).toContain("No quarterly goals are set");
    expect(mermaidBlocks(text).map(checkMermaid)).toEqual(["xychart", "xychart"]);
  });
});

describe("reportJson", () => {
  it("is a versioned, plain JSON object with the figures, the trend and the goals", () => {
    const json = reportJson(figures, { trend: context.trend, goals: context.goals });
    expect(json).toMatchObject({ schema: "firebreak.metrics-report", version: REPORT_JSON_VERSION, month: "2026-10" });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect((json.time as MonthlyFigures["time"]).mttr.overall).toEqual(figures.time.mttr.overall);
    expect(json.trend).toHaveLength(4);
    expect(reportJson(figures)).not.toHaveProperty("trend");
  });
});
