import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { load as loadYaml } from "js-yaml";
import { configJsonSchema } from "../../src/config/json-schema.js";
import { defaultConfig } from "../../src/config/defaults.js";
import { loadIncidentConfig, parseIncidentConfigYaml, type ConfigContext } from "../../src/config/load.js";
import { durationPattern, parseDuration } from "../../src/config/duration.js";
import {
  formatPath,
  parseIncidentConfig,
  severityKeys,
  type ConfigIssue,
  type ParseResult,
} from "../../src/config/parse.js";
import { incidentConfigSchema, type IncidentConfig } from "../../src/config/schema.js";
import { formMatchesConfig } from "../../src/domain/issue-form.js";
import { ROLES, PHASES, isSeverityKey } from "../../src/domain/vocabulary.js";

const SOURCE = "acme/checkout/.github/incident.yml";
const repoFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

function parsed(raw: unknown): IncidentConfig {
  const result = parseIncidentConfig(raw, SOURCE);
  if (!result.ok) throw new Error(`expected a valid config, got:\n${result.error.message}`);
  return result.config;
}

function issuesOf(result: ParseResult): ConfigIssue[] {
  if (result.ok) throw new Error("expected a ConfigError, but the config parsed");
  return [...result.error.issues];
}

const problems = (raw: unknown) =>
  issuesOf(parseIncidentConfig(raw, SOURCE)).map(({ path, message }) => ({ path, message }));

describe("default configuration (generic; the seed runbooks are presets)", () => {
  const config = defaultConfig();

  it("has the four runbook severities with their response times and update cadences", () => {
    expect(severityKeys(config)).toEqual(["sev1", "sev2", "sev3", "sev4"]);
    const summary = Object.fromEntries(
      Object.entries(config.severities).map(([key, s]) => [key, [s.name, s.responseTime.text, s.updateCadence.text]]),
    );
    expect(summary).toEqual({
      sev1: ["Critical", "5m", "15m"],
      sev2: ["High", "15m", "1h"],
      sev3: ["Medium", "1h", "2h"],
      sev4: ["Low", "next business day", "none"],
    });
    expect(config.severities.sev1?.definition).toBe("Complete service outage or data loss affecting production");
  });

  it("gives examples any service has", () => {
    expect(config.severities.sev1?.examples).toEqual(
      expect.arrayContaining(["Security breach or unauthorized access", "Compliance violation", "Financial loss"]),
    );
    expect(config.severities.sev4?.examples).toEqual(expect.arrayContaining(["Cosmetic issues", "Minor bugs"]));
  });

  it("escalates sev1 like the TradeWizard plan: all on-call now, team lead at 5m, management at 10m, stakeholders at 15m", () => {
    expect(config.severities.sev1?.escalation.map((step) => [step.after.text, step.notify])).toEqual([
      ["0m", ["on-call-primary", "on-call-secondary"]],
      ["5m", ["team-lead"]],
      ["10m", ["management"]],
      ["15m", ["stakeholders"]],
    ]);
    expect(config.severities.sev2?.escalation.map((step) => step.after.text)).toEqual(["0m", "15m", "30m"]);
    expect(config.severities.sev4?.escalation).toEqual([
      { after: { text: "0m", ms: 0 }, notify: [], action: "Create a ticket for the backlog", unless: "acknowledged" },
    ]);
  });

  it("describes every phase and names the four roles, including the Snipping Bot's support lead", () => {
    for (const phase of PHASES) expect(config.phases[phase].description).not.toBe("");
    expect(ROLES.map((role) => config.roles[role].name)).toEqual([
      "Incident commander",
      "Technical lead",
      "Communications lead",
      "Support lead",
    ]);
    expect(config.roles.commander.responsibilities).toContain("Lead the post-incident review");
  });

  it("has generic incident types, each with symptoms, an investigation list and a checklist", () => {
    expect(Object.entries(config.types).map(([key, type]) => [key, type.name])).toEqual([
      ["service-outage", "Service outage"],
      ["degraded-performance", "Degraded performance"],
      ["security", "Security incident"],
      ["data-loss", "Data loss or integrity"],
      ["dependency-failure", "Dependency or third-party failure"],
    ]);
    for (const type of Object.values(config.types)) {
      expect(type.symptoms.length).toBeGreaterThan(0);
      expect(type.investigation.length).toBeGreaterThan(0);
      expect(type.checklist.length).toBeGreaterThan(0);
    }
    const security = config.types.security;
    expect(security?.checklist).toEqual(
      expect.arrayContaining(["Revoke compromised credentials", "Report to authorities if required"]),
    );
    expect(security?.investigation).toContain("Analyze network traffic");
    expect(config.types["service-outage"]?.checklist[0]).toBe("Restart the service");
  });

  it("has the runbook contacts with nobody's handle filled in, and the 5-step escalation path", () => {
    for (const contact of [
      "on-call-primary",
      "on-call-secondary",
      "team-lead",
      "engineering-manager",
      "cto",
      "management",
      "stakeholders",
      "security-team",
      "product-manager",
    ]) {
      expect(config.contacts[contact]).toEqual({ description: expect.any(String), github: [] });
    }
    expect(config.onCall).toEqual({
      rotation: "weekly",
      startsOn: "2026-01-05",
      schedule: [],
      escalationPath: ["on-call-primary", "on-call-secondary", "team-lead", "engineering-manager", "cto"],
      autoCommander: true,
    });
  });

  it("reviews within 48 hours and keeps the 24h / 1 week / 1 month follow-up timeline", () => {
    expect(config.postmortem.dueWithin).toEqual({ text: "48h", ms: 48 * 3_600_000 });
    expect(config.postmortem.milestones.map((m) => m.after.text)).toEqual(["24h", "1w", "30d"]);
    expect(config.postmortem.attendeesBySeverity).toEqual({ sev1: ["product-manager"], sev2: ["product-manager"] });
    expect(config.postmortem.severities).toEqual(["sev1", "sev2"]);
    expect(config.postmortem.reviewers).toEqual(["commander", "tech"]);
    expect(config.postmortem.folder).toBe("postmortems");
    expect(Object.fromEntries(Object.entries(config.actionItems.due).map(([key, due]) => [key, due.text]))).toEqual({
      sev1: "1w",
      sev2: "2w",
      sev3: "4w",
      sev4: "30d",
    });
    expect(config.metrics.goals).toEqual({
      mttrReductionPercent: 20,
      incidentCountReductionPercent: 15,
      eliminateRepeatIncidents: true,
      improveDetectionCoverage: true,
    });
  });

  it("warns of a security repository that no type would send an incident to", () => {
    const moved = { security: { repository: "acme/security" } };
    expect(parseIncidentConfig(moved, SOURCE)).toMatchObject({ ok: true, warnings: [] });
    const result = parseIncidentConfig({ ...moved, types: { security: { sensitive: false } } }, SOURCE);
    expect(result.ok && result.warnings).toEqual([
      "security.repository is set, but no type is marked `sensitive: true`: no incident is moved there",
    ]);
  });

  it("warns about an action-item deadline for a severity the file dropped, without refusing the file", () => {
    const result = parseIncidentConfig({ severities: { sev4: null } }, SOURCE);
    expect(result.ok && result.warnings).toEqual(["actionItems.due.sev4 names no defined severity; it is not used"]);
  });

  it("is what the schema yields for an empty file, and passes the semantic checks without warnings", () => {
    expect(incidentConfigSchema.parse({})).toEqual(config);
    expect(parseIncidentConfig({}, SOURCE)).toEqual({ ok: true, config, warnings: [] });
  });

  it("uses the defaults when the file is absent", () => {
    expect(parseIncidentConfig(null, SOURCE)).toEqual({ ok: true, config, warnings: [] });
    expect(parseIncidentConfig(undefined, SOURCE)).toEqual({ ok: true, config, warnings: [] });
  });

  it("hands out a fresh copy each time, so a caller's mutation never leaks into the next parse", () => {
    const first = parsed({});
    first.severities.sev1?.examples.push("mutated");
    first.onCall.escalationPath.length = 0;
    expect(parsed({}).severities.sev1?.examples).not.toContain("mutated");
    expect(incidentConfigSchema.parse({}).onCall.escalationPath).toHaveLength(5);
  });
});

