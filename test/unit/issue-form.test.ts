import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { defaultConfig } from "../../src/config/defaults.js";
import {
  FORM_FIELDS,
  formMatchesConfig,
  parseIssueFormSections,
  readIncidentForm,
} from "../../src/domain/issue-form.js";
import { TEST_VOCABULARY } from "../support/vocabulary.js";

const vocab = TEST_VOCABULARY;
const types = [
  { key: "security", name: "Security incident" },
  { key: "outage", name: "Outage" },
];

/** A body as GitHub renders an issue-form submission. */
const form = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([label, answer]) => `### ${label}\n\n${answer}\n\n`)
    .join("");

const submission = form({
  Severity: "sev2 — High",
  "Incident type": "Security incident",
  Summary: "Checkout returns 500s",
  Impact: "EU customers cannot pay.\n\nAbout 30% of orders.",
  "Detected at": "2026-11-25 14:05 UTC",
});

describe("parseIssueFormSections", () => {
  it("maps each label to its trimmed answer", () => {
    expect(parseIssueFormSections(submission)).toEqual(
      new Map([
        ["Severity", "sev2 — High"],
        ["Incident type", "Security incident"],
        ["Summary", "Checkout returns 500s"],
        ["Impact", "EU customers cannot pay.\n\nAbout 30% of orders."],
        ["Detected at", "2026-11-25 14:05 UTC"],
      ]),
    );
  });

  it("reads _No response_ as no answer", () => {
    expect(parseIssueFormSections(form({ Impact: "_No response_" })).get("Impact")).toBeUndefined();
    expect(parseIssueFormSections(form({ Impact: "_No response_" })).has("Impact")).toBe(true);
  });

  it("ignores text before the first section", () => {
    expect([...parseIssueFormSections(`Preamble\n\n${form({ Summary: "x" })}`).keys()]).toEqual(["Summary"]);
  });

  it("finds no sections in a body that is not a form", () => {
    expect(parseIssueFormSections("Something broke, please help.\n\n## Not a form heading").size).toBe(0);
  });

  it("handles CRLF bodies", () => {
    expect(parseIssueFormSections("### Summary\r\n\r\nDown\r\n\r\n### Impact\r\n\r\n_No response_\r\n")).toEqual(
      new Map([
        ["Summary", "Down"],
        ["Impact", undefined],
      ]),
    );
  });

  it("does not split at a ### line inside a fenced answer", () => {
    const body = form({ Impact: "```shell\n### not a label\n```", Summary: "s" });
    expect(parseIssueFormSections(body).get("Impact")).toBe("```shell\n### not a label\n```");
    expect(parseIssueFormSections(body).get("Summary")).toBe("s");
  });

  it("keeps the first of two sections with the same label", () => {
    expect(parseIssueFormSections("### Summary\n\nfirst\n\n### Summary\n\nsecond").get("Summary")).toBe("first");
  });

  it("never throws", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (body) => void parseIssueFormSections(body)));
  });
});

