/**
 * The TradeWizard Automated Market Monitor's incident response plan as a preset (`preset: tradewizard`):
 * its severities with their examples, response times and timed escalation; its roles; its phase
 * procedures (initial response, investigation, mitigation, resolution); its five incident types with
 * their symptoms and commands; its contacts and escalation path; the 48-hour post-incident review; and its
 * quarterly goals. Its status-update format and post-incident report are Firebreak's built-in
 * `status-update` and `postmortem` templates.
 *
 * The plan's people are placeholders ("[Name] - [Phone] - [Email]"), not GitHub handles: a contact keeps
 * them in its `description`, and a repository fills in `github`. Data only; it imports the schema's types.
 */
import type { IncidentConfigInput } from "../schema.js";

const SERVICE = "tradewizard-monitor";

export const TRADEWIZARD_PRESET: IncidentConfigInput = {
  defaultSeverity: "sev3",
  severities: {
    sev1: {
      name: "Critical",
      definition: "Complete service outage or data loss affecting production",
      examples: [
        "Service completely down for > 15 minutes",
        "Database corruption or data loss",
        "Security breach or unauthorized access",
        "Complete loss of analysis capability",
        "Uncontrolled cost escalation (> $100/hour)",
      ],
      responseTime: "5m",
      updateCadence: "15m",
      escalation: [
        { after: "0m", notify: ["on-call-primary", "on-call-secondary"], action: "Page all on-call engineers" },
        { after: "5m", notify: ["team-lead"], action: "Notify team lead" },
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
        "Analysis success rate < 50%",
        "Database connection issues",
        "High error rate (> 25%)",
        "Cost escalation (> $50/hour)",
      ],
      responseTime: "15m",
      updateCadence: "15m",
      escalation: [
        { after: "0m", notify: ["on-call-primary"], action: "Page primary on-call" },
        { after: "15m", notify: ["team-lead"], action: "Notify team lead" },
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
      ],
      responseTime: "1h",
      updateCadence: "15m",
      escalation: [
        { after: "0m", notify: ["on-call-primary"], action: "Notify primary on-call" },
        {
          after: "1h",
          notify: ["team-lead"],
          action: "Update team lead (no stakeholder notification unless prolonged)",
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
      ],
      responseTime: "next business day",
      updateCadence: "none",
      escalation: [{ after: "0m", notify: [], action: "Create ticket for backlog" }],
      labelColor: "0e8a16",
    },
  },
  phases: {
    investigating: {
      description:
        "Initial response (first 5 minutes): acknowledge the incident; assess severity (`curl http://localhost:3000/health`, " +
        `\`sudo journalctl -u ${SERVICE} -n 100\`, errors in Opik); declare the incident (channel #incident-YYYY-MM-DD-description, ` +
        "initial status with severity, IC and Investigating); assemble the team (page on-call, team lead for Sev 1/2, management for Sev 1). " +
        `Investigation (5-30 minutes): gather information (\`systemctl status ${SERVICE}\`, \`sudo journalctl -u ${SERVICE} -n 500\`, ` +
        `\`curl -I $SUPABASE_URL\`, \`docker stats ${SERVICE} --no-stream\`, recent rows of analysis_history); post an update every 15 minutes.`,
    },
    identified: {
      description:
        "Root cause identified. Check for the common issues: database connection, API key issues, resource exhaustion, " +
        "configuration errors, external service outages. Update stakeholders with status, impact and ETA.",
    },
    fixing: {
      description:
        "Mitigation (30-60 minutes): implement the fix following the runbook procedures (docs/RUNBOOK.md). Common fixes: restart service, " +
        "rollback deployment, adjust configuration, scale resources.",
    },
    monitoring: {
      description:
        "Fix implemented, verification in progress: check service health (`curl http://localhost:3000/health`), trigger a test analysis " +
        "(`curl -X POST http://localhost:3000/trigger`), monitor for 15 minutes (`watch -n 30 'curl -s http://localhost:3000/health | jq .'`).",
    },
    resolved: {
      description:
        "Resolution (60+ minutes): service stable for 30+ minutes, no errors in logs, all metrics normal, stakeholders notified. " +
        "Close with INCIDENT RESOLVED: time, duration, root cause, fix, follow-up actions. Schedule the post-incident review within 48 hours.",
    },
  },
  roles: {
    commander: {
      name: "Incident Commander (IC)",
      responsibilities: [
        "Declare incident and severity level",
        "Coordinate response efforts",
        "Make critical decisions",
        "Communicate with stakeholders",
        "Lead post-incident review",
      ],
    },
    tech: {
      name: "Technical Lead",
      responsibilities: [
        "Diagnose technical issues",
        "Implement fixes",
        "Coordinate with engineers",
        "Document technical details",
      ],
    },
    comms: {
      name: "Communications Lead",
      responsibilities: [
        "Update status page",
        "Notify stakeholders",
        "Prepare communications",
        "Manage external inquiries",
      ],
    },
    // Firebreak has four roles; the plan names three, so the fourth keeps the generic support lead.
    support: {
      name: "Support lead",
      responsibilities: ["Assess user impact", "Communicate with customers"],
    },
  },
  types: {
    "service-outage": {
      name: "Service Outage",
      symptoms: ["Health check returns 500 or times out", "Service not responding", "Container/process not running"],
      investigation: [
        `Check if service is running: \`systemctl status ${SERVICE}\``,
        `Check recent logs for errors: \`sudo journalctl -u ${SERVICE} -n 200\``,
      ],
      checklist: [
        `Restart service: \`sudo systemctl restart ${SERVICE}\``,
        "If restart fails, check: environment variables, database connectivity, disk space, memory availability",
        "If issue persists, rollback to last known good version (docs/ROLLBACK_PROCEDURE.md)",
      ],
      defaultSeverity: "sev1",
    },
    database: {
      name: "Database Issues",
      symptoms: [
        'Health check shows `"database": false`',
        'Errors: "Failed to connect to Supabase"',
        "Analysis fails to store results",
      ],
      investigation: [
        "Check Supabase status: `curl -I $SUPABASE_URL` and https://status.supabase.com",
        'Check database connectivity: `psql "$SUPABASE_URL" -c "SELECT 1"`',
        "Check connection pool: `SELECT count(*) as connections FROM pg_stat_activity WHERE datname = 'postgres';`",
      ],
      checklist: [
        "If Supabase is down: service will queue writes and retry; monitor Supabase status page; notify stakeholders of degraded service",
        "If connection pool exhausted: restart service to reset connections; review connection pool settings; check for connection leaks",
        "If data corruption: stop service immediately; follow data corruption procedure; restore from backup if needed",
      ],
      defaultSeverity: "sev2",
    },
    "api-failure": {
      name: "API Failures",
      symptoms: [
        "Analysis fails with API errors",
        'Errors: "OpenAI API error", "Rate limit exceeded"',
        "High failure rate in Opik",
      ],
      investigation: [
        "Check API status: https://status.openai.com, https://status.anthropic.com",
        'Verify API keys: `curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"`',
        "Check API credits/quota: https://platform.openai.com/usage, https://console.anthropic.com/settings/usage",
      ],
      checklist: [
        "If rate limited: reduce MAX_MARKETS_PER_CYCLE; increase ANALYSIS_INTERVAL_HOURS; restart service",
        "If API key invalid: rotate API key; update .env; restart service",
        "If API is down: switch to backup provider (if multi-provider), or pause service until API recovers",
      ],
    },
    "high-costs": {
      name: "High Costs",
      symptoms: ["Cost alert triggered", "Opik shows high costs", "Unexpected API usage"],
      investigation: [
        "Review recent analyses: `analysis_history?select=*&order=created_at.desc&limit=50`",
        "Check Opik for cost breakdown: https://www.comet.com/opik",
        "Identify cause: too many markets analyzed, expensive model used, infinite loop/retry, configuration error",
      ],
      checklist: [
        `Stop service immediately: \`sudo systemctl stop ${SERVICE}\``,
        "Adjust configuration (.env): MAX_MARKETS_PER_CYCLE=1, ANALYSIS_INTERVAL_HOURS=48, cheaper model OPENAI_DEFAULT_MODEL=gpt-4o-mini",
        `Restart service with monitoring: \`sudo systemctl start ${SERVICE}\``,
        "Monitor costs closely for 24 hours",
      ],
      defaultSeverity: "sev2",
    },
    security: {
      name: "Security Incident",
      symptoms: [
        "Unauthorized access detected",
        "Suspicious activity in logs",
        "API keys compromised",
        "Data breach suspected",
      ],
      investigation: [
        `Review access logs: \`sudo journalctl -u ${SERVICE} --since "24 hours ago"\``,
        "Check for data exfiltration: review database access logs, check Supabase audit logs, review API usage patterns",
      ],
      checklist: [
        `STOP SERVICE IMMEDIATELY: \`sudo systemctl stop ${SERVICE}\``,
        "Isolate affected systems: disable network access if needed; revoke compromised credentials",
        "Rotate all credentials: API keys (OpenAI, Anthropic, etc.), Supabase keys, database passwords",
        "Notify security team: provide incident details, share logs and evidence, follow security incident procedures",
        "Do NOT restart service until all credentials rotated, security team approves and vulnerability patched",
      ],
      defaultSeverity: "sev1",
    },
  },
  contacts: {
    "on-call-primary": {
      description: "On-Call Engineer (Primary): [Phone]; this week's primary in the on-call schedule",
      github: [],
    },
    "on-call-secondary": {
      description: "On-Call Engineer (Secondary); this week's secondary in the on-call schedule",
      github: [],
    },
    "team-lead": { description: "Team Lead: [Phone]; the escalation column of the on-call schedule", github: [] },
    "engineering-manager": { description: "Engineering Manager", github: [] },
    cto: { description: "CTO", github: [] },
    management: { description: "Management: [Phone]", github: [] },
    stakeholders: {
      description:
        "Stakeholders: email template '[Severity] Incident - TradeWizard Monitor'; status page https://status.tradewizard.com",
      github: [],
    },
    "product-manager": { description: "Product Manager, attends reviews of Sev 1/2 incidents", github: [] },
    "security-team": { description: "Security team, notified of security incidents", github: [] },
    "incident-commander": {
      description: "Incident Commander: Primary [Name] - [Phone] - [Email]; Secondary [Name] - [Phone] - [Email]",
      github: [],
    },
    "technical-lead": {
      description: "Technical Lead: Primary [Name] - [Phone] - [Email]; Secondary [Name] - [Phone] - [Email]",
      github: [],
    },
    "communications-lead": {
      description: "Communications Lead: Primary [Name] - [Phone] - [Email]; Secondary [Name] - [Phone] - [Email]",
      github: [],
    },
    "supabase-support": { description: "Supabase Support: support@supabase.com", github: [] },
    "openai-support": { description: "OpenAI Support: https://help.openai.com", github: [] },
    "opik-support": { description: "Opik Support: support@comet.com", github: [] },
  },
  onCall: {
    rotation: "weekly",
    startsOn: "2026-01-05",
    // The plan's four-week table holds only placeholders ([Name], [Team Lead]); a repository fills in its rows.
    schedule: [],
    escalationPath: ["on-call-primary", "on-call-secondary", "team-lead", "engineering-manager", "cto"],
    autoCommander: true,
  },
  postmortem: {
    dueWithin: "48h",
    folder: "postmortems",
    severities: ["sev1", "sev2", "sev3"],
    reviewers: ["commander", "tech"],
    // "All responders" are the holders of the response roles.
    attendees: ["commander", "tech", "comms", "support", "team-lead"],
    attendeesBySeverity: { sev1: ["product-manager"], sev2: ["product-manager"] },
    milestones: [
      {
        after: "48h",
        description:
          "Post-incident review held: incident overview, timeline review, root cause analysis, response evaluation, action items, follow-up",
      },
    ],
  },
  metrics: {
    goals: {
      mttrReductionPercent: 20,
      incidentCountReductionPercent: 15,
      eliminateRepeatIncidents: true,
      improveDetectionCoverage: true,
    },
  },
};
