import { readFileSync } from "node:fs";
import { parseIncidentConfig, severityKeys } from "../../src/config/parse.js";
import { parseIncidentConfigYaml } from "../../src/config/load.js";
import type { IncidentConfig } from "../../src/config/schema.js";
import { PHASES, ROLES } from "../../src/domain/vocabulary.js";

/**
 * The seed runbooks (../shared/seeds in the project's notes) shipped as presets. The expected lists below are
 * written from the runbooks' text, so a preset that loses a severity, role, phase step, type, contact,
 * escalation step, template or metric fails here. Each preset is read with the real parser, as a repository's
 * file naming it would be.
 */
function preset(name: string): IncidentConfig {
  const result = parseIncidentConfigYaml(`preset: ${name}\n`, `acme/app/.github/incident.yml`);
  if (!result.ok) throw new Error(result.error.message);
  expect(result.warnings).toEqual([]);
  return result.config;
}

const steps = (config: IncidentConfig, key: "sev1" | "sev2" | "sev3" | "sev4") =>
  config.severities[key]?.escalation.map((step) => [step.after.text, step.action, step.notify]);

const allText = (config: IncidentConfig) => JSON.stringify(config);

/** Firebreak's built-in templates, which a preset uses where its runbook gives a template of the same kind. */
const builtInTemplate = (name: string) =>
  readFileSync(new URL(`../../templates/${name}.md.hbs`, import.meta.url), "utf8");

