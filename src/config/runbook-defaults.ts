/**
 * Firebreak's built-in defaults: a generic runbook any team can start from. The severities, phases and
 * roles follow the two runbooks Firebreak grew from (the TradeWizard Automated Market Monitor's incident
 * response plan and the Snipping Bot's incident runbook), stripped of what belongs to one company; those
 * runbooks are shipped whole as presets (`preset: tradewizard`, `preset: snipping-bot`, see presets/).
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

export const DEFAULT_PERMISSIONS = {
  declare: "write" as const,
  command: "write" as const,
  sensitive: "maintain" as const,
};

/**
 * The four severities both runbooks define, with their definitions, response times and escalation
 * (TradeWizard's), and examples any service has. Update cadence: every 15 minutes for Critical,
 * then hourly, every 2 hours, and as needed.
 */
export const DEFAULT_SEVERITIES: Record<SeverityKey, SeverityConfigInput> = {
  sev1: {
    name: "Critical",
    definition: "Complete service outage or data loss affecting production",
    examples: [
      "Service completely down for > 15 minutes",
      "Data corruption or data loss",
      "Security breach or unauthorized access",
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
      "High error rate (> 25%)",
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
      "A single feature or job failing",
      "Slow response times",
      "Non-critical errors in logs",
      "Quota approaching limits (> 90%)",
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
    ],
    responseTime: "next business day",
    updateCadence: "none",
    escalation: [{ after: "0m", notify: [], action: "Create a ticket for the backlog" }],
    labelColor: "0e8a16",
  },
};

/** What each phase asks for, as both runbooks' procedures describe it, without any one system's commands. */
export const DEFAULT_PHASES: Record<Phase, PhaseConfig> = {
  investigating: {
    description:
      "Acknowledge the incident and assign an initial responder; assess impact (affected services, users) and set the severity; " +
      "assemble the team; start the timeline. Then gather information: service status and health checks, logs, monitoring data, " +
      "resource usage, recent changes and deployments, external service status, reports from affected users.",
  },
  identified: {
    description:
      "The root cause is known (common causes: a bad deployment or configuration, expired credentials, resource exhaustion, " +
      "a failing dependency). Develop the resolution plan: identify potential solutions, assess their risks and impact, " +
      "select the approach and prepare a rollback plan.",
  },
  fixing: {
    description:
      "Implement the fix (restart the service, roll back the deployment, adjust configuration, scale resources); " +
      "document each change and communicate progress.",
  },
  monitoring: {
    description:
      "The fix is in; verify it: health checks pass, functionality is validated and there are no side effects. " +
      "Watch performance metrics; resolve once the service has been stable for 30+ minutes with no errors in the logs.",
  },
  resolved: {
    description:
      "The service is stable, logs are clean and all metrics are normal. Announce the resolution with its duration, root cause, " +
      "fix and follow-up actions; notify stakeholders; schedule the post-incident review.",
  },
};

/** The four roles of the runbooks (the Snipping Bot adds the support lead), their responsibilities merged. */
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

/** Kinds of incident every service has, each with a generic investigation list and checklist. */
export const DEFAULT_TYPES: Record<string, IncidentTypeConfig> = {
  "service-outage": {
    name: "Service outage",
    symptoms: ["Health checks fail or time out", "Service not responding", "Process or container not running"],
    investigation: [
      "Check whether the service and its hosts are up (health checks, process or container status)",
      "Read the recent logs for errors",
      "List deployments and configuration changes since the service was last healthy",
      "Check the status of the platform and dependencies the service runs on",
    ],
    checklist: [
      "Restart the service",
      "If the restart fails, check configuration, credentials, dependency connectivity, disk space and memory",
      "If a recent change caused it, roll back to the last known good version",
      "Verify health checks pass and users can work again",
    ],
    defaultSeverity: "sev1",
  },
  "degraded-performance": {
    name: "Degraded performance",
    symptoms: ["Slow responses or timeouts", "Rising error rate", "Backlogs or queues growing"],
    investigation: [
      "Compare latency, error rate and throughput with the usual baseline",
      "Check CPU, memory, disk and connection-pool usage",
      "Look for slow queries, hot endpoints or a traffic spike",
      "List deployments and configuration changes around the start of the degradation",
    ],
    checklist: [
      "Scale out or add resources if capacity is exhausted",
      "Roll back the change that introduced the slowdown",
      "Shed or rate-limit non-essential load",
      "Clear backlogs once throughput recovers",
    ],
    defaultSeverity: "sev2",
  },
  security: {
    name: "Security incident",
    symptoms: [
      "Unauthorized access detected or attempted",
      "Suspicious activity in logs or network traffic",
      "Credentials or keys compromised",
      "Data breach suspected",
    ],
    investigation: [
      "Review access and security logs",
      "Check access control records",
      "Analyze network traffic",
      "Verify key and secret usage",
      "Check for data exfiltration",
      "Examine system integrity",
    ],
    checklist: [
      "Isolate affected systems; stop the service if needed",
      "Revoke compromised credentials",
      "Rotate all affected keys and secrets",
      "Notify the security team with incident details, logs and evidence",
      "Patch the vulnerability and add security controls",
      "Report to authorities if required",
      "Restart only once credentials are rotated, the vulnerability is patched and the security team approves",
    ],
    defaultSeverity: "sev1",
    // Both runbooks keep security incidents to the people handling them.
    sensitive: true,
  },
  "data-loss": {
    name: "Data loss or integrity",
    symptoms: ["Missing, duplicated or corrupted records", "Writes failing or not stored", "Users report wrong data"],
    investigation: [
      "Establish which data is affected, since when, and for whom",
      "Check database health, replication and recent migrations",
      "Find the writer or job that produced the bad data",
      "Confirm the latest good backup and its age",
    ],
    checklist: [
      "Stop the writes that damage data (pause jobs, disable the feature, or stop the service)",
      "Preserve evidence: snapshot the current state before repairing",
      "Restore or repair from backup; verify the restored data",
      "Tell affected users and stakeholders what was lost or changed",
    ],
    defaultSeverity: "sev1",
  },
  "dependency-failure": {
    name: "Dependency or third-party failure",
    symptoms: [
      "Errors or timeouts calling an external service",
      "Rate limit or quota errors",
      "Authentication errors from a provider",
    ],
    investigation: [
      "Check the provider's status page and announcements",
      "Verify credentials, quota and rate limits with the provider",
      "Measure how much of the service depends on the failing call",
    ],
    checklist: [
      "If rate limited: reduce request volume or batch requests",
      "If a credential is invalid: rotate it and redeploy",
      "If the provider is down: switch to a fallback or degrade gracefully, and contact the provider's support",
      "Notify stakeholders of degraded service while the provider recovers",
    ],
    defaultSeverity: "sev2",
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
  /** The runbooks' escalation path. */
  escalationPath: ["on-call-primary", "on-call-secondary", "team-lead", "engineering-manager", "cto"],
  /** The on-call engineer is the first responder; without a rota this does nothing. */
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

/** The quarterly goals of the TradeWizard plan, which suit any team. */
export const DEFAULT_METRICS = {
  excludeTypes: [] as string[],
  repeatWindow: "90d",
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