describe("readIncidentForm", () => {
  it("reads a complete submission", () => {
    expect(readIncidentForm(submission, vocab, types)).toEqual({
      severity: "sev2",
      type: "security",
      summary: "Checkout returns 500s",
      impact: "EU customers cannot pay.\n\nAbout 30% of orders.",
      detectedAt: { kind: "instant", iso: "2026-11-25T14:05:00Z" },
      problems: [],
    });
  });

  it.each([
    ["sev1 — Critical", "sev1"],
    ["sev3 - Moderate", "sev3"],
    ["SEV4: Low", "sev4"],
    ["sev2", "sev2"],
    ["1", "sev1"],
    ["Critical", "sev1"],
    ["high", "sev2"],
  ])("reads the severity %j as %s", (answer, key) => {
    expect(readIncidentForm(form({ Severity: answer }), vocab, types).severity).toBe(key);
  });

  it.each([
    ["Security incident", "security"],
    ["security", "security"],
    ["OUTAGE", "outage"],
  ])("reads the incident type %j as %s", (answer, key) => {
    expect(readIncidentForm(form({ "Incident type": answer }), vocab, types).type).toBe(key);
  });

  it("falls back to the vocabulary's type keys when no names are given", () => {
    expect(readIncidentForm(form({ "Incident type": "outage" }), vocab).type).toBe("outage");
  });

  it.each([
    ["14:05", { kind: "clock", hour: 14, minute: 5 }],
    ["2026-11-25 14:05", { kind: "local", date: "2026-11-25", hour: 14, minute: 5 }],
    ["2026-11-25T14:05:00+01:00", { kind: "instant", iso: "2026-11-25T13:05:00Z" }],
    ["2026-11-25 14:05 utc", { kind: "instant", iso: "2026-11-25T14:05:00Z" }],
  ])("reads Detected at %j", (answer, at) => {
    expect(readIncidentForm(form({ "Detected at": answer }), vocab, types).detectedAt).toEqual(at);
  });

  it("matches labels case-insensitively", () => {
    expect(readIncidentForm(form({ severity: "sev1", SUMMARY: "s" }), vocab, types)).toMatchObject({
      severity: "sev1",
      summary: "s",
    });
  });

  it("reports unknown values as problems instead of failing", () => {
    const result = readIncidentForm(
      form({ Severity: "sev9 — Apocalyptic", "Incident type": "Meteor", Summary: "s", "Detected at": "yesterday-ish" }),
      vocab,
      types,
    );
    expect(result).toEqual({
      summary: "s",
      problems: [
        'Severity "sev9 — Apocalyptic" is not one of sev1 (Critical), sev2 (High), sev3 (Moderate), sev4 (Low).',
        'Incident type "Meteor" is not one of Security incident, Outage.',
        expect.stringMatching(/^Detected at: "yesterday-ish" is not a valid time/),
      ],
    });
  });

  it("leaves unanswered fields out", () => {
    const body = form({
      Severity: "_No response_",
      "Incident type": "_No response_",
      Summary: "s",
      Impact: "_No response_",
      "Detected at": "_No response_",
    });
    expect(readIncidentForm(body, vocab, types)).toEqual({ summary: "s", problems: [] });
  });

  it("yields no fields from a body that is not a form", () => {
    expect(readIncidentForm("Severity: sev1\nCheckout is down", vocab, types)).toEqual({ problems: [] });
  });

  it("reads each field by its id's label, or by the id itself", () => {
    const body = form({ severity: "sev1", type: "outage", summary: "s", "detected-at": "14:05" });
    expect(readIncidentForm(body, vocab, types)).toMatchObject({
      severity: "sev1",
      type: "outage",
      summary: "s",
      detectedAt: expect.anything(),
      problems: [],
    });
  });

  it("takes the form's own way out of the type dropdown as no type, without a complaint", () => {
    expect(readIncidentForm(form({ "Incident type": "Other / not sure", Summary: "s" }), vocab, types)).toEqual({
      summary: "s",
      problems: [],
    });
  });
});

describe("formMatchesConfig", () => {
  const config = defaultConfig();
  const dropdown = (id: string, label: string, options: string[]) =>
    `  - type: dropdown\n    id: ${id}\n    attributes:\n      label: ${label}\n      options:\n${options.map((o) => `        - ${JSON.stringify(o)}\n`).join("")}`;
  const textarea = (id: string, label: string) =>
    `  - type: textarea\n    id: ${id}\n    attributes:\n      label: ${label}\n`;
  const severities = ["sev1 — Critical", "sev2 — High", "sev3 — Medium", "sev4 — Low"];
  const typeNames = [...Object.values(config.types).map((t) => t.name), "Other / not sure"];
  const formYaml = (parts: { severity?: string[]; types?: string[]; typeLabel?: string; summary?: boolean } = {}) =>
    [
      "name: Declare an incident\nbody:\n",
      dropdown("severity", "Severity", parts.severity ?? severities),
      dropdown("type", parts.typeLabel ?? "Incident type", parts.types ?? typeNames),
      parts.summary === false ? "" : textarea("summary", "Summary"),
    ].join("");

  it("finds nothing wrong with a form offering exactly the configured severities and types", () => {
    expect(formMatchesConfig(formYaml(), config)).toEqual([]);
  });

  it("lists options the app cannot read and configured entries the form does not offer", () => {
    expect(
      formMatchesConfig(
        formYaml({
          severity: ["sev1 — Critical", "sev2 — High", "sev3 — Medium", "sev5 — Trivial"],
          types: ["Service outage", "Trade execution failures"],
        }),
        config,
      ),
    ).toEqual([
      expect.stringMatching(/^severity option "sev5 — Trivial" is not a configured severity/),
      "severity sev4 (Low) is configured but not offered by the form",
      expect.stringMatching(/^type option "Trade execution failures" is not a configured incident type/),
      'incident type degraded-performance ("Degraded performance") is configured but not offered by the form',
      'incident type security ("Security incident") is configured but not offered by the form',
      'incident type data-loss ("Data loss or integrity") is configured but not offered by the form',
      'incident type dependency-failure ("Dependency or third-party failure") is configured but not offered by the form',
    ]);
  });

  it("fails when a field's label is not the one its id is read by, or a required field is missing", () => {
    expect(formMatchesConfig(formYaml({ typeLabel: "Kind of incident", summary: false }), config)).toEqual([
      `field \`type\` is labelled "Kind of incident"; Firebreak reads it by the label "${FORM_FIELDS.type}"`,
      `no field with id \`summary\` (Firebreak reads "Summary")`,
    ]);
  });

  it("says so when the form cannot be read at all", () => {
    expect(formMatchesConfig("body: [", config)[0]).toMatch(/^the form is not valid YAML/);
    expect(formMatchesConfig("name: x\n", config)).toEqual(["the form has no `body` list of fields"]);
  });
});