describe("preset: tradewizard (the TradeWizard Automated Market Monitor's incident response plan)", () => {
  const config = preset("tradewizard");

  it("has the four severity levels with definitions, examples and response times", () => {
    expect(severityKeys(config)).toEqual(["sev1", "sev2", "sev3", "sev4"]);
    const summary = Object.entries(config.severities).map(([key, s]) => [
      key,
      s.name,
      s.definition,
      s.responseTime.text,
    ]);
    expect(summary).toEqual([
      ["sev1", "Critical", "Complete service outage or data loss affecting production", "5m"],
      ["sev2", "High", "Significant service degradation affecting functionality", "15m"],
      ["sev3", "Medium", "Minor service degradation with workaround available", "1h"],
      ["sev4", "Low", "Minor issues with no immediate impact", "next business day"],
    ]);
    expect(config.severities.sev1?.examples).toEqual([
      "Service completely down for > 15 minutes",
      "Database corruption or data loss",
      "Security breach or unauthorized access",
      "Complete loss of analysis capability",
      "Uncontrolled cost escalation (> $100/hour)",
    ]);
    expect(config.severities.sev2?.examples).toContain("Cost escalation (> $50/hour)");
    expect(config.severities.sev3?.examples).toContain("Quota approaching limits (> 90%)");
    expect(config.severities.sev4?.examples).toContain("Documentation updates needed");
  });

  it("posts updates every 15 minutes and escalates as the communication plan says", () => {
    expect(severityKeys(config).map((key) => config.severities[key]?.updateCadence.text)).toEqual([
      "15m",
      "15m",
      "15m",
      "none",
    ]);
    expect(steps(config, "sev1")).toEqual([
      ["0m", "Page all on-call engineers", ["on-call-primary", "on-call-secondary"]],
      ["5m", "Notify team lead", ["team-lead"]],
      ["10m", "Notify management", ["management"]],
      ["15m", "Notify stakeholders", ["stakeholders"]],
    ]);
    expect(steps(config, "sev2")).toEqual([
      ["0m", "Page primary on-call", ["on-call-primary"]],
      ["15m", "Notify team lead", ["team-lead"]],
      ["30m", "Notify stakeholders if not resolved", ["stakeholders"]],
    ]);
    expect(steps(config, "sev3")).toEqual([
      ["0m", "Notify primary on-call", ["on-call-primary"]],
      ["1h", "Update team lead (no stakeholder notification unless prolonged)", ["team-lead"]],
    ]);
    expect(steps(config, "sev4")).toEqual([["0m", "Create ticket for backlog", []]]);
  });

  it("has the plan's three roles with their responsibilities", () => {
    expect(config.roles.commander).toEqual({
      name: "Incident Commander (IC)",
      responsibilities: [
        "Declare incident and severity level",
        "Coordinate response efforts",
        "Make critical decisions",
        "Communicate with stakeholders",
        "Lead post-incident review",
      ],
    });
    expect(config.roles.tech.responsibilities).toEqual([
      "Diagnose technical issues",
      "Implement fixes",
      "Coordinate with engineers",
      "Document technical details",
    ]);
    expect(config.roles.comms.responsibilities).toEqual([
      "Update status page",
      "Notify stakeholders",
      "Prepare communications",
      "Manage external inquiries",
    ]);
  });

  it("describes every phase with the plan's procedures", () => {
    for (const phase of PHASES) expect(config.phases[phase].description).not.toBe("");
    expect(config.phases.investigating.description).toMatch(
      /Initial response \(first 5 minutes\).*Investigation \(5-30 minutes\)/,
    );
    expect(config.phases.identified.description).toContain(
      "database connection, API key issues, resource exhaustion, configuration errors, external service outages",
    );
    expect(config.phases.fixing.description).toContain("Mitigation (30-60 minutes)");
    expect(config.phases.monitoring.description).toContain("monitor for 15 minutes");
    expect(config.phases.resolved.description).toContain("service stable for 30+ minutes");
    expect(config.phases.resolved.description).toContain("within 48 hours");
  });

  it("has the five incident types with their symptoms, checks and responses", () => {
    expect(Object.entries(config.types).map(([key, type]) => [key, type.name])).toEqual([
      ["service-outage", "Service Outage"],
      ["database", "Database Issues"],
      ["api-failure", "API Failures"],
      ["high-costs", "High Costs"],
      ["security", "Security Incident"],
    ]);
    for (const type of Object.values(config.types)) {
      expect(type.symptoms.length).toBeGreaterThanOrEqual(3);
      expect(type.investigation.length).toBeGreaterThan(0);
      expect(type.checklist.length).toBeGreaterThan(0);
    }
    expect(config.types["service-outage"]?.checklist[0]).toBe(
      "Restart service: `sudo systemctl restart tradewizard-monitor`",
    );
    expect(config.types.security?.symptoms).toEqual([
      "Unauthorized access detected",
      "Suspicious activity in logs",
      "API keys compromised",
      "Data breach suspected",
    ]);
    expect(config.types.security?.checklist.at(-1)).toMatch(/^Do NOT restart service until/);
    expect(config.types["high-costs"]?.checklist).toContain("Monitor costs closely for 24 hours");
  });

  it("keeps every contact of the plan, its escalation path and its on-call table's shape", () => {
    const contacts = config.contacts;
    for (const key of [
      "on-call-primary",
      "on-call-secondary",
      "team-lead",
      "engineering-manager",
      "cto",
      "management",
      "stakeholders",
      "product-manager",
      "incident-commander",
      "technical-lead",
      "communications-lead",
    ]) {
      expect(contacts[key]).toBeDefined();
      expect(contacts[key]?.github).toEqual([]);
    }
    expect(contacts["supabase-support"]?.description).toContain("support@supabase.com");
    expect(contacts["openai-support"]?.description).toContain("https://help.openai.com");
    expect(contacts["opik-support"]?.description).toContain("support@comet.com");
    expect(contacts.stakeholders?.description).toContain("https://status.tradewizard.com");
    expect(config.onCall.escalationPath).toEqual([
      "on-call-primary",
      "on-call-secondary",
      "team-lead",
      "engineering-manager",
      "cto",
    ]);
    expect(config.onCall.rotation).toBe("weekly");
  });

  it("reviews within 48 hours with the plan's attendees, and keeps its quarterly goals", () => {
    expect(config.postmortem.dueWithin.text).toBe("48h");
    expect(config.postmortem.attendees).toEqual(["commander", "tech", "comms", "support", "team-lead"]);
    expect(config.postmortem.attendeesBySeverity).toEqual({ sev1: ["product-manager"], sev2: ["product-manager"] });
    expect(config.postmortem.milestones[0]?.description).toContain("root cause analysis");
    expect(config.metrics.goals).toEqual({
      mttrReductionPercent: 20,
      incidentCountReductionPercent: 15,
      eliminateRepeatIncidents: true,
      improveDetectionCoverage: true,
    });
  });

  it("has its status update and post-incident report in Firebreak's built-in templates", () => {
    // UPDATE: [HH:MM UTC] / Status / Impact / Actions / ETA / Next Update
    const update = builtInTemplate("status-update");
    for (const field of ["UPDATE:", "**Status:**", "**Impact:**", "**Actions:**", "**ETA:**", "**Next Update:**"])
      expect(update).toContain(field);
    const report = builtInTemplate("postmortem");
    for (const section of ["Post-Incident Report", "Timeline", "Root Cause", "Action Items", "Lessons Learned"])
      expect(report).toContain(section);
  });
});

