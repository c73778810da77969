/**
 * The Snipping Bot's incident runbook as a preset (`preset: snipping-bot`): its four severities with their
 * examples and update schedule (every 30 minutes, hour, 2 hours, as needed); the detection → initial response
 * (0-15 minutes) → investigation (15 minutes - 2 hours) → resolution (2 hours - ongoing) → post-incident flow;
 * its trading incident types; four roles; its contacts; and the 24 hours / 1 week / 1 month post-mortem timeline.
 *
 * The runbook gives no per-severity escalation timings: each severity notifies the incident response team at
 * once (its 0-15 minute initial response), and escalates by direct phone contact when nobody acknowledges.
 * Its phone numbers and emails are not GitHub handles: a contact keeps them in its `description`, and a
 * repository fills in `github`. Data only; it imports the schema's types.
 */
import type { IncidentConfigInput } from "../schema.js";

const TEAM = ["incident-commander", "technical-lead", "communications-lead", "support-lead"];

export const SNIPPING_BOT_PRESET: IncidentConfigInput = {
  defaultSeverity: "sev3",
  severities: {
    sev1: {
      name: "Critical",
      definition: "Complete system outage, security breach, financial loss, data corruption or compliance violation",
      examples: [
        "Complete system outage",
        "Security breach",
        "Financial loss",
        "Data corruption",
        "Compliance violation",
      ],
      responseTime: "15m",
      updateCadence: "30m",
      escalation: [
        {
          after: "0m",
          notify: ["support-primary", ...TEAM],
          action: "Notify the incident response team (Slack #incidents)",
        },
        { after: "0m", notify: ["stakeholders"], action: "Email notification to stakeholders", unless: "resolved" },
        { after: "15m", notify: ["support-backup"], action: "Escalate by direct phone contact (backup line)" },
        { after: "30m", notify: ["cto", "ceo"], action: "Call the emergency contacts" },
      ],
      labelColor: "b60205",
    },
    sev2: {
      name: "High",
      definition:
        "Partial service degradation, performance issues affecting users, non-critical security issues or minor data loss",
      examples: [
        "Partial service degradation",
        "Performance issues affecting users",
        "Non-critical security issues",
        "Minor data loss",
      ],
      responseTime: "15m",
      updateCadence: "1h",
      escalation: [
        {
          after: "0m",
          notify: ["support-primary", ...TEAM],
          action: "Notify the incident response team (Slack #incidents)",
        },
        { after: "15m", notify: ["support-backup"], action: "Escalate by direct phone contact (backup line)" },
        { after: "1h", notify: ["stakeholders"], action: "Email notification to stakeholders", unless: "resolved" },
      ],
      labelColor: "d93f0b",
    },
    sev3: {
      name: "Medium",
      definition:
        "Minor service issues, scheduled maintenance problems, low-impact security findings or minor configuration issues",
      examples: [
        "Minor service issues",
        "Scheduled maintenance problems",
        "Low-impact security findings",
        "Minor configuration issues",
      ],
      responseTime: "15m",
      updateCadence: "2h",
      escalation: [
        {
          after: "0m",
          notify: ["incident-commander"],
          action: "Notify the incident response team (Slack #incidents)",
        },
      ],
      labelColor: "fbca04",
    },
    sev4: {
      name: "Low",
      definition: "Routine maintenance tasks, minor bugs, documentation updates or feature requests",
      examples: ["Routine maintenance tasks", "Minor bugs", "Documentation updates", "Feature requests"],
      responseTime: "next business day",
      updateCadence: "none",
      escalation: [{ after: "0m", notify: [], action: "Create incident ticket" }],
      labelColor: "0e8a16",
    },
  },
  phases: {
    investigating: {
      description:
        "Detection (automated alerts from monitoring systems, user reports, manual detection during routine checks, scheduled maintenance problems). " +
        "Initial response (0-15 minutes): acknowledge the incident (assign initial responder, create incident ticket, notify incident response team); " +
        "assess impact (determine affected services, estimate user impact, classify severity level); begin documentation (record incident details, " +
        "log initial findings, capture relevant metrics). Investigation (15 minutes - 2 hours): gather information (check service logs, review " +
        "monitoring data, examine recent changes, interview affected users).",
    },
    identified: {
      description:
        "Identify root cause (analyze system behavior, review recent deployments, check for external factors, validate hypotheses), then develop " +
        "the resolution plan: identify potential solutions, assess risks and impacts, select optimal approach, prepare rollback plan.",
    },
    fixing: {
      description:
        "Resolution (2 hours - ongoing): implement fix (apply approved solution, monitor for effectiveness, document changes made, communicate progress).",
    },
    monitoring: {
      description:
        "Verify resolution: confirm issue is resolved, validate system functionality, check for side effects, monitor performance metrics.",
    },
    resolved: {
      description:
        "Communicate status: update stakeholders, provide regular progress reports, announce resolution, schedule post-mortem. " +
        "Post-incident: post-mortem analysis (root cause, contributing factors, response effectiveness, preventive measures) and follow-up actions " +
        "(implement preventive measures, update documentation, train team members, close incident ticket).",
    },
  },
  roles: {
    commander: {
      name: "Incident Commander",
      responsibilities: [
        "Overall incident coordination",
        "Decision making authority",
        "Communication with stakeholders",
        "Resource allocation",
      ],
    },
    tech: {
      name: "Technical Lead",
      responsibilities: [
        "Technical investigation",
        "Solution development",
        "Implementation oversight",
        "Root cause analysis",
      ],
    },
    comms: {
      name: "Communications Lead",
      responsibilities: [
        "Internal/external communication",
        "Status updates",
        "Stakeholder management",
        "Documentation coordination",
      ],
    },
    support: {
      name: "Support Lead",
      responsibilities: [
        "User impact assessment",
        "Customer communication",
        "Support ticket management",
        "Feedback collection",
      ],
    },
  },
  types: {
    "trade-execution": {
      name: "Trade Execution Failures",
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
        "Update transaction signing process",
      ],
    },
    "signal-processing": {
      name: "Signal Processing Delays",
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
      name: "Risk Control Blocks",
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
        "Coordinate with compliance team",
      ],
    },
    security: {
      name: "Security Incidents",
      symptoms: [
        "Unauthorized access attempts",
        "Suspicious network activity",
        "Alert notifications for security events",
        "Unexplained system behavior",
      ],
      investigation: [
        "Review security logs",
        "Check access control records",
        "Analyze network traffic",
        "Verify key and secret usage",
        "Examine system integrity",
      ],
      checklist: [
        "Revoke compromised credentials",
        "Rotate affected keys/secrets",
        "Implement additional security controls",
        "Coordinate with security team",
        "Report to authorities (if required)",
      ],
      defaultSeverity: "sev1",
    },
  },
  contacts: {
    "support-primary": { description: "24/7 Support, primary: +1-555-0100", github: [] },
    "support-backup": { description: "24/7 Support, backup: +1-555-0101", github: [] },
    "incident-commander": { description: "Incident Commander: ic@snippingbot.com", github: [] },
    "technical-lead": { description: "Technical Lead: techlead@snippingbot.com", github: [] },
    "communications-lead": { description: "Communications Lead: comms@snippingbot.com", github: [] },
    "support-lead": { description: "Support Lead: support@snippingbot.com", github: [] },
    "cloud-provider": { description: "Cloud Provider: support@cloudprovider.com", github: [] },
    "monitoring-service": { description: "Monitoring Service: support@monitoring.com", github: [] },
    "security-tools": { description: "Security Tools: support@security.com", github: [] },
    ceo: { description: "CEO: +1-555-0110", github: [] },
    cto: { description: "CTO: +1-555-0111", github: [] },
    "security-officer": { description: "Security Officer: +1-555-0112", github: [] },
    stakeholders: { description: "Stakeholders: email notifications (email distribution list)", github: [] },
    "service-owners": { description: "Affected service owners, participants in the post-mortem", github: [] },
    regulators: { description: "Regulators: required regulatory reporting", github: [] },
  },
  onCall: {
    rotation: "weekly",
    startsOn: "2026-01-05",
    schedule: [],
    escalationPath: ["support-primary", "support-backup", "cto", "ceo"],
    autoCommander: true,
  },
  postmortem: {
    dueWithin: "1w",
    folder: "postmortems",
    severities: ["sev1", "sev2"],
    reviewers: ["commander", "tech"],
    attendees: ["commander", "tech", "service-owners", "stakeholders"],
    attendeesBySeverity: {},
    milestones: [
      { after: "24h", description: "Initial post-mortem meeting" },
      { after: "1w", description: "Detailed analysis completion" },
      // "Within 1 month": durations have no months.
      { after: "30d", description: "Preventive measures implementation" },
    ],
  },
};
