/**
 * The monthly incident report's figures, computed from the incidents' own facts (issue 16): pure, no I/O.
 *
 * Which incidents: those DECLARED in the month (UTC), whenever they resolved. Each falls in exactly one bucket:
 * a false positive, else an incident of an excluded type (`metrics.excludeTypes`: drills, maintenance), else a
 * counted incident. Counts by severity and type, the time metrics, repeats and the quarter goals use the counted
 * incidents only; false positives and excluded ones are counted apart. Action items and post-mortems are those of
 * every incident of the month.
 *
 * Time metrics (seed 000, named timestamps as in `IncidentFacts`): MTTD = detected − started,
 * MTTA = acknowledged − declared, MTTM = mitigated − detected, MTTR = resolved − detected. An incident missing
 * either timestamp is left out of that metric and counted as missing; one whose interval is negative (a
 * timestamp typed wrong) is left out and counted as inconsistent.
 */
import type { IncidentConfig } from "../config/schema.js";
import type { IncidentFacts } from "../domain/incident-facts.js";
import { type Iso, msBetween, parseIso } from "../domain/time.js";

export const METRIC_KEYS = ["mttd", "mtta", "mttm", "mttr"] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** The timestamps each metric runs between, `[from, to]`. */
const METRIC_SPANS: Record<MetricKey, readonly [keyof IncidentFacts, keyof IncidentFacts]> = {
  mttd: ["started", "detected"],
  mtta: ["declared", "acknowledged"],
  mttm: ["detected", "mitigated"],
  mttr: ["detected", "resolved"],
};

/** What the figures read of the config. */
export type MetricsConfig = Pick<IncidentConfig, "metrics">;

/** Milliseconds; `null` when no incident is behind the figure (n = 0). */
export interface Summary {
  n: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
}

interface TimeMetric {
  overall: Summary;
  bySeverity: Record<string, Summary>;
  /** Counted incidents missing one of the two timestamps, by number. */
  missing: number[];
  /** Counted incidents whose interval is negative, by number. */
  inconsistent: number[];
}

interface IncidentRef {
  number: number;
  title: string;
  severity: string;
  type?: string;
}

interface Repeat extends IncidentRef {
  /** Set when it repeats a cause: the shared root-cause category. */
  rootCauseCategory?: string;
  /** Set when its fix touched files an earlier incident's fix touched (and no cause matched): those files. */
  sharedFiles?: string[];
  /** The latest earlier counted incident of the same type and root-cause category (or fixed in the same files) within the window. */
  earlier: number;
  /** Milliseconds between the two declarations. */
  apart: number;
}

export interface MonthlyFigures {
  month: string;
  /** The month's first instant and the next month's (UTC), as `[from, to)`. */
  from: Iso;
  to: Iso;
  /** Overdue is judged at this instant. */
  now: Iso;
  /** Every incident declared in the month. */
  declared: number;
  /** Those counted: neither false positives nor of an excluded type. */
  counted: number;
  bySeverity: Record<string, number>;
  /** By type key; an incident without a type counts under `UNTYPED`. */
  byType: Record<string, number>;
  time: Record<MetricKey, TimeMetric>;
  falsePositives: IncidentRef[];
  excluded: IncidentRef[];
  repeats: Repeat[];
  /** Detection coverage: counted incidents with a `started` time. */
  withStarted: number;
  actionItems: {
    opened: number;
    closed: number;
    overdue: { incident: number; item: number; due: Iso }[];
    closedByPull: number;
    /** closedByPull / closed; `null` when none closed. */
    closedByPullShare: number | null;
  };
  postmortems: { onTime: number[]; late: number[]; overdue: number[]; pending: number[] };
}

const UNTYPED = "(no type)";

const MONTH_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2])$/;