describe(".github/incident.yml (the documented example)", () => {
  const text = repoFile(".github/incident.yml");

  it("points editors at the generated JSON Schema", () => {
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../incident.schema.json");
  });

  it("parses to exactly the defaults", () => {
    expect(parseIncidentConfigYaml(text, ".github/incident.yml")).toEqual({
      ok: true,
      config: defaultConfig(),
      warnings: [],
    });
  });
});

describe("merging a repository's file over the defaults", () => {
  it("keeps the other sev1 fields and the other severities when only sev1's response time is set", () => {
    const config = parsed({ severities: { sev1: { responseTime: "2m" } } });
    const defaults = defaultConfig();
    expect(config.severities.sev1).toEqual({ ...defaults.severities.sev1, responseTime: { text: "2m", ms: 120_000 } });
    expect(config.severities.sev2).toEqual(defaults.severities.sev2);
    expect(config.types).toEqual(defaults.types);
  });

  it("replaces lists instead of appending to them", () => {
    const config = parsed({ severities: { sev2: { escalation: [{ after: "0m", notify: ["team-lead"] }] } } });
    expect(config.severities.sev2?.escalation).toEqual([
      { after: { text: "0m", ms: 0 }, notify: ["team-lead"], action: "", unless: "acknowledged" },
    ]);
  });

  it("drops a record entry set to null, and falls back to the field default for a nulled field", () => {
    const config = parsed({ types: { "dependency-failure": null }, timeZone: null });
    expect(Object.keys(config.types)).not.toContain("dependency-failure");
    expect(config.timeZone).toBe("UTC");
  });

  it("fills a new severity from the per-field defaults and warns when it has no name", () => {
    const result = parseIncidentConfig({ severities: { sev5: { responseTime: "1d" } } }, SOURCE);
    expect(result.ok && result.config.severities.sev5).toEqual({
      name: "",
      definition: "",
      examples: [],
      responseTime: { text: "1d", ms: 86_400_000 },
      updateCadence: { text: "none", ms: null },
      escalation: [],
      labelColor: "ededed",
    });
    expect(result.ok && result.warnings).toEqual(["severities.sev5.name is empty; the key sev5 is shown instead"]);
  });

  it("adds contacts and people without losing the default contacts", () => {
    const config = parsed({
      contacts: {
        "team-lead": { github: ["@acme/leads"] },
        "compliance-team": { description: "Compliance", github: ["carol"] },
      },
      onCall: { schedule: [{ primary: "alice", secondary: "bob", escalation: "carol" }] },
    });
    expect(config.contacts["team-lead"]).toEqual({ description: "Team lead", github: ["@acme/leads"] });
    expect(config.contacts["compliance-team"]?.github).toEqual(["carol"]);
    expect(config.contacts.cto).toBeDefined();
    expect(config.onCall.schedule).toEqual([{ primary: "alice", secondary: "bob", escalation: "carol" }]);
  });
});

