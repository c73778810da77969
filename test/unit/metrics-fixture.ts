/** A fixed set of incidents whose October 2026 figures are computed by hand in metrics.test.ts. */
import type { MetricsConfig } from "../../src/metrics/index.js";
import type { IncidentFacts } from "../../src/domain/incident-facts.js";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export const CONFIG: MetricsConfig = {
  metrics: {
    excludeTypes: ["drill"],
    repeatWindow: { text: "90d", ms: 90 * DAY },
    goals: {
      mttrReductionPercent: 20,
      incidentCountReductionPercent: 15,
      eliminateRepeatIncidents: true,
      improveDetectionCoverage: true,
    },
  },
};

export const NOW = "2026-11-02T00:00:00Z";

const base: Pick<IncidentFacts, "falsePositive" | "items"> = { falsePositive: false, items: [] };

export const FACTS: IncidentFacts[] = [
  // July: the one api/config incident #14 does NOT repeat (96 days before it).
  {
    ...base,
    number: 2,
    title: "API config",
    severity: "sev2",
    type: "api",
    rootCauseCategory: "config",
    declared: "2026-07-01T00:00:00Z",
    detected: "2026-07-01T00:00:00Z",
    resolved: "2026-07-01T03:00:00Z",
  },
  // August: the database/capacity incident #11 repeats (53 days).
  {
    ...base,
    number: 1,
    title: "DB full",
    severity: "sev2",
    type: "database",
    rootCauseCategory: "capacity",
    declared: "2026-08-10T10:00:00Z",
    detected: "2026-08-10T10:00:00Z",
    resolved: "2026-08-10T11:00:00Z",
  },
  // September's last minute: not October's.
  {
    ...base,
    number: 20,
    title: "Late September",
    severity: "sev2",
    type: "network",
    started: "2026-09-30T22:00:00Z",
    detected: "2026-09-30T23:00:00Z",
    declared: "2026-09-30T23:59:00Z",
    resolved: "2026-10-01T01:00:00Z",
  },
  // October.
  {
    ...base,
    number: 10,
    title: "Checkout down @alice #5 | pipe",
    severity: "sev1",
    type: "api",
    rootCauseCategory: "deploy",
    started: "2026-10-01T09:50:00Z",
    detected: "2026-10-01T10:00:00Z",
    declared: "2026-10-01T10:05:00Z",
    acknowledged: "2026-10-01T10:10:00Z",
    mitigated: "2026-10-01T11:00:00Z",
    resolved: "2026-10-01T12:00:00Z",
    items: [
      { number: 100, due: "2026-10-08T00:00:00Z", closedAt: "2026-10-05T00:00:00Z", closedByPull: true },
      { number: 101, due: "2026-10-10T00:00:00Z", closedAt: "2026-10-12T00:00:00Z", closedByPull: false },
    ],
    postmortem: { due: "2026-10-06T12:00:00Z", mergedAt: "2026-10-05T00:00:00Z" },
  },
  {
    ...base,
    number: 11,
    title: "DB full again",
    severity: "sev2",
    type: "database",
    rootCauseCategory: "capacity",
    detected: "2026-10-02T10:00:00Z",
    declared: "2026-10-02T10:00:00Z",
    acknowledged: "2026-10-02T10:30:00Z",
    mitigated: "2026-10-02T12:00:00Z",
    resolved: "2026-10-02T14:00:00Z",
    postmortem: { due: "2026-10-09T14:00:00Z", mergedAt: "2026-10-10T00:00:00Z" },
  },
  {
    ...base,
    number: 12,
    title: "Bad deploy",
    severity: "sev2",
    type: "api",
    rootCauseCategory: "deploy",
    started: "2026-10-03T08:00:00Z",
    detected: "2026-10-03T09:00:00Z",
    declared: "2026-10-03T09:10:00Z",
    acknowledged: "2026-10-03T09:20:00Z",
    resolved: "2026-10-03T10:00:00Z",
    items: [{ number: 102, due: "2026-10-20T00:00:00Z", closedByPull: false }],
  },
  {
    ...base,
    number: 13,
    title: "Packet loss",
    severity: "sev3",
    type: "network",
    started: "2026-10-10T00:00:00Z",
    detected: "2026-10-10T01:00:00Z",
    declared: "2026-10-10T01:00:00Z",
    items: [{ number: 103, due: "2026-11-30T00:00:00Z", closedByPull: false }],
  },
  {
    ...base,
    number: 14,
    title: "Config drift",
    severity: "sev3",
    type: "api",
    rootCauseCategory: "config",
    started: "2026-10-05T00:00:00Z",
    detected: "2026-10-05T00:00:00Z",
    declared: "2026-10-05T00:00:00Z",
    acknowledged: "2026-10-05T00:15:00Z",
    mitigated: "2026-10-05T02:00:00Z",
    resolved: "2026-10-05T03:00:00Z",
    postmortem: { due: "2026-10-25T00:00:00Z" },
  },
  {
    ...base,
    number: 15,
    title: "Noisy alert",
    severity: "sev2",
    type: "api",
    rootCauseCategory: "deploy",
    falsePositive: true,
    detected: "2026-10-06T00:00:00Z",
    declared: "2026-10-06T00:00:00Z",
    resolved: "2026-10-06T00:10:00Z",
  },
  {
    ...base,
    number: 16,
    title: "Game day",
    severity: "sev4",
    type: "drill",
    detected: "2026-10-07T00:00:00Z",
    declared: "2026-10-07T00:00:00Z",
    resolved: "2026-10-07T01:00:00Z",
  },
  // Declared on the month's last day, resolved in November: October's.
  {
    ...base,
    number: 17,
    title: "Midnight outage",
    severity: "sev1",
    type: "database",
    rootCauseCategory: "capacity",
    started: "2026-10-31T22:00:00Z",
    detected: "2026-10-31T23:00:00Z",
    declared: "2026-10-31T23:30:00Z",
    acknowledged: "2026-10-31T23:40:00Z",
    mitigated: "2026-11-01T01:00:00Z",
    resolved: "2026-11-01T05:00:00Z",
    postmortem: { due: "2026-11-08T05:00:00Z" },
  },
  {
    ...base,
    number: 18,
    title: "Untyped",
    severity: "sev2",
    rootCauseCategory: "deploy",
    detected: "2026-10-20T12:00:00Z",
    declared: "2026-10-20T12:00:00Z",
    acknowledged: "2026-10-20T12:05:00Z",
    mitigated: "2026-10-20T12:30:00Z",
    resolved: "2026-10-20T13:00:00Z",
  },
  // November: not October's.
  {
    ...base,
    number: 19,
    title: "November",
    severity: "sev1",
    type: "api",
    detected: "2026-11-01T00:00:00Z",
    declared: "2026-11-01T00:00:00Z",
  },
];