/** `[from, to)` of a `YYYY-MM` month in UTC. */
export function monthRange(month: string): { from: Iso; to: Iso } {
  if (!MONTH_PATTERN.test(month)) throw new Error(`expected a month as YYYY-MM, got "${month}"`);
  const start = parseIso(`${month}-01T00:00:00Z`);
  const iso = (dt: typeof start) => dt.toUTC().toISO({ suppressMilliseconds: true }) ?? "";
  return { from: iso(start), to: iso(start.plus({ months: 1 })) };
}

/** The `YYYY-MM` month `delta` months from `month` (negative: before). */
export function shiftMonth(month: string, delta: number): string {
  return parseIso(monthRange(month).from).plus({ months: delta }).toFormat("yyyy-MM");
}

const ms = (iso: Iso) => parseIso(iso).toMillis();
const inMonth = (iso: Iso, range: { from: Iso; to: Iso }) => ms(iso) >= ms(range.from) && ms(iso) < ms(range.to);

/**
 * Nearest-rank percentile: the p-th percentile of n values is the value at rank ⌈p/100 × n⌉ (1-based) of the
 * values sorted ascending, so it is always one of the observed values. The median is the 50th percentile by the
 * same rule (for an even n the lower of the two middle values, not their average). `null` for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/** Median (nearest-rank p50), p90 (nearest-rank) and the arithmetic mean rounded to the millisecond. */
export function summarize(values: readonly number[]): Summary {
  const mean = values.length === 0 ? null : Math.round(values.reduce((sum, v) => sum + v, 0) / values.length);
  return { n: values.length, median: percentile(values, 50), p90: percentile(values, 90), mean };
}

const ref = (facts: IncidentFacts): IncidentRef => ({
  number: facts.number,
  title: facts.title,
  severity: facts.severity,
  ...(facts.type === undefined ? {} : { type: facts.type }),
});

/** Earlier first: by declaration, then by number. */
const byDeclared = (a: IncidentFacts, b: IncidentFacts) => ms(a.declared) - ms(b.declared) || a.number - b.number;

const isCounted = (facts: IncidentFacts, config: MetricsConfig) =>
  !facts.falsePositive && !(facts.type !== undefined && config.metrics.excludeTypes.includes(facts.type));

function timeMetric(incidents: readonly IncidentFacts[], key: MetricKey): TimeMetric {
  const [fromKey, toKey] = METRIC_SPANS[key];
  const missing: number[] = [];
  const inconsistent: number[] = [];
  const all: number[] = [];
  const bySeverity: Record<string, number[]> = {};
  for (const facts of incidents) {
    const from = facts[fromKey];
    const to = facts[toKey];
    if (typeof from !== "string" || typeof to !== "string") {
      missing.push(facts.number);
      continue;
    }
    const span = msBetween(from, to);
    if (span < 0) {
      inconsistent.push(facts.number);
      continue;
    }
    all.push(span);
    bySeverity[facts.severity] ??= [];
    bySeverity[facts.severity]?.push(span);
  }
  return {
    overall: summarize(all),
    bySeverity: Object.fromEntries(
      sortedKeys(bySeverity).map((severity) => [severity, summarize(bySeverity[severity] ?? [])]),
    ),
    missing,
    inconsistent,
  };
}

function sortedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).sort();
}

function countBy(incidents: readonly IncidentFacts[], key: (facts: IncidentFacts) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const facts of incidents) counts[key(facts)] = (counts[key(facts)] ?? 0) + 1;
  return Object.fromEntries(sortedKeys(counts).map((k) => [k, counts[k] ?? 0]));
}

/**
 * Repeats among `incidents`: each counted incident with a type and a root-cause category that an earlier counted
 * incident (of any month, among `all`) shares, declared at most `repeatWindow` before it; failing that (going beyond
 * the seed), one whose fix (or suspected cause) changed files an earlier incident's fix changed, within the same window.
 */