describe("semantic checks after the schema", () => {
  it.each([
    ["an unknown time zone", { timeZone: "Europe/Atlantis" }, "timeZone", 'unknown time zone "Europe/Atlantis"'],
    [
      "an unknown default severity",
      { defaultSeverity: "sev5" },
      "defaultSeverity",
      "unknown severity sev5; known: sev1, sev2, sev3, sev4",
    ],
    [
      "a type naming an unknown severity",
      { types: { "data-loss": { defaultSeverity: "sev9" } } },
      "types.data-loss.defaultSeverity",
      "unknown severity sev9; known: sev1, sev2, sev3, sev4",
    ],
    [
      "an escalation notifying an unknown contact",
      { severities: { sev1: { escalation: [{ after: "0m", notify: ["oncall"] }] } } },
      "severities.sev1.escalation[0].notify[0]",
      expect.stringContaining('unknown contact "oncall"; known: on-call-primary,'),
    ],
    [
      "an escalation path naming an unknown contact",
      { onCall: { escalationPath: ["on-call-primary", "vp"] } },
      "onCall.escalationPath[1]",
      expect.stringContaining('unknown contact "vp"'),
    ],
    [
      "a post-mortem attendee that is neither role nor contact",
      { postmortem: { attendees: ["commandr"] } },
      "postmortem.attendees[0]",
      expect.stringContaining('unknown attendee "commandr"'),
    ],
    [
      "a post-mortem for a severity that does not exist",
      { postmortem: { severities: ["sev1", "sev7"] } },
      "postmortem.severities[1]",
      expect.stringContaining("unknown severity sev7"),
    ],
    [
      "a working day that ends before it starts",
      { businessHours: { start: "18:00" } },
      "businessHours.end",
      "the working day ends (17:00) before it starts (18:00)",
    ],
    [
      "a start date that is not a date",
      { onCall: { startsOn: "2026-02-30" } },
      "onCall.startsOn",
      '"2026-02-30" is not a calendar date',
    ],
  ])("reports %s at its path", (_what, raw, path, message) => {
    expect(problems(raw)).toEqual([{ path, message }]);
  });

  it("reports an empty severities record", () => {
    const raw = { severities: { sev1: null, sev2: null, sev3: null, sev4: null }, defaultSeverity: null, types: {} };
    expect(problems(raw)).toEqual(
      expect.arrayContaining([{ path: "severities", message: "no severities are defined" }]),
    );
  });

  it("suggests the contact that was probably meant", () => {
    const [issue] = issuesOf(parseIncidentConfig({ onCall: { escalationPath: ["team-leed"] } }, SOURCE));
    expect(issue?.fix).toBe('did you mean "team-lead"? (or add it under `contacts`)');
  });

  it("warns, without failing, about a rota that does not start on a Monday and escalation steps out of order", () => {
    const result = parseIncidentConfig(
      { onCall: { startsOn: "2026-01-07" }, severities: { sev2: { escalation: [{ after: "30m" }, { after: "5m" }] } } },
      SOURCE,
    );
    expect(result.ok && result.warnings).toEqual([
      "severities.sev2.escalation[1].after comes before the step above it; steps are sent in time order",
      "onCall.startsOn (2026-01-07) is a Wednesday; weekly rotas usually start on a Monday",
    ]);
  });

  it("reports every problem at once, a bad duration included, and renders like a compiler", () => {
    const result = parseIncidentConfig(
      {
        timeZone: "Mars/Olympus",
        severities: { sev1: { responseTime: "soon", escalation: [{ after: "0m", notify: ["@alice"] }] } },
      },
      SOURCE,
    );
    if (result.ok) throw new Error("expected errors");
    expect(result.error.message).toBe(
      [
        "acme/checkout/.github/incident.yml: 3 problems",
        '✖ acme/checkout/.github/incident.yml: severities.sev1.responseTime: "soon" is not a duration',
        '  → fix: write a number and a unit, such as "5m", "1h" or "2d", or "next business day"',
        '✖ acme/checkout/.github/incident.yml: timeZone: unknown time zone "Mars/Olympus"',
        '  → fix: use an IANA name such as "UTC" or "Europe/Berlin"',
        '✖ acme/checkout/.github/incident.yml: severities.sev1.escalation[0].notify[0]: unknown contact "@alice"; known: on-call-primary, on-call-secondary, team-lead, engineering-manager, cto, management, stakeholders, security-team, product-manager, service-owners',
        "  → fix: or add it under `contacts`",
      ].join("\n"),
    );
    expect(result.error.toMarkdown()).toBe(
      [
        "Firebreak cannot use `acme/checkout/.github/incident.yml` (3 problems):",
        "",
        '- `severities.sev1.responseTime`: "soon" is not a duration **Fix:** write a number and a unit, such as "5m", "1h" or "2d", or "next business day"',
        '- `timeZone`: unknown time zone "Mars/Olympus" **Fix:** use an IANA name such as "UTC" or "Europe/Berlin"',
        '- `severities.sev1.escalation[0].notify[0]`: unknown contact "@&#8203;alice"; known: on-call-primary, on-call-secondary, team-lead, engineering-manager, cto, management, stakeholders, security-team, product-manager, service-owners **Fix:** or add it under `contacts`',
      ].join("\n"),
    );
  });
});

