/**
 * `npm run bench`: speed and cost figures, printed, never asserted (timing belongs here, not in unit tests).
 *   1. the reducer: folding histories of growing length
 *   2. the parser: comments per second; a 32 KB config full of misspellings ("did you mean" is bounded)
 *   3. end to end against the GitHub stand-in: requests and latency per command, and a full redelivery
 *   4. end to end with Probot's throttling as in production, at 0 and 100 ms round trips (bench/throttled.ts)
 * and writes every figure to bench-results.json (gitignored).
 */
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { defaultConfig } from "../src/config/defaults.js";
import { parseIncidentConfigYaml } from "../src/config/load.js";
import { completeVerdicts } from "../src/domain/authorize.js";
import { parseComment } from "../src/domain/commands.js";
import { foldIncident } from "../src/domain/fold.js";
import { collectInputs } from "../src/domain/inputs.js";
import { vocabularyOf } from "../src/domain/vocabulary.js";
import { HistoryBuilder } from "../test/support/history-builder.js";
import { testRecords } from "../test/support/records.js";
import { Sandbox } from "../test/support/sandbox.js";
import { throttledBench, throttledTable } from "./throttled.js";

const config = defaultConfig();
const vocabulary = vocabularyOf(config);
const rows: string[][] = [];
const row = (...cells: (string | number)[]) => rows.push(cells.map(String));

function timeIt(runs: number, work: () => void): number {
  work();
  const start = performance.now();
  for (let i = 0; i < runs; i++) work();
  return (performance.now() - start) / runs;
}

/** The middle value (the upper one of an even count); NaN for none. */
function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

const COMMANDS = [
  "/sev 1",
  "/status identified",
  "/ack",
  "/ic @alice",
  "/note Looking at the pool",
  "/update Rolling back eta: 20m",
  "/timeline 11:50 Deploy started",
  "/status fixing",
];

// 1. reducer
for (const size of [100, 1_000, 5_000]) {
  const builder = new HistoryBuilder().label("alice", "incident");
  for (let i = 1; i < size; i++) {
    if (i % 3 === 0) builder.label("bob", i % 2 ? "sev1" : "sev2");
    else builder.comment(i % 5 ? "alice" : "carol", COMMANDS[i % COMMANDS.length] ?? "/ack");
  }
  const history = builder.build();
  const ms = timeIt(size >= 5_000 ? 5 : 20, () => {
    const inputs = collectInputs(history, {
      appLogin: "firebreak[bot]",
      parse: (body) => parseComment(body, vocabulary),
      records: testRecords,
    });
    const verdicts = completeVerdicts(inputs, {}, (login) => (login === "carol" ? "read" : "write"), config);
    foldIncident(history.issue, inputs, { config, verdicts, reported: {} });
  });
  row("fold", `${size} timeline items`, `${ms.toFixed(2)} ms`, `${Math.round(size / ms)} items/ms`);
}

// 2. parser
const comment = `Thanks all.\n> /sev 1\n\`\`\`\n/status resolved\n\`\`\`\n${COMMANDS.join("\n")}\nMore prose here.`;
const parseMs = timeIt(20_000, () => parseComment(comment, vocabulary));
row(
  "parse",
  "comment with 8 commands, a quote and a fence",
  `${(parseMs * 1000).toFixed(1)} µs`,
  `${Math.round(1000 / parseMs)} comments/s`,
);

// The slowest comments found near GitHub's 65,536-character limit; each has a command line, so each is parsed as Markdown.
const HOSTILE_SIZE = 63 * 1024;
const hostileComments = {
  "21,000 lines starting with a slash": "/x\n".repeat(HOSTILE_SIZE / 3),
  "a table of 9,000 rows": `/ack\n\n|a|b|\n|-|-|\n${"|/x|y|\n".repeat(HOSTILE_SIZE / 7)}`,
  "32,000 empty list items": `/ack\n${"*\n".repeat(HOSTILE_SIZE / 2)}`,
  "code spans and comment openers": `/note ${"` <!-- ``".repeat(HOSTILE_SIZE / 10)}`,
  "32,000 nested quotes": `/ack\n${"> ".repeat(HOSTILE_SIZE / 2)}a`,
};
for (const [what, body] of Object.entries(hostileComments)) {
  const hostileMs = timeIt(5, () => parseComment(body, vocabulary));
  row("parse", `63 KB comment: ${what}`, `${hostileMs.toFixed(1)} ms`, "");
}