function findRepeats(incidents: readonly IncidentFacts[], all: readonly IncidentFacts[], config: MetricsConfig) {
  const windowMs = config.metrics.repeatWindow.ms;
  const candidates = all.filter((facts) => isCounted(facts, config)).sort(byDeclared);
  const repeats: Repeat[] = [];
  for (const facts of incidents) {
    const before = candidates.filter(
      (other) =>
        other.number !== facts.number &&
        byDeclared(other, facts) < 0 &&
        msBetween(other.declared, facts.declared) <= windowMs,
    );
    const repeat = sameCause(facts, before) ?? sameFiles(facts, before);
    if (repeat) repeats.push({ ...ref(facts), ...repeat });
  }
  return repeats;
}

type RepeatOf = Omit<Repeat, keyof IncidentRef>;

function sameCause(facts: IncidentFacts, before: readonly IncidentFacts[]): RepeatOf | undefined {
  const { type, rootCauseCategory } = facts;
  if (type === undefined || rootCauseCategory === undefined) return undefined;
  const latest = before.filter((o) => o.type === type && o.rootCauseCategory === rootCauseCategory).at(-1);
  return latest && { rootCauseCategory, earlier: latest.number, apart: msBetween(latest.declared, facts.declared) };
}

/** Its fix, or the change suspected of causing it, touched files an earlier incident's fix changed. */
function sameFiles(facts: IncidentFacts, before: readonly IncidentFacts[]): RepeatOf | undefined {
  const mine = new Set([...(facts.fixFiles ?? []), ...(facts.suspectFiles ?? [])]);
  if (!mine.size) return undefined;
  const matches = before
    .map((other) => ({ other, shared: (other.fixFiles ?? []).filter((file) => mine.has(file)) }))
    .filter(({ shared }) => shared.length > 0);
  const latest = matches.at(-1);
  return (
    latest && {
      sharedFiles: latest.shared,
      earlier: latest.other.number,
      apart: msBetween(latest.other.declared, facts.declared),
    }
  );
}

/**
 * The figures of the incidents declared in `month` (`YYYY-MM`, UTC). `facts` may hold other months too: repeats
 * look back through all of them; overdue items and post-mortems are judged at `now`.
 */
export function monthlyMetrics(
  facts: readonly IncidentFacts[],
  month: string,
  config: MetricsConfig,
  now: Iso,
): MonthlyFigures {
  const range = monthRange(month);
  const ofMonth = facts.filter((f) => inMonth(f.declared, range)).sort(byDeclared);
  const counted = ofMonth.filter((f) => isCounted(f, config));
  const falsePositives = ofMonth.filter((f) => f.falsePositive).map(ref);
  const excluded = ofMonth.filter((f) => !f.falsePositive && !isCounted(f, config)).map(ref);
  const nowMs = ms(now);

  const items = ofMonth.flatMap((f) => f.items.map((item) => ({ incident: f.number, ...item })));
  const closed = items.filter((item) => item.closedAt !== undefined && ms(item.closedAt) <= nowMs);
  const overdue = items
    .filter((item) => !closed.includes(item) && item.due !== undefined && ms(item.due) < nowMs)
    .map((item) => ({ incident: item.incident, item: item.number, due: item.due ?? "" }));
  const closedByPull = closed.filter((item) => item.closedByPull).length;

  const postmortems: MonthlyFigures["postmortems"] = { onTime: [], late: [], overdue: [], pending: [] };
  for (const f of ofMonth) {
    const pm = f.postmortem;
    if (!pm) continue;
    const merged = pm.mergedAt !== undefined && ms(pm.mergedAt) <= nowMs ? pm.mergedAt : undefined;
    const bucket =
      merged !== undefined
        ? ms(merged) <= ms(pm.due)
          ? "onTime"
          : "late"
        : ms(pm.due) < nowMs
          ? "overdue"
          : "pending";
    postmortems[bucket].push(f.number);
  }

  return {
    month,
    ...range,
    now,
    declared: ofMonth.length,
    counted: counted.length,
    bySeverity: countBy(counted, (f) => f.severity),
    byType: countBy(counted, (f) => f.type ?? UNTYPED),
    time: Object.fromEntries(METRIC_KEYS.map((key) => [key, timeMetric(counted, key)])) as Record<
      MetricKey,
      TimeMetric
    >,
    falsePositives,
    excluded,
    repeats: findRepeats(counted, facts, config),
    // `started` falls back to `detected`: coverage counts the incidents where someone said when impact began.
    withStarted: counted.filter((f) => f.startedGiven === true).length,
    actionItems: {
      opened: items.length,
      closed: closed.length,
      overdue,
      closedByPull,
      closedByPullShare: closed.length === 0 ? null : closedByPull / closed.length,
    },
    postmortems,
  };
}

