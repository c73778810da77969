/**
 * The monthly incident report (issue 16): figures from incident facts, and their Markdown and JSON. Pure: the
 * caller reads the facts (the month's incidents and the three months before) and writes the issue.
 */
export {
  type MetricsConfig,
  type MonthlyFigures,
  monthlyMetrics,
  monthRange,
  percentile,
  quarterProgress,
  shiftMonth,
  summarize,
  type TrendPoint,
  trend,
} from "./compute.js";
export {
  countChart,
  mermaidLabel,
  mttrChart,
  REPORT_JSON_VERSION,
  renderReport,
  reportJson,
  severityPie,
} from "./report.js";
