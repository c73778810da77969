/**
 * Firebreak's defaults, taken from the two runbooks it grew from: the TradeWizard Automated Market
 * Monitor's incident response plan and the Snipping Bot's incident runbook. Where both speak to
 * the same thing their lists are merged; where they disagree the brief's choice is noted.
 *
 * This module is data only, written as a person would write `.github/incident.yml` (durations are
 * text such as "15m"): schema.ts reads it for its defaults and parses it like any file, so the
 * defaults cannot hold a value a repository could not. It imports the schema's *types* (never its
 * values): a runtime import cycle would leave one side reading the other's bindings before they exist.
 */
import type {
  ContactConfig,
  IncidentConfigInput,
  IncidentTypeConfig,
  OnCallShift,
  PhaseConfig,
  RoleConfig,
  SeverityConfigInput,
  Weekday,
} from "./schema.js";
import type { Phase, Role, SeverityKey } from "../domain/vocabulary.js";

export const DEFAULT_TIME_ZONE = "UTC";

/** Declarations that name no severity (and whose type has none) are Medium until someone says otherwise. */
export const DEFAULT_SEVERITY: SeverityKey = "sev3";

export const DEFAULT_BUSINESS_HOURS = {
  start: "09:00",
  end: "17:00",
  days: ["mon", "tue", "wed", "thu", "fri"] satisfies Weekday[],
};

export const DEFAULT_PERMISSIONS = { declare: "write" as const, command: "write" as const };

/**
 * TradeWizard gives definitions, response times and escalation; both runbooks give examples.
 * Update cadence: TradeWizard asks for an update every 15 minutes during any incident, the
 * Snipping Bot every 30 min / 1 h / 2 h / as needed by severity; Critical keeps TradeWizard's
 * stricter 15 minutes, the rest follow the Snipping Bot.
 */
export const DEFAULT_SEVERITIES: Record<SeverityKey, SeverityConfigInput> = {
  sev1: {
    name: "Critical",
    definition: "Complete service outage or data loss affecting production",
    examples: [
      "Service completely down for > 15 minutes",
      "Database corruption or data loss",
      "Security breach or unauthorized access",
      "Complete loss of analysis capability",
      "Uncontrolled cost escalation (> $100/hour)",
      "Financial loss",
      "Compliance violation",
    ],
    responseTime: "5m",
    updateCadence: "15m",
    escalation: [
      { after: "0m", notify: ["on-call-primary", "on-call-secondary"], action: "Page all on-call engineers" },
      { after: "5m", notify: ["team-lead"], action: "Notify the team lead" },
      { after: "10m", notify: ["management"], action: "Notify management" },
      { after: "15m", notify: ["stakeholders"], action: "Notify stakeholders", unless: "resolved" },
    ],
    labelColor: "b60205",
  },
  sev2: {
    name: "High",
    definition: "Significant service degradation affecting functionality",
    examples: [
      "Service intermittently failing",
      "Partial service degradation",
      "Analysis success rate < 50%",
      "Database connection issues",
      "High error rate (> 25%)",
      "Cost escalation (> $50/hour)",
      "Performance issues affecting users",
      "Non-critical security issues",
      "Minor data loss",
    ],
    responseTime: "15m",
    updateCadence: "1h",
    escalation: [
      { after: "0m", notify: ["on-call-primary"], action: "Page the primary on-call engineer" },
      { after: "15m", notify: ["team-lead"], action: "Notify the team lead" },
      { after: "30m", notify: ["stakeholders"], action: "Notify stakeholders if not resolved", unless: "resolved" },
    ],
    labelColor: "d93f0b",
  },
  sev3: {
    name: "Medium",
    definition: "Minor service degradation with workaround available",
    examples: [
      "Single market analysis failing",
      "Slow response times",
      "Non-critical errors in logs",
      "Quota approaching limits (> 90%)",
      "Moderate cost increase",
      "Minor service issues",
      "Scheduled maintenance problems",
      "Low-impact security findings",
      "Minor configuration issues",
    ],
    responseTime: "1h",
    updateCadence: "2h",
    escalation: [
      { after: "0m", notify: ["on-call-primary"], action: "Notify the primary on-call engineer" },
      {
        after: "1h",
        notify: ["team-lead"],
        action: "Update the team lead (no stakeholder notification unless prolonged)",
      },
    ],
    labelColor: "fbca04",
  },
  sev4: {
    name: "Low",
    definition: "Minor issues with no immediate impact",
    examples: [
      "Cosmetic issues",
      "Non-critical warnings in logs",
      "Performance optimization opportunities",
      "Documentation updates needed",
      "Routine maintenance tasks",
      "Minor bugs",
      "Feature requests",
    ],
    responseTime: "next business day",
    updateCadence: "none",
    escalation: [{ after: "0m", notify: [], action: "Create a ticket for the backlog" }],
    labelColor: "0e8a16",
  },
};