/** One month's key figures, for the trend. Durations in milliseconds, `null` with no incident behind them. */
export interface TrendPoint {
  month: string;
  counted: number;
  bySeverity: Record<string, number>;
  falsePositives: number;
  excluded: number;
  repeats: number;
  mttdMedian: number | null;
  mttaMedian: number | null;
  mttrMedian: number | null;
  mttrP90: number | null;
  /** Share of counted incidents with a `started` time; `null` with none counted. */
  startedShare: number | null;
}

function trendPoint(figures: MonthlyFigures): TrendPoint {
  return {
    month: figures.month,
    counted: figures.counted,
    bySeverity: figures.bySeverity,
    falsePositives: figures.falsePositives.length,
    excluded: figures.excluded.length,
    repeats: figures.repeats.length,
    mttdMedian: figures.time.mttd.overall.median,
    mttaMedian: figures.time.mtta.overall.median,
    mttrMedian: figures.time.mttr.overall.median,
    mttrP90: figures.time.mttr.overall.p90,
    startedShare: figures.counted === 0 ? null : figures.withStarted / figures.counted,
  };
}

/**
 * The key figures of `month` and the `before` months before it (default three), oldest first. One array of facts
 * for all of them, so repeats in each month see the months before it.
 */
export function trend(
  facts: readonly IncidentFacts[],
  month: string,
  config: MetricsConfig,
  now: Iso,
  before = 3,
): TrendPoint[] {
  const months = Array.from({ length: before + 1 }, (_, i) => shiftMonth(month, i - before));
  return months.map((m) => trendPoint(monthlyMetrics(facts, m, config, now)));
}

type GoalStatus = "met" | "not met" | "on track" | "off track" | "no baseline" | "no data";

interface GoalProgress {
  goal: "mttr" | "incidentCount" | "repeats" | "detection";
  /** What the goal asks, in words. */
  target: string;
  current: number | null;
  previous: number | null;
  status: GoalStatus;
  /** Detection only: the share of counted incidents with a `started` time, this quarter to date and the previous. */
  startedShare?: { current: number | null; previous: number | null };
}

export interface QuarterProgress {
  /** `2026-Q4`. */
  quarter: string;
  /** The months of the quarter up to the report's month: the quarter to date. */
  months: string[];
  previousMonths: string[];
  /** Whether the report's month is the quarter's last, so the quarter is complete. */
  complete: boolean;
  goals: GoalProgress[];
}

/**
 * Progress against `metrics.goals` for the quarter of `month`, to date, against the whole previous quarter. MTTR is
 * the median MTTR of the quarter's counted incidents (medians, not means, for the reason the time metrics report
 * both); the incident count to date is compared with the target pro rata while the quarter runs; a repeat fails
 * the repeat goal at once; detection coverage improves when the median MTTD is no higher and the share of
 * incidents with a `started` time no lower than the previous quarter's. A goal of 0 % or `false` is left out.
 */