/** A config of about 32 KB built from lines `line(i)` after `head`. */
function config32Kb(head: string, line: (i: number) => string): string {
  const lines = [head];
  for (let i = 0, size = head.length; size < 32 * 1024; i++) {
    const next = line(i);
    lines.push(next);
    size += next.length + 1;
  }
  return `${lines.join("\n")}\n`;
}
const misspeltConfigs = {
  "32 KB config of misspelt keys": config32Kb("", (i) => `timezon${i}: UTC`),
  "32 KB config of misspelt attendees, 400 contacts": config32Kb(
    `contacts:\n${Array.from({ length: 400 }, (_, i) => `  contact-${i}: {}`).join("\n")}\npostmortem:\n  attendees:`,
    (i) => `    - contakt-${i % 400}`,
  ),
  "32 KB config: one 16 KB attendee, one 16 KB contact": `contacts:\n  ${"a".repeat(16_384)}: {}\npostmortem:\n  attendees:\n    - ${"a".repeat(16_383)}b\n`,
};
for (const [what, text] of Object.entries(misspeltConfigs)) {
  const configMs = timeIt(5, () => parseIncidentConfigYaml(text, "bench/.github/incident.yml"));
  row("config", what, `${configMs.toFixed(1)} ms`, "");
}

// 3. end to end
const sb = await Sandbox.start();
const opened = sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" });
await sb.deliver(opened);
const n = opened.issueNumber;
sb.requestsSince();
await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
row("e2e", "declare by label (first incident: labels created)", `${sb.requestsSince().length} requests`, "");
const all: { deliveries: Parameters<Sandbox["deliver"]>[0] }[] = [];
const perCommand = new Map<string, { requests: number; ms: number[] }>();
for (let round = 0; round < 10; round++) {
  for (const text of COMMANDS) {
    sb.requestsSince();
    const deliveries = sb.as("bob").comment(sb.repo, n, text);
    all.push({ deliveries });
    const start = performance.now();
    await sb.deliver(deliveries);
    const ms = performance.now() - start;
    sb.gh.clock.advance("1m");
    const stats = perCommand.get(text) ?? { requests: 0, ms: [] };
    stats.requests = sb.requestsSince().length;
    stats.ms.push(ms);
    perCommand.set(text, stats);
  }
}
for (const [text, stats] of perCommand) {
  row(
    "e2e",
    text,
    `${stats.requests} requests`,
    `median ${median(stats.ms).toFixed(1)} ms, max ${Math.max(...stats.ms).toFixed(1)} ms`,
  );
}
sb.requestsSince();
await sb.act(sb.as("bob").comment(sb.repo, n, "Nothing to see here, just talking."));
row("e2e", "comment without a command", `${sb.requestsSince().length} requests`, "");
await sb.deliverEchoes();
row("e2e", "the app's own echoes", `${sb.requestsSince().length} requests`, "");
const replayStart = performance.now();
for (const { deliveries } of all) await sb.deliver(deliveries);
const replayMs = performance.now() - replayStart;
const replay = sb.requestsSince();
row(
  "e2e",
  `redelivery of all ${all.length} command webhooks`,
  `${replay.filter((r) => !r.startsWith("GET ")).length} writes, ${replay.length} reads`,
  `${(replayMs / all.length).toFixed(1)} ms each`,
);
// A reader posts a dozen near-limit comments of half-records and echo bait; a writer's command must not slow down.
const bait = `/sev <!-- firebreak:declared {"id":"${"x".repeat(20)}`.padEnd(200, " ").repeat(315);
for (let i = 0; i < 12; i++) await sb.act(sb.as("carol").comment(sb.repo, n, bait.slice(0, 63_000)));
await sb.deliverEchoes();
const baitMs: number[] = [];
for (const text of ["/sev 2", "/sev 1", "/note after the bait"]) {
  const start = performance.now();
  await sb.act(sb.as("bob").comment(sb.repo, n, text));
  baitMs.push(performance.now() - start);
}
row("e2e", "writer's command after 12 × 63 KB comments of echo bait", "", `median ${median(baitMs).toFixed(1)} ms`);
row("e2e", "OpenAPI violations", String(sb.gh.violations.length), "");
await sb.close();

/** Columns padded to their widest cell. */
function printTable(table: string[][]): void {
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...table.map((r) => r[i]?.length ?? 0)));
  console.log(table.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")).join("\n"));
}
printTable(rows);

// 4. end to end, throttled as in production (about two minutes: the throttle's spacing, waited out for real)
console.log("\nthrottled end to end: about two minutes…");
const throttled = await throttledBench();
const peakRssKb = process.resourceUsage().maxRSS;
console.log("");
printTable(throttledTable(throttled, peakRssKb));
console.log(
  "Round trips are the longest chain of requests each sent after the one before was answered; at 0 ms nothing " +
    "overlaps on the single-threaded stand-in, so every request counts: read them at 100 ms.",
);
console.log(`OpenAPI violations (throttled): ${throttled.violations}`);
writeFileSync(
  "bench-results.json",
  `${JSON.stringify({ generatedAt: new Date().toISOString(), rows, throttled, peakRssKb }, null, 2)}\n`,
);
console.log("wrote bench-results.json");