describe("durations, parsed once when the config is loaded", () => {
  const HOUR = 3_600_000;

  it("reads a number and a lowercase unit into the text as written and its milliseconds", () => {
    expect(parseDuration("15m")).toEqual({ text: "15m", ms: 15 * 60_000 });
    expect(parseDuration("0m")).toEqual({ text: "0m", ms: 0 });
    expect(["30s", "1.5h", "2 days", "90 minutes", "1w", "1y"].map((text) => parseDuration(text)?.ms)).toEqual([
      30_000,
      1.5 * HOUR,
      48 * HOUR,
      90 * 60_000,
      7 * 24 * HOUR,
      365.25 * 24 * HOUR,
    ]);
  });

  it.each(["15", "5M", "1 month", "-5m", " 5m", "5m ", "5  m", "5 mins later", "100000s", "", "1e3m", ".5h", "none"])(
    "refuses %j",
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it("accepts exactly what the pattern given to editors accepts", () => {
    const pattern = durationPattern(["none"]);
    const text = fc.string({ unit: fc.constantFrom(..."0159. smhdwyecinoraMH-"), maxLength: 12 });
    fc.assert(
      fc.property(text, (value) => pattern.test(value) === (value === "none" || parseDuration(value) !== undefined)),
    );
  });

  it("hands the domain milliseconds, and null for the words that are not durations", () => {
    const config = parsed({
      severities: {
        sev2: { responseTime: "next business day", updateCadence: "none", escalation: [{ after: "90 minutes" }] },
      },
    });
    expect(config.severities.sev2?.responseTime).toEqual({ text: "next business day", ms: null });
    expect(config.severities.sev2?.updateCadence).toEqual({ text: "none", ms: null });
    expect(config.severities.sev2?.escalation[0]?.after).toEqual({ text: "90 minutes", ms: 90 * 60_000 });
  });

  it.each([
    [
      "a response time that is not a duration",
      { severities: { sev1: { responseTime: "soon" } } },
      "severities.sev1.responseTime",
      '"soon" is not a duration',
      'write a number and a unit, such as "5m", "1h" or "2d", or "next business day"',
    ],
    [
      "a duration without a unit",
      { severities: { sev2: { updateCadence: "15" } } },
      "severities.sev2.updateCadence",
      '"15" is not a duration',
      'write a number and a unit, such as "5m", "1h" or "2d", or "none"',
    ],
    [
      "'none' where only durations are allowed",
      { severities: { sev1: { responseTime: "none" } } },
      "severities.sev1.responseTime",
      '"none" is not a duration',
      'write a number and a unit, such as "5m", "1h" or "2d", or "next business day"',
    ],
    [
      "a bad escalation delay",
      { severities: { sev3: { escalation: [{ after: "later" }] } } },
      "severities.sev3.escalation[0].after",
      '"later" is not a duration',
      'write a number and a unit, such as "5m", "1h" or "2d"',
    ],
    [
      "a bad post-mortem deadline",
      { postmortem: { dueWithin: "2 days-ish" } },
      "postmortem.dueWithin",
      '"2 days-ish" is not a duration',
      'write a number and a unit, such as "5m", "1h" or "2d"',
    ],
    [
      "a unit in capitals",
      { severities: { sev1: { responseTime: "5M" } } },
      "severities.sev1.responseTime",
      '"5M" is not a duration',
      'write it in lowercase: "5m"',
    ],
    [
      "a word in capitals",
      { severities: { sev1: { responseTime: "Next Business Day" } } },
      "severities.sev1.responseTime",
      '"Next Business Day" is not a duration',
      'write it in lowercase: "next business day"',
    ],
  ])("reports %s at its path with the fix, instead of reading it as 0", (_what, raw, path, message, fix) => {
    expect(issuesOf(parseIncidentConfig(raw, SOURCE))).toEqual([{ path, message, fix }]);
  });

  it("does not let a bad duration hide the problems found after the schema", () => {
    const raw = {
      defaultSeverity: "sev7",
      severities: { sev1: { responseTime: "soon", escalation: [{ after: "later", notify: ["oncall"] }] } },
    };
    expect(problems(raw).map((problem) => problem.path)).toEqual([
      "severities.sev1.responseTime",
      "severities.sev1.escalation[0].after",
      "defaultSeverity",
      "severities.sev1.escalation[0].notify[0]",
    ]);
  });
});

describe("warnings", () => {
  it("are shown with the problems of a config that cannot be used, so nobody fixes the file twice", () => {
    const result = parseIncidentConfig({ timeZone: "Mars/Olympus", onCall: { startsOn: "2026-01-07" } }, SOURCE);
    if (result.ok) throw new Error("expected errors");
    expect(result.error.toMarkdown()).toBe(
      [
        "Firebreak cannot use `acme/checkout/.github/incident.yml` (1 problem):",
        "",
        '- `timeZone`: unknown time zone "Mars/Olympus" **Fix:** use an IANA name such as "UTC" or "Europe/Berlin"',
        "",
        "Worth a look too (these alone would not stop Firebreak):",
        "",
        "- onCall.startsOn (2026-01-07) is a Wednesday; weekly rotas usually start on a Monday",
      ].join("\n"),
    );
    expect(result.error.message.split("\n").at(-1)).toBe(
      "⚠ acme/checkout/.github/incident.yml: onCall.startsOn (2026-01-07) is a Wednesday; weekly rotas usually start on a Monday",
    );
  });
});

describe("_extends (Probot's config inheritance)", () => {
  it("is accepted, and said to be unfollowed when the file is read as text rather than through Probot", () => {
    const result = parseIncidentConfigYaml("_extends: .github\ntimeZone: Europe/Paris\n", SOURCE);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.config.timeZone).toBe("Europe/Paris");
    expect(result.config).not.toHaveProperty("_extends");
    expect(result.warnings).toEqual([
      "_extends is followed only when the app reads the file from GitHub; this file was checked on its own",
    ]);
  });

  it("must name a repository (and optionally a file) the way Probot reads it", () => {
    expect(problems({ _extends: "not a repo!" })).toEqual([
      { path: "_extends", message: 'expected "repo", "owner/repo" or "owner/repo:path/to/file.yml"' },
    ]);
  });
});