/**
 * TradeWizard's phases are timed (first 5 min, 5–30 min, 30–60 min, 60+ min), the Snipping Bot's
 * are wider (0–15 min, 15 min–2 h, 2 h+); both are folded into what each phase asks for.
 */
export const DEFAULT_PHASES: Record<Phase, PhaseConfig> = {
  investigating: {
    description:
      "Acknowledge the incident and assign an initial responder; assess impact (affected services, users) and set the severity; " +
      "assemble the team; start the timeline. Then gather information: service status and health checks, logs, monitoring data, " +
      "database and resource usage, recent changes and deployments, external service status, reports from affected users.",
  },
  identified: {
    description:
      "The root cause is known (common causes: database connection, API keys, resource exhaustion, configuration errors, " +
      "external service outages). Develop the resolution plan: identify potential solutions, assess their risks and impact, " +
      "select the approach and prepare a rollback plan.",
  },
  fixing: {
    description:
      "Implement the fix following the runbook (restart the service, roll back the deployment, adjust configuration, scale resources); " +
      "document each change and communicate progress.",
  },
  monitoring: {
    description:
      "The fix is in; verify it: health checks pass, a test run succeeds, functionality is validated and there are no side effects. " +
      "Watch performance metrics; resolve once the service has been stable for 30+ minutes with no errors in the logs.",
  },
  resolved: {
    description:
      "The service is stable, logs are clean and all metrics are normal. Announce the resolution with its duration, root cause, " +
      "fix and follow-up actions; notify stakeholders; schedule the post-incident review.",
  },
};

/** TradeWizard names three roles, the Snipping Bot adds the support lead; responsibilities are merged. */
export const DEFAULT_ROLES: Record<Role, RoleConfig> = {
  commander: {
    name: "Incident commander",
    responsibilities: [
      "Declare the incident and its severity level",
      "Coordinate response efforts and allocate resources",
      "Make critical decisions",
      "Communicate with stakeholders",
      "Lead the post-incident review",
    ],
  },
  tech: {
    name: "Technical lead",
    responsibilities: [
      "Investigate and diagnose technical issues",
      "Perform root cause analysis",
      "Develop and implement fixes, overseeing their implementation",
      "Coordinate with engineers",
      "Document technical details",
    ],
  },
  comms: {
    name: "Communications lead",
    responsibilities: [
      "Post status updates and update the status page",
      "Notify stakeholders and manage stakeholder relations",
      "Prepare internal and external communications",
      "Manage external inquiries",
      "Coordinate documentation",
    ],
  },
  support: {
    name: "Support lead",
    responsibilities: [
      "Assess user impact",
      "Communicate with customers",
      "Manage support tickets",
      "Collect feedback",
    ],
  },
};

/**
 * TradeWizard's types (service outage, database, API failures, high costs, security) and the
 * Snipping Bot's (trade execution, signal processing, risk control, security); the two security
 * sections are merged. TradeWizard's shell blocks are split into checks (investigation) and
 * actions (checklist), keeping key commands in backticks.
 */
