/**
 * The end-to-end section of `npm run bench` with Probot's throttling as in production (issue 12): the plain
 * `ProbotOctokit`, so a second between writes and three between content creations per installation, against the
 * stand-in with a simulated round trip. Every figure comes from the stand-in's request log (when each request
 * arrived and when its answer was sent) and from when the webhook was handed to Probot.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { Delivery, RequestLogEntry } from "../github-standin/index.js";
import { Sandbox } from "../test/support/sandbox.js";

/** Long enough for the throttle's queues to empty (content creations are three seconds apart). */
const THROTTLE_IDLE_MS = 3_100;
const LATENCIES = [0, 100] as const;
const MEASURED = ["/sev 1", "/note Paged the database on-call", "/status fixing"] as const;
/** The burst: this many incidents, each getting this many `/note` comments at once. */
const BURST_INCIDENTS = 4;
const BURST_NOTES_EACH = 4;

const REACTION_ROUTE = "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions";
const ISSUE_ROUTE = "/repos/{owner}/{repo}/issues/{issue_number}";

/** One webhook's cost and latency, in milliseconds from when the webhook was handed to Probot. */
interface Measured {
  requests: number;
  writes: number;
  /** The longest chain of requests each sent after the one before it was answered. */
  roundTrips: number;
  /** The comment's reaction answered (null: no reaction). */
  reactionMs: number | null;
  /** The first `PATCH` of the issue answered (null: none). */
  stateMs: number | null;
  /** The last write answered. */
  lastWriteMs: number | null;
  /** Probot's `receive` resolved. */
  handledMs: number;
}

export interface ThrottledResults {
  latenciesMs: readonly number[];
  declaration: Record<string, Measured>;
  commands: Record<string, Record<string, Measured>>;
  longIncident: { latencyMs: number; command: string; comments10: Measured; comments1000: Measured };
  burst: {
    latencyMs: number;
    incidents: number;
    commands: number;
    seconds: number;
    eventsPerSecond: number;
    reacted: number;
    requests: number;
    writes: number;
  };
}

/** The longest chain of requests in which each started after the one before it was answered. */
function sequentialRoundTrips(log: readonly RequestLogEntry[]): number {
  const sorted = [...log].sort((a, b) => a.startedMs - b.startedMs);
  const chain: number[] = [];
  let longest = 0;
  sorted.forEach((entry, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) {
      const earlier = sorted[j];
      if (earlier && earlier.endedMs <= entry.startedMs) before = Math.max(before, chain[j] ?? 0);
    }
    chain[i] = before + 1;
    longest = Math.max(longest, before + 1);
  });
  return longest;
}

const isWrite = (entry: RequestLogEntry) => entry.method !== "GET" && entry.method !== "HEAD";

/** When the last request matching `match` was answered, from `startMs`; null when none was. */
function answeredAt(
  log: readonly RequestLogEntry[],
  startMs: number,
  match: (e: RequestLogEntry) => boolean,
  which: "first" | "last" = "last",
) {
  const ends = log.filter(match).map((entry) => entry.endedMs - startMs);
  if (!ends.length) return null;
  return which === "first" ? Math.min(...ends) : Math.max(...ends);
}

function measure(log: readonly RequestLogEntry[], startMs: number, handledMs: number): Measured {
  return {
    requests: log.length,
    writes: log.filter(isWrite).length,
    roundTrips: sequentialRoundTrips(log),
    reactionMs: answeredAt(log, startMs, (e) => e.method === "POST" && e.route === REACTION_ROUTE),
    // The state shows with the first PATCH (labels, title, dashboard); a declaration's second one adds its suspects.
    stateMs: answeredAt(log, startMs, (e) => e.method === "PATCH" && e.route === ISSUE_ROUTE, "first"),
    lastWriteMs: answeredAt(log, startMs, isWrite),
    handledMs,
  };
}

/** Delivers one person's action after the throttle's queues have emptied, and measures what the app did. */
async function timed(sb: Sandbox, deliveries: readonly Delivery[]): Promise<Measured> {
  await sleep(THROTTLE_IDLE_MS);
  sb.gh.resetRequestLog();
  const startMs = performance.now();
  await sb.deliver(deliveries);
  const handledMs = performance.now() - startMs;
  const result = measure([...sb.gh.requests], startMs, handledMs);
  sb.gh.takeDeliveries(); // the app's echoes: it ignores its own events, so they cost nothing
  sb.gh.clock.advance("1m");
  return result;
}

/** A new incident (declared sev2 by a comment), with `comments` plain comments after the declaration. */
async function incident(sb: Sandbox, comments = 0): Promise<{ n: number; declaration: Measured }> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
  const declaration = await timed(sb, sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev2"));
  for (let i = 0; i < comments; i++)
    sb.as(i % 2 ? "carol" : "dave").comment(sb.repo, opened.issueNumber, `Looking ${i}`);
  return { n: opened.issueNumber, declaration };
}

/** `/note` commented on each incident `each` times at once, delivered concurrently. */
async function burst(sb: Sandbox, incidents: readonly number[], each: number) {
  await sleep(THROTTLE_IDLE_MS);
  const comments = incidents.flatMap((n) =>
    Array.from({ length: each }, (_, i) => ({ n, deliveries: sb.as("bob").comment(sb.repo, n, `/note burst ${i}`) })),
  );
  sb.gh.resetRequestLog();
  const start = performance.now();
  await Promise.all(comments.map(({ deliveries }) => sb.deliver(deliveries)));
  const seconds = (performance.now() - start) / 1000;
  const log = [...sb.gh.requests];
  sb.gh.takeDeliveries();
  const reacted = comments.filter(({ n, deliveries }) =>
    sb
      .issue(n)
      .comments.find((c) => c.id === deliveries.commentId)
      ?.reactions.some((r) => r.user === sb.gh.botLogin),
  ).length;
  return {
    incidents: incidents.length,
    commands: comments.length,
    seconds,
    eventsPerSecond: comments.length / seconds,
    reacted,
    requests: log.length,
    writes: log.filter(isWrite).length,
  };
}