describe("shape errors from the strict schema", () => {
  it("rejects an unknown key at its path and suggests the intended one", () => {
    const [issue, ...rest] = issuesOf(parseIncidentConfig({ severities: { sev1: { respnseTime: "5m" } } }, SOURCE));
    expect(rest).toEqual([]);
    expect(issue).toEqual({
      path: "severities.sev1.respnseTime",
      message: 'unknown key "respnseTime"',
      fix: 'did you mean "responseTime"?',
    });
  });

  it("lists the known keys when nothing is close", () => {
    const [issue] = issuesOf(parseIncidentConfig({ postmortem: { owners: [] } }, SOURCE));
    expect(issue).toEqual({
      path: "postmortem.owners",
      message: 'unknown key "owners"',
      fix: "remove it; known keys here: dueWithin, folder, severities, reviewers, attendees, attendeesBySeverity, milestones",
    });
  });

  it("rejects an unknown top-level key, including __proto__, without polluting any prototype", () => {
    const raw = JSON.parse('{"slack": {}, "__proto__": {"polluted": true}}') as unknown;
    expect(problems(raw).map((p) => p.path)).toEqual(["slack", "__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    [
      "a list written as text",
      { severities: { sev1: { examples: "outage" } } },
      "severities.sev1.examples",
      'expected array, got the text "outage"',
    ],
    ["a number where text belongs", { timeZone: 42 }, "timeZone", "expected string, got number 42"],
    [
      "text where a number belongs",
      { metrics: { goals: { mttrReductionPercent: "20%" } } },
      "metrics.goals.mttrReductionPercent",
      'expected number, got the text "20%"',
    ],
    ["a whole file that is a list", ["sev1"], "(root)", "expected object, got a list"],
    [
      "a bad severity key",
      { severities: { sev10: {} } },
      "severities.sev10",
      '"sev10" is not a severity key: a severity key is sev1 … sev9 (sev1 is the most severe)',
    ],
    [
      "a bad permission level",
      { permissions: { command: "none" } },
      "permissions.command",
      'expected one of "read", "triage", "write", "maintain", "admin", got the text "none"',
    ],
    [
      "a clock time in the wrong format",
      { businessHours: { start: "9am" } },
      "businessHours.start",
      'expected a 24-hour time "HH:MM", e.g. "09:00"',
    ],
    [
      "a label colour with a hash",
      { severities: { sev1: { labelColor: "#b60205" } } },
      "severities.sev1.labelColor",
      'a label colour is six hex digits without "#", e.g. "b60205"',
    ],
    ["a removed phase", { phases: { fixing: null } }, "phases.fixing", "missing object"],
  ])("reports %s", (_what, raw, path, message) => {
    expect(problems(raw)).toEqual([{ path, message }]);
  });

  it.each([
    ["a severity key", { severities: { sve2: { name: "High" } } }, "severities.sve2"],
    ["a severity value", { defaultSeverity: "sve2" }, "defaultSeverity"],
  ])("echoes a misspelt %s and suggests the nearest one", (_what, raw, path) => {
    expect(issuesOf(parseIncidentConfig(raw, SOURCE))).toEqual([
      {
        path,
        message: '"sve2" is not a severity key: a severity key is sev1 … sev9 (sev1 is the most severe)',
        fix: 'did you mean "sev2"?',
      },
    ]);
  });

  it("asks for a unit when a duration is a bare number", () => {
    const result = parseIncidentConfigYaml("severities:\n  sev1:\n    responseTime: 5\n", SOURCE);
    expect(issuesOf(result)).toEqual([
      {
        path: "severities.sev1.responseTime",
        message: "expected a duration, got the bare number 5",
        fix: "use a unit, e.g. `5m` (5 minutes) or `5h` (5 hours)",
      },
    ]);
  });

  it("suggests quoting when YAML read a value as a number", () => {
    const [issue] = issuesOf(parseIncidentConfig({ timeZone: 42 }, SOURCE));
    expect(issue?.fix).toBe("quote the value so YAML reads it as text");
  });
});

describe("YAML text", () => {
  it("reports a syntax error with its line and column", () => {
    const result = parseIncidentConfigYaml("severities:\n  sev1:\n    name: Critical\n   responseTime: 5m\n", SOURCE);
    expect(issuesOf(result)).toEqual([
      expect.objectContaining({ path: "(yaml)", line: 4, column: 4, message: "bad indentation of a mapping entry" }),
    ]);
    expect(!result.ok && result.error.message.split("\n")[1]).toBe(
      "✖ acme/checkout/.github/incident.yml:4:4: bad indentation of a mapping entry",
    );
  });

  it("rejects a js/function tag instead of running or keeping it", () => {
    const hostile =
      "severities:\n  sev1:\n    name: !<tag:yaml.org,2002:js/function> 'function () { process.exit(1) }'\n";
    const [issue] = issuesOf(parseIncidentConfigYaml(hostile, SOURCE));
    expect(issue).toMatchObject({ path: "(yaml)", line: 3, message: expect.stringContaining("unknown scalar tag") });
    expect(issue?.fix).toContain("!!js/function");
  });

  it("mentions custom tags only when one was used", () => {
    const [issue] = issuesOf(parseIncidentConfigYaml("severities: [sev1\n", SOURCE));
    expect(issue?.fix).toBe("fix the YAML syntax (indentation, quotes, brackets)");
  });

  it("treats an empty file as absent", () => {
    expect(parseIncidentConfigYaml("# nothing yet\n", SOURCE)).toEqual({
      ok: true,
      config: defaultConfig(),
      warnings: [],
    });
  });
});

describe("loadIncidentConfig (through Probot's context.config)", () => {
  function contextReturning(config: ConfigContext["config"]): ConfigContext & { calls: unknown[][]; logged: string[] } {
    const calls: unknown[][] = [];
    const logged: string[] = [];
    return {
      calls,
      logged,
      config: (...args) => {
        calls.push(args);
        return config(...args);
      },
      repo: () => ({ owner: "acme", repo: "checkout" }),
      log: { warn: (message) => logged.push(message) },
    };
  }

  it("asks for incident.yml without defaults, replacing arrays across _extends, and uses the defaults when it is absent", async () => {
    const context = contextReturning(async () => null);
    expect(await loadIncidentConfig(context)).toEqual({ ok: true, config: defaultConfig(), warnings: [] });
    const [file, defaults, options] = context.calls[0] ?? [];
    expect([file, defaults]).toEqual(["incident.yml", undefined]);
    const arrayMerge = (options as { arrayMerge: (a: unknown[], b: unknown[]) => unknown[] }).arrayMerge;
    expect(arrayMerge(["base"], ["repo"])).toEqual(["repo"]);
  });

  it("names the repository's file in errors", async () => {
    const result = await loadIncidentConfig(contextReturning(async () => ({ timeZone: "Nowhere/Land" })));
    expect(!result.ok && result.error.source).toBe("acme/checkout/.github/incident.yml");
  });

  it("turns the YAML error Probot wraps into a ConfigError with the line", async () => {
    const yamlError = Object.assign(
      new Error("Nested mappings are not allowed in compact mappings at line 2, column 6:\n\n  a: b: c\n"),
      {
        name: "YAMLParseError",
        linePos: [{ line: 2, col: 6 }],
      },
    );
    const wrapped = new Error(
      "[@probot/octokit-plugin-config] Configuration could not be parsed from https://... (invalid YAML)",
      { cause: yamlError },
    );
    const result = await loadIncidentConfig(contextReturning(async () => Promise.reject(wrapped)));
    expect(issuesOf(result)).toEqual([
      expect.objectContaining({
        path: "(yaml)",
        line: 2,
        column: 6,
        message: "Nested mappings are not allowed in compact mappings",
      }),
    ]);
  });

  it("reports a config-plugin complaint such as a bad _extends as a ConfigError", async () => {
    const error = new Error('[@probot/octokit-plugin-config] Invalid value "not a repo!" for _extends in https://...');
    const result = await loadIncidentConfig(contextReturning(async () => Promise.reject(error)));
    expect(issuesOf(result)).toEqual([
      { path: "(root)", message: 'Invalid value "not a repo!" for _extends in https://...' },
    ]);
  });

  it("logs the warnings of a config it can use", async () => {
    const context = contextReturning(async () => ({ onCall: { startsOn: "2026-01-07" } }));
    const result = await loadIncidentConfig(context);
    expect(result.ok).toBe(true);
    expect(context.logged).toEqual([
      "[acme/checkout] acme/checkout/.github/incident.yml: onCall.startsOn (2026-01-07) is a Wednesday; weekly rotas usually start on a Monday",
    ]);
  });

  it("rethrows GitHub's own failures instead of blaming the configuration", async () => {
    const error = Object.assign(new Error("Bad gateway"), { status: 502 });
    await expect(loadIncidentConfig(contextReturning(async () => Promise.reject(error)))).rejects.toBe(error);
  });
});

describe("helpers", () => {
  it("severityKeys sorts numerically, most severe first", () => {
    const config = parsed({ severities: { sev9: { name: "Trivial" }, sev5: { name: "Minor" } } });
    expect(severityKeys(config)).toEqual(["sev1", "sev2", "sev3", "sev4", "sev5", "sev9"]);
    expect(severityKeys(config).every(isSeverityKey)).toBe(true);
  });

  it("formatPath quotes keys that are not plain identifiers", () => {
    expect(formatPath(["severities", "sev1", "escalation", 0, "after"])).toBe("severities.sev1.escalation[0].after");
    expect(formatPath(["contacts", "a.b"])).toBe('contacts["a.b"]');
    expect(formatPath([])).toBe("(root)");
  });
});

describe("incident.schema.json", () => {
  const schema = configJsonSchema();

  it("is up to date with the zod schema (run `npm run schema:json`)", () => {
    expect(JSON.parse(repoFile("incident.schema.json"))).toEqual(JSON.parse(JSON.stringify(schema)));
  });

  it("marks no defaulted field as required: only the fields of list items people add are", () => {
    const required: string[][] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === "object" && node !== null) {
        const record = node as Record<string, unknown>;
        if (Array.isArray(record.required)) required.push(record.required as string[]);
        Object.values(record).forEach(walk);
      }
    };
    walk(schema);
    expect(required).toEqual([["after"], ["primary"], ["after", "description"], ["name"], ["name", "type", "url_env"]]);
  });

  it("lets an editor accept the example file and a partial file, and flag a misspelt key", () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    expect(validate(loadYaml(repoFile(".github/incident.yml")))).toBe(true);
    expect(
      validate({ severities: { sev1: { responseTime: "2m" } }, phases: { fixing: { description: "Ship it" } } }),
    ).toBe(true);
    expect(validate({ severities: { sev1: { respnseTime: "2m" } } })).toBe(false);
    expect(validate({ severities: { sev10: {} } })).toBe(false);
  });

  it("closes every object, documents every property and carries the severity key pattern", () => {
    const properties = schema.properties as Record<string, { description?: string; propertyNames?: unknown }>;
    expect(schema.additionalProperties).toBe(false);
    for (const [key, property] of Object.entries(properties))
      expect([key, typeof property.description]).toEqual([key, "string"]);
    expect(properties.severities?.propertyNames).toEqual({ type: "string", pattern: "^sev[1-9]$" });
  });
});