export function quarterProgress(
  facts: readonly IncidentFacts[],
  month: string,
  config: MetricsConfig,
  now: Iso,
): QuarterProgress {
  const [year, mm] = month.split("-").map(Number);
  const q = Math.floor(((mm ?? 1) - 1) / 3);
  const first = `${year}-${String(q * 3 + 1).padStart(2, "0")}`;
  const elapsed = (mm ?? 1) - q * 3;
  const months = Array.from({ length: elapsed }, (_, i) => shiftMonth(first, i));
  const previousMonths = [-3, -2, -1].map((d) => shiftMonth(first, d));
  const quarter = (ms: string[]): Quarter => {
    const figures = ms.map((m) => monthlyMetrics(facts, m, config, now));
    const incidents = facts.filter((f) => figures.some((fig) => inMonth(f.declared, fig)) && isCounted(f, config));
    const counted = figures.reduce((sum, f) => sum + f.counted, 0);
    return {
      counted,
      repeats: figures.reduce((sum, f) => sum + f.repeats.length, 0),
      mttr: timeMetric(incidents, "mttr").overall.median,
      mttd: timeMetric(incidents, "mttd").overall.median,
      startedShare: counted === 0 ? null : figures.reduce((sum, f) => sum + f.withStarted, 0) / counted,
    };
  };
  const goals = goalProgress(config.metrics.goals, quarter(months), quarter(previousMonths), elapsed);
  return { quarter: `${year}-Q${q + 1}`, months, previousMonths, complete: elapsed === 3, goals };
}

interface Quarter {
  counted: number;
  repeats: number;
  mttr: number | null;
  mttd: number | null;
  startedShare: number | null;
}

function goalProgress(
  goals: MetricsConfig["metrics"]["goals"],
  cur: Quarter,
  prev: Quarter,
  elapsed: number,
): GoalProgress[] {
  const complete = elapsed === 3;
  const progress: GoalProgress[] = [];
  if (goals.mttrReductionPercent > 0) {
    const ceiling = prev.mttr === null ? null : prev.mttr * (1 - goals.mttrReductionPercent / 100);
    progress.push({
      goal: "mttr",
      target: `median MTTR −${goals.mttrReductionPercent} % against the previous quarter`,
      current: cur.mttr,
      previous: prev.mttr,
      status: ceiling === null ? "no baseline" : cur.mttr === null ? "no data" : judge(cur.mttr <= ceiling, complete),
    });
  }
  if (goals.incidentCountReductionPercent > 0) {
    const ceiling = prev.counted * (1 - goals.incidentCountReductionPercent / 100);
    progress.push({
      goal: "incidentCount",
      target: `incidents −${goals.incidentCountReductionPercent} % against the previous quarter`,
      current: cur.counted,
      previous: prev.counted,
      status: prev.counted === 0 ? "no baseline" : judge(cur.counted <= (ceiling * elapsed) / 3, complete),
    });
  }
  if (goals.eliminateRepeatIncidents) {
    progress.push({
      goal: "repeats",
      target: "no repeat incident",
      current: cur.repeats,
      previous: prev.repeats,
      status: cur.repeats > 0 ? "not met" : complete ? "met" : "on track",
    });
  }
  if (goals.improveDetectionCoverage) progress.push(detectionProgress(cur, prev, complete));
  return progress;
}

function detectionProgress(cur: Quarter, prev: Quarter, complete: boolean): GoalProgress {
  let status: GoalStatus;
  if (prev.mttd === null || prev.startedShare === null) status = "no baseline";
  else if (cur.mttd === null || cur.startedShare === null) status = "no data";
  else status = judge(cur.mttd <= prev.mttd && cur.startedShare >= prev.startedShare, complete);
  return {
    goal: "detection",
    target: "median MTTD no higher, and `started` recorded on no smaller a share, than the previous quarter",
    current: cur.mttd,
    previous: prev.mttd,
    startedShare: { current: cur.startedShare, previous: prev.startedShare },
    status,
  };
}

function judge(ok: boolean, complete: boolean): GoalStatus {
  if (complete) return ok ? "met" : "not met";
  return ok ? "on track" : "off track";
}