describe("preset: snipping-bot (the Snipping Bot's incident runbook)", () => {
  const config = preset("snipping-bot");

  it("has the four severities with the runbook's examples and update schedule", () => {
    expect(severityKeys(config).map((key) => [key, config.severities[key]?.name])).toEqual([
      ["sev1", "Critical"],
      ["sev2", "High"],
      ["sev3", "Medium"],
      ["sev4", "Low"],
    ]);
    expect(config.severities.sev1?.examples).toEqual([
      "Complete system outage",
      "Security breach",
      "Financial loss",
      "Data corruption",
      "Compliance violation",
    ]);
    expect(config.severities.sev2?.examples).toEqual([
      "Partial service degradation",
      "Performance issues affecting users",
      "Non-critical security issues",
      "Minor data loss",
    ]);
    expect(config.severities.sev3?.examples).toEqual([
      "Minor service issues",
      "Scheduled maintenance problems",
      "Low-impact security findings",
      "Minor configuration issues",
    ]);
    expect(config.severities.sev4?.examples).toEqual([
      "Routine maintenance tasks",
      "Minor bugs",
      "Documentation updates",
      "Feature requests",
    ]);
    // Critical every 30 minutes, High every hour, Medium every 2 hours, Low as needed.
    expect(severityKeys(config).map((key) => config.severities[key]?.updateCadence.text)).toEqual([
      "30m",
      "1h",
      "2h",
      "none",
    ]);
    // Initial response: 0-15 minutes.
    expect(config.severities.sev1?.responseTime.text).toBe("15m");
  });

  it("escalates by notifying the team, then by direct phone contact", () => {
    const sev1 = steps(config, "sev1") ?? [];
    expect(sev1[0]).toEqual([
      "0m",
      "Notify the incident response team (Slack #incidents)",
      ["support-primary", "incident-commander", "technical-lead", "communications-lead", "support-lead"],
    ]);
    expect(sev1.map(([, action]) => action)).toEqual(
      expect.arrayContaining(["Email notification to stakeholders", "Escalate by direct phone contact (backup line)"]),
    );
  });

  it("has the four roles with their responsibilities", () => {
    expect(ROLES.map((role) => [config.roles[role].name, config.roles[role].responsibilities])).toEqual([
      [
        "Incident Commander",
        [
          "Overall incident coordination",
          "Decision making authority",
          "Communication with stakeholders",
          "Resource allocation",
        ],
      ],
      [
        "Technical Lead",
        ["Technical investigation", "Solution development", "Implementation oversight", "Root cause analysis"],
      ],
      [
        "Communications Lead",
        ["Internal/external communication", "Status updates", "Stakeholder management", "Documentation coordination"],
      ],
      [
        "Support Lead",
        ["User impact assessment", "Customer communication", "Support ticket management", "Feedback collection"],
      ],
    ]);
  });

  it("follows detection, initial response, investigation, resolution and post-incident activities through the phases", () => {
    const text = PHASES.map((phase) => config.phases[phase].description).join(" ");
    for (const step of [
      "Detection",
      "Initial response (0-15 minutes)",
      "Investigation (15 minutes - 2 hours)",
      "Identify root cause",
      "prepare rollback plan",
      "Resolution (2 hours - ongoing)",
      "Verify resolution",
      "schedule post-mortem",
      "close incident ticket",
    ])
      expect(text).toContain(step);
  });

  it("has the runbook's incident types with symptoms, investigation steps and resolution actions", () => {
    expect(Object.entries(config.types).map(([key, type]) => [key, type.name])).toEqual([
      ["trade-execution", "Trade Execution Failures"],
      ["signal-processing", "Signal Processing Delays"],
      ["risk-control", "Risk Control Blocks"],
      ["security", "Security Incidents"],
    ]);
    for (const type of Object.values(config.types)) {
      expect(type.investigation).toHaveLength(5);
      expect(type.checklist).toHaveLength(5);
    }
    expect(config.types["trade-execution"]?.checklist).toContain("Switch to alternative RPC endpoints");
    expect(config.types["risk-control"]?.checklist).toContain("Coordinate with compliance team");
    expect(config.types.security?.checklist).toContain("Report to authorities (if required)");
  });

  it("keeps every contact's number or address in its description", () => {
    const described = Object.fromEntries(Object.entries(config.contacts).map(([key, c]) => [key, c.description]));
    for (const detail of [
      "+1-555-0100",
      "+1-555-0101",
      "ic@snippingbot.com",
      "techlead@snippingbot.com",
      "comms@snippingbot.com",
      "support@snippingbot.com",
      "support@cloudprovider.com",
      "support@monitoring.com",
      "support@security.com",
      "+1-555-0110",
      "+1-555-0111",
      "+1-555-0112",
    ])
      expect(Object.values(described).some((text) => text.includes(detail))).toBe(true);
    expect(described.regulators).toContain("regulatory reporting");
    for (const contact of Object.values(config.contacts)) expect(contact.github).toEqual([]);
  });

  it("has the post-mortem timeline (24 hours, 1 week, 1 month) and participants", () => {
    expect(config.postmortem.milestones.map((m) => [m.after.text, m.description])).toEqual([
      ["24h", "Initial post-mortem meeting"],
      ["1w", "Detailed analysis completion"],
      ["30d", "Preventive measures implementation"],
    ]);
    expect(config.postmortem.attendees).toEqual(["commander", "tech", "service-owners", "stakeholders"]);
  });

  it("says nothing of TradeWizard", () => {
    expect(allText(config)).not.toMatch(/tradewizard|supabase/i);
  });
});