describe("incident.schema.json and the loader agree", () => {
  const validate = new Ajv2020({ allErrors: true, allowUnionTypes: true }).compile(configJsonSchema());
  const loaderAccepts = (text: string) => parseIncidentConfigYaml(text, SOURCE).ok;

  it.each([
    ["the example file", repoFile(".github/incident.yml")],
    ["_extends naming the organisation's .github repository", "_extends: .github\ntimeZone: Europe/Paris\n"],
    ["_extends naming another repository's file", "_extends: acme/shared:config/incident.yml\n"],
    ["a preset with the file's own keys over it", "preset: snipping-bot\ntimeZone: Europe/Paris\n"],
    [
      "null removing default entries and resetting fields",
      "types:\n  dependency-failure: null\nseverities:\n  sev4: null\ntimeZone: null\nmetrics:\n  goals: null\n",
    ],
    [
      "null for a phase's field and for an entry of an open record",
      "phases:\n  fixing:\n    description: null\ntemplates:\n  dashboard: null\npostmortem:\n  attendeesBySeverity:\n    sev1: null\n",
    ],
    [
      "durations in every spelling the parser reads",
      "severities:\n  sev1:\n    responseTime: 90 seconds\n    updateCadence: 1.5h\n    escalation:\n      - after: 0m\n      - after: 2 days\n",
    ],
    [
      "the words allowed instead of durations",
      "severities:\n  sev2:\n    responseTime: next business day\n    updateCadence: none\n",
    ],
  ])("both accept %s", (_what, text) => {
    expect([validate(loadYaml(text)), loaderAccepts(text)]).toEqual([true, true]);
  });

  it.each([
    ["a response time that is not a duration", "severities:\n  sev1:\n    responseTime: soon\n"],
    ["a unit in capitals", "severities:\n  sev1:\n    responseTime: 5M\n"],
    ["a duration without a unit", "severities:\n  sev2:\n    updateCadence: '15'\n"],
    ["a word where only durations are allowed", "severities:\n  sev1:\n    responseTime: none\n"],
    ["a bad escalation delay", "severities:\n  sev3:\n    escalation:\n      - after: later\n"],
    ["null for a phase every incident needs", "phases:\n  fixing: null\n"],
    [
      "null inside a list, which is replaced rather than merged",
      "severities:\n  sev1:\n    escalation:\n      - after: 0m\n        notify: null\n",
    ],
    ["an _extends Probot cannot read", "_extends: 'not a repo!'\n"],
    ["a misspelt key", "severities:\n  sev1:\n    respnseTime: 5m\n"],
    ["a severity key out of range", "severities:\n  sev10: {}\n"],
  ])("both reject %s", (_what, text) => {
    expect([validate(loadYaml(text)), loaderAccepts(text)]).toEqual([false, false]);
  });

  it("leaves to the loader what a schema cannot say, such as a contact that is not defined", () => {
    const text = "onCall:\n  escalationPath: [on-call-primary, vp]\n";
    expect([validate(loadYaml(text)), loaderAccepts(text)]).toEqual([true, false]);
  });

  it("marks the settings Firebreak does not act on yet as planned", () => {
    const properties = configJsonSchema().properties as Record<
      string,
      {
        description?: string;
        properties?: Record<string, { description?: string }>;
        additionalProperties?: { properties?: Record<string, { description?: string }> };
      }
    >;
    const planned = [
      properties.postmortem?.properties?.attendees?.description,
      properties.severities?.additionalProperties?.properties?.examples?.description,
      properties.roles?.additionalProperties?.properties?.responsibilities?.description,
    ];
    for (const description of planned) expect(description).toMatch(/^Planned: not used yet\. /);
    // The escalation path is walked by sweeps when nobody responds: no longer planned.
    expect(properties.onCall?.properties?.escalationPath?.description).not.toMatch(/Planned/);
  });
});