export const DEFAULT_TYPES: Record<string, IncidentTypeConfig> = {
  "service-outage": {
    name: "Service outage",
    symptoms: ["Health check returns 500 or times out", "Service not responding", "Container/process not running"],
    investigation: [
      "Check whether the service is running: `systemctl status tradewizard-monitor`",
      "Check recent logs for errors: `journalctl -u tradewizard-monitor -n 200`",
    ],
    checklist: [
      "Restart the service: `sudo systemctl restart tradewizard-monitor`",
      "If the restart fails, check environment variables, database connectivity, disk space and memory",
      "If the issue persists, roll back to the last known good version (docs/ROLLBACK_PROCEDURE.md)",
    ],
    defaultSeverity: "sev1",
  },
  database: {
    name: "Database issues",
    symptoms: [
      'Health check shows `"database": false`',
      'Errors: "Failed to connect to Supabase"',
      "Analysis fails to store results",
    ],
    investigation: [
      "Check Supabase status: `curl -I $SUPABASE_URL` and https://status.supabase.com",
      'Check database connectivity: `psql "$SUPABASE_URL" -c "SELECT 1"`',
      "Check the connection pool: count connections in `pg_stat_activity`",
    ],
    checklist: [
      "If Supabase is down: let the service queue writes and retry, monitor the status page, notify stakeholders of degraded service",
      "If the connection pool is exhausted: restart the service to reset connections, review pool settings, check for connection leaks",
      "If data is corrupted: stop the service immediately, follow the data corruption procedure, restore from backup if needed",
    ],
    defaultSeverity: "sev2",
  },
  "api-failure": {
    name: "API failures",
    symptoms: [
      "Analysis fails with API errors",
      'Errors: "OpenAI API error", "Rate limit exceeded"',
      "High failure rate in Opik",
    ],
    investigation: [
      "Check API status: https://status.openai.com, https://status.anthropic.com",
      'Verify API keys: `curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"`',
      "Check API credits and quota in the OpenAI and Anthropic consoles",
    ],
    checklist: [
      "If rate limited: reduce `MAX_MARKETS_PER_CYCLE`, increase `ANALYSIS_INTERVAL_HOURS`, restart the service",
      "If an API key is invalid: rotate the key, update `.env`, restart the service",
      "If the API is down: switch to the backup provider, or pause the service until the API recovers",
    ],
  },
  "high-costs": {
    name: "High costs",
    symptoms: ["Cost alert triggered", "Opik shows high costs", "Unexpected API usage"],
    investigation: [
      "Review recent analyses (latest 50 rows of `analysis_history`)",
      "Check Opik for the cost breakdown",
      "Identify the cause: too many markets analyzed, expensive model, infinite loop/retry, configuration error",
    ],
    checklist: [
      "Stop the service immediately: `sudo systemctl stop tradewizard-monitor`",
      "Adjust configuration: `MAX_MARKETS_PER_CYCLE=1`, `ANALYSIS_INTERVAL_HOURS=48`, a cheaper model (`OPENAI_DEFAULT_MODEL=gpt-4o-mini`)",
      "Restart the service with monitoring: `sudo systemctl start tradewizard-monitor`",
      "Monitor costs closely for 24 hours",
    ],
    defaultSeverity: "sev2",
  },
  security: {
    name: "Security incident",
    symptoms: [
      "Unauthorized access detected or attempted",
      "Suspicious activity in logs or network traffic",
      "API keys compromised",
      "Data breach suspected",
      "Alert notifications for security events",
      "Unexplained system behavior",
    ],
    investigation: [
      'Review access and security logs: `journalctl -u tradewizard-monitor --since "24 hours ago"`',
      "Check access control records",
      "Analyze network traffic",
      "Verify key and secret usage",
      "Check for data exfiltration: database access logs, Supabase audit logs, API usage patterns",
      "Examine system integrity",
    ],
    checklist: [
      "Stop the service immediately: `sudo systemctl stop tradewizard-monitor`",
      "Isolate affected systems; disable network access if needed",
      "Revoke compromised credentials",
      "Rotate all credentials and affected keys/secrets: API keys, Supabase keys, database passwords",
      "Notify the security team with incident details, logs and evidence; follow security incident procedures",
      "Implement additional security controls and patch the vulnerability",
      "Report to authorities if required",
      "Do not restart the service until all credentials are rotated, the security team approves and the vulnerability is patched",
    ],
    defaultSeverity: "sev1",
  },
  "trade-execution": {
    name: "Trade execution failures",
    symptoms: [
      "Increased trade failure rate",
      "User reports of missed opportunities",
      "Alert notifications for execution errors",
    ],
    investigation: [
      "Check executor service logs",
      "Verify blockchain connectivity",
      "Review gas price configurations",
      "Examine transaction simulation results",
      "Check for network congestion",
    ],
    checklist: [
      "Adjust gas price parameters",
      "Switch to alternative RPC endpoints",
      "Reduce trade frequency temporarily",
      "Implement retry logic",
      "Update the transaction signing process",
    ],
  },
  "signal-processing": {
    name: "Signal processing delays",
    symptoms: ["Backlog in signal processing", "Delayed trade plan generation", "Increased processing latency"],
    investigation: [
      "Monitor service CPU/memory usage",
      "Check message queue status",
      "Review ML model performance",
      "Examine database query performance",
      "Analyze network connectivity",
    ],
    checklist: [
      "Scale service instances",
      "Optimize ML model performance",
      "Clear message queue backlogs",
      "Implement load balancing",
      "Upgrade system resources",
    ],
  },
  "risk-control": {
    name: "Risk control blocks",
    symptoms: [
      "Increased number of blocked trades",
      "Alert notifications for risk violations",
      "User reports of trading restrictions",
    ],
    investigation: [
      "Review risk service logs",
      "Check correlation data sources",
      "Verify risk parameter configurations",
      "Examine recent market conditions",
      "Analyze blocked trade patterns",
    ],
    checklist: [
      "Adjust risk parameters",
      "Update correlation data",
      "Implement temporary overrides",
      "Review risk model logic",
      "Coordinate with the compliance team",
    ],
  },
};