/** Runs the whole section; about two minutes, nearly all of it the throttle's spacing. */
export async function throttledBench(): Promise<ThrottledResults & { violations: number }> {
  const sb = await Sandbox.start({ productionThrottle: true });
  // A first incident uses every label the measured commands need, so none of them pays for creating one.
  const warmUp = await incident(sb);
  await timed(sb, sb.as("bob").comment(sb.repo, warmUp.n, "/sev 1\n/status fixing"));
  const declaration: Record<string, Measured> = {};
  const commands: Record<string, Record<string, Measured>> = {};
  const incidents: number[] = [];
  for (const latencyMs of LATENCIES) {
    sb.gh.latencyMs = latencyMs;
    const { n, declaration: declared } = await incident(sb);
    incidents.push(n);
    declaration[`${latencyMs}`] = declared;
    for (const text of MEASURED) {
      const byLatency = commands[text] ?? {};
      byLatency[`${latencyMs}`] = await timed(sb, sb.as("bob").comment(sb.repo, n, text));
      commands[text] = byLatency;
    }
  }
  const longLatency = LATENCIES[LATENCIES.length - 1] ?? 0;
  const short = await incident(sb, 10);
  const long = await incident(sb, 1_000);
  const command = "/note round trips";
  const longIncident = {
    latencyMs: longLatency,
    command,
    comments10: await timed(sb, sb.as("bob").comment(sb.repo, short.n, command)),
    comments1000: await timed(sb, sb.as("bob").comment(sb.repo, long.n, command)),
  };
  incidents.push(short.n, long.n);
  const burstIncidents = [warmUp.n, ...incidents].slice(0, BURST_INCIDENTS);
  const burstResult = { latencyMs: longLatency, ...(await burst(sb, burstIncidents, BURST_NOTES_EACH)) };
  const violations = sb.gh.violations.length;
  await sb.close();
  return { latenciesMs: LATENCIES, declaration, commands, longIncident, burst: burstResult, violations };
}

const seconds = (ms: number | null) => (ms === null ? "none" : `${(ms / 1000).toFixed(2)} s`);

/** The section's table: figure, today's figure (issue 12), the target, then one column per simulated round trip. */
export function throttledTable(results: ThrottledResults, peakRssKb: number): string[][] {
  const [fast = "0", slow = "100"] = results.latenciesMs.map(String);
  const rows: string[][] = [["throttled as in production", "today (issue 12)", "target", `${fast} ms`, `${slow} ms`]];
  const each = (figure: string, today: string, target: string, byLatency: Record<string, Measured>, cell: Cell) =>
    rows.push([figure, today, target, cell(byLatency[fast]), cell(byLatency[slow])]);
  const isSev = (text: string) => text.startsWith("/sev");
  for (const [text, byLatency] of Object.entries(results.commands)) {
    const name = text
      .split(" ")
      .slice(0, 2)
      .join(" ")
      .replace(/ Paged$/, "");
    each(`${name}: requests`, isSev(text) ? "10" : "", isSev(text) ? "≤ 6" : "", byLatency, (m) => `${m?.requests}`);
    each(`${name}: writes`, isSev(text) ? "4" : "", isSev(text) ? "≤ 2" : "", byLatency, (m) => `${m?.writes}`);
    each(`${name}: sequential round trips`, "", "", byLatency, (m) => `${m?.roundTrips}`);
    each(`${name}: reaction visible`, "", "≤ 0.3 s", byLatency, (m) => seconds(m?.reactionMs ?? null));
    each(`${name}: state visible`, "", "≤ 1.5 s", byLatency, (m) => seconds(m?.stateMs ?? null));
    const today = isSev(text) ? "3.1 s / 3.65 s" : "";
    each(`${name}: webhook → last write`, today, "", byLatency, (m) => seconds(m?.lastWriteMs ?? null));
  }
  each("declare (comment): requests, writes", "", "", results.declaration, (m) => `${m?.requests}, ${m?.writes}`);
  each("declare (comment): state visible", "", "", results.declaration, (m) => seconds(m?.stateMs ?? null));
  const { comments10, comments1000, latencyMs, command } = results.longIncident;
  rows.push([
    `${command.split(" ")[0]}: sequential round trips, 10 vs 1,000 comments (${latencyMs} ms)`,
    "timeline: 11 pages in sequence",
    "no more",
    "",
    `${comments10.roundTrips} vs ${comments1000.roundTrips} (${comments10.requests} vs ${comments1000.requests} requests)`,
  ]);
  const { burst } = results;
  rows.push([
    `burst: ${burst.commands} /note over ${burst.incidents} incidents at once (${burst.latencyMs} ms)`,
    "0.9 events/s (132 over 33); 59 unreacted",
    "",
    "",
    `${burst.eventsPerSecond.toFixed(2)} events/s (${burst.seconds.toFixed(1)} s, ${burst.writes} writes); ${burst.commands - burst.reacted} unreacted`,
  ]);
  rows.push(["peak RSS (whole bench)", "", "", "", `${Math.round(peakRssKb / 1024)} MB`]);
  return rows;
}

type Cell = (measured: Measured | undefined) => string;