describe(".github/ISSUE_TEMPLATE/incident.yml", () => {
  const form = loadYaml(repoFile(".github/ISSUE_TEMPLATE/incident.yml")) as {
    name: string;
    labels: string[];
    body: {
      type: string;
      id?: string;
      attributes: { label?: string; options?: string[]; placeholder?: string };
      validations?: { required: boolean };
    }[];
  };
  const field = (label: string) => form.body.find((item) => item.attributes.label === label);

  it("declares an incident with the incident label", () => {
    expect(form.name).toBe("Declare an incident");
    expect(form.labels).toEqual(["incident"]);
  });

  it("offers exactly the configured severities and types of the example configuration, by field id", () => {
    const config = parseIncidentConfigYaml(repoFile(".github/incident.yml"), ".github/incident.yml");
    if (!config.ok) throw new Error(config.error.message);
    expect(formMatchesConfig(repoFile(".github/ISSUE_TEMPLATE/incident.yml"), config.config)).toEqual([]);
  });

  it("would be caught out of step with a preset that renames the types", () => {
    const config = parseIncidentConfig({ preset: "snipping-bot" }, SOURCE);
    if (!config.ok) throw new Error(config.error.message);
    expect(formMatchesConfig(repoFile(".github/ISSUE_TEMPLATE/incident.yml"), config.config)).toEqual(
      expect.arrayContaining([
        'incident type trade-execution ("Trade Execution Failures") is configured but not offered by the form',
        expect.stringMatching(/^type option "Degraded performance" is not a configured incident type/),
      ]),
    );
  });

  it("has the summary, impact and detection fields, every field with a unique id", () => {
    expect(field("Summary")).toMatchObject({ type: "textarea", validations: { required: true } });
    expect(field("Impact")?.type).toBe("textarea");
    expect(field("Detected at")).toMatchObject({
      type: "input",
      attributes: { placeholder: "2026-11-25 14:05 UTC or 14:05" },
    });
    const ids = form.body.filter((item) => item.type !== "markdown").map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === "string" && /^[a-z-]+$/.test(id))).toBe(true);
  });
});