/** The runbooks' people, without anyone's handle: each repository fills in `github`. */
export const DEFAULT_CONTACTS: Record<string, ContactConfig> = {
  "on-call-primary": { description: "Primary on-call engineer (this week's row of the on-call schedule)", github: [] },
  "on-call-secondary": {
    description: "Secondary on-call engineer (this week's row of the on-call schedule)",
    github: [],
  },
  "team-lead": { description: "Team lead", github: [] },
  "engineering-manager": { description: "Engineering manager", github: [] },
  cto: { description: "CTO", github: [] },
  management: { description: "Management, notified of Critical incidents", github: [] },
  stakeholders: { description: "Stakeholders kept informed of customer-visible incidents", github: [] },
  "security-team": { description: "Security team, notified of security incidents", github: [] },
  "product-manager": { description: "Product manager, invited to reviews of Critical and High incidents", github: [] },
  "service-owners": { description: "Owners of the affected services, invited to post-mortems", github: [] },
};

export const DEFAULT_ON_CALL = {
  rotation: "weekly" as const,
  /** A Monday: week 1 of the rota starts here. */
  startsOn: "2026-01-05",
  /** Empty: the runbook's rota table has only placeholders; each repository fills in its own. */
  schedule: [] as OnCallShift[],
  /** TradeWizard's escalation path. */
  escalationPath: ["on-call-primary", "on-call-secondary", "team-lead", "engineering-manager", "cto"],
  /** Seed 000's on-call engineer is the first responder; without a rota this does nothing. */
  autoCommander: true,
};

/**
 * TradeWizard holds a review within 48 hours with the IC, tech lead, all responders and the team
 * lead, plus the product manager for Sev 1/2; the Snipping Bot adds service owners and
 * stakeholders, and its 24 h / 1 week / 1 month timeline ("1 month" is written 30d: durations have no months).
 */
export const DEFAULT_POSTMORTEM = {
  dueWithin: "48h",
  folder: "postmortems",
  attendees: ["commander", "tech", "comms", "support", "team-lead", "service-owners", "stakeholders"],
  attendeesBySeverity: { sev1: ["product-manager"], sev2: ["product-manager"] } as Record<SeverityKey, string[]>,
  /** Critical and High incidents get a post-mortem (seed 000: the Product Manager joins reviews of Sev 1/2). */
  severities: ["sev1", "sev2"] as SeverityKey[],
  /** Seed 003's participants that hold a response role. */
  reviewers: ["commander", "tech"] as Role[],
  milestones: [
    { after: "24h", description: "Initial post-mortem meeting" },
    { after: "1w", description: "Detailed analysis complete" },
    { after: "30d", description: "Preventive measures implemented" },
  ],
};

/** How long an action item has to be done, by severity: the more severe, the sooner (sev1 a week, sev4 a month). */
export const DEFAULT_ACTION_ITEMS = {
  due: { sev1: "1w", sev2: "2w", sev3: "4w", sev4: "30d" } as Record<SeverityKey, string>,
};

/** TradeWizard's quarterly goals. */
export const DEFAULT_METRICS = {
  goals: {
    mttrReductionPercent: 20,
    incidentCountReductionPercent: 15,
    eliminateRepeatIncidents: true,
    improveDetectionCoverage: true,
  },
};

/** The whole runbook configuration as a file would state it, a fresh copy each call: the base a repository's file is merged over. */
export function runbookConfig(): IncidentConfigInput {
  return structuredClone({
    timeZone: DEFAULT_TIME_ZONE,
    businessHours: DEFAULT_BUSINESS_HOURS,
    permissions: DEFAULT_PERMISSIONS,
    defaultSeverity: DEFAULT_SEVERITY,
    severities: DEFAULT_SEVERITIES,
    phases: DEFAULT_PHASES,
    roles: DEFAULT_ROLES,
    types: DEFAULT_TYPES,
    contacts: DEFAULT_CONTACTS,
    onCall: DEFAULT_ON_CALL,
    postmortem: DEFAULT_POSTMORTEM,
    actionItems: DEFAULT_ACTION_ITEMS,
    metrics: DEFAULT_METRICS,
    templates: {},
  });
}