describe("selecting a preset", () => {
  it("applies the file's own keys over the preset, like _extends", () => {
    const result = parseIncidentConfig(
      {
        preset: "snipping-bot",
        timeZone: "Europe/Berlin",
        severities: { sev1: { responseTime: "5m" } },
        contacts: { "support-primary": { github: ["alice"] } },
        types: { "risk-control": null },
      },
      "x",
    );
    if (!result.ok) throw new Error(result.error.message);
    const { config } = result;
    expect(config.timeZone).toBe("Europe/Berlin");
    expect(config.severities.sev1?.responseTime.text).toBe("5m");
    expect(config.severities.sev1?.updateCadence.text).toBe("30m");
    expect(config.contacts["support-primary"]).toEqual({
      description: "24/7 Support, primary: +1-555-0100",
      github: ["alice"],
    });
    expect(Object.keys(config.types)).toEqual(["trade-execution", "signal-processing", "security"]);
    expect(config).not.toHaveProperty("preset");
  });

  it("replaces the generic types rather than adding to them", () => {
    expect(Object.keys(preset("tradewizard").types)).not.toContain("degraded-performance");
  });

  it("reports an unknown preset with the known ones", () => {
    const result = parseIncidentConfig({ preset: "tradewizrd" }, "x");
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.issues).toEqual([
        expect.objectContaining({ path: "preset", fix: 'did you mean "tradewizard"?' }),
      ]);
  });

  it("leaves the generic defaults free of either company's runbook", () => {
    const result = parseIncidentConfig({}, "x");
    if (!result.ok) throw new Error(result.error.message);
    expect(allText(result.config)).not.toMatch(/tradewizard|supabase|snipping|opik|gas price/i);
  });
});
