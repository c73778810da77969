import { defaultConfig } from "../../src/config/defaults.js";
import { changesState, completeVerdicts } from "../../src/domain/authorize.js";
import { parseComment } from "../../src/domain/commands.js";
import { foldIncident } from "../../src/domain/fold.js";
import type { IssueHistory, IssueSnapshot } from "../../src/domain/history.js";
import { collectInputs } from "../../src/domain/inputs.js";
import {
  isIncidentLabel,
  labelKey,
  mayConcernIncidents,
  phaseFromLabel,
  sameLabel,
  severityFromLabel,
} from "../../src/domain/labels.js";
import { planProjection } from "../../src/domain/projection.js";
import type { PermissionLevel } from "../../src/domain/vocabulary.js";
import { vocabularyOf } from "../../src/domain/vocabulary.js";
import { HistoryBuilder } from "../support/history-builder.js";
import { incidentState } from "../support/incident-state.js";
import { testRecords } from "../support/records.js";

/** GitHub label names are case-insensitive: `Incident`, `SEV1` and `Status:Fixing` are Firebreak's labels. */
const config = defaultConfig();

describe("label names compare case-insensitively", () => {
  it("keys and compares names regardless of case", () => {
    expect(labelKey("Status:Fixing")).toBe("status:fixing");
    expect(sameLabel("INCIDENT", "incident")).toBe(true);
    expect(sameLabel("incident", "incident:false-positive")).toBe(false);
    expect(["incident", "Incident", "INCIDENT", "iNcIdEnT"].every(isIncidentLabel)).toBe(true);
  });

  it("reads severities as the configured key and phases as the phase", () => {
    expect(severityFromLabel("SEV1", config)).toBe("sev1");
    expect(severityFromLabel("Sev4", config)).toBe("sev4");
    expect(severityFromLabel("sev9", config)).toBeUndefined();
    expect(phaseFromLabel("STATUS:FIXING")).toBe("fixing");
    expect(phaseFromLabel("Status:Resolved")).toBe("resolved");
    expect(phaseFromLabel("status:Unknown")).toBeUndefined();
  });

  it("lets any spelling of an incident label through the no-request filter, and nothing else", () => {
    expect(["Incident", "SEV2", "Status:Monitoring", "Incident:False-Positive"].every(mayConcernIncidents)).toBe(true);
    expect(["Bug", "documentation", "severity", "sev10"].some(mayConcernIncidents)).toBe(false);
  });

  it("needs permission for any spelling of a state label", () => {
    const input = (label: string) => ({
      type: "label-added" as const,
      label,
      key: "l",
      at: "2026-11-25T12:00:00Z",
      seq: 1,
      actor: "carol",
    });
    for (const label of ["Incident", "SEV1", "Status:Fixing"])
      expect(changesState(input(label) as Parameters<typeof changesState>[0], config)).toBe(true);
    expect(changesState(input("Bug") as Parameters<typeof changesState>[0], config)).toBe(false);
  });
});

describe("projecting onto labels spelt in other cases", () => {
  const issue: IssueSnapshot = {
    number: 7,
    title: "[INC-2026-11-25-001] Checkout returns 500",
    body: "x",
    state: "open",
    stateReason: null,
    labels: ["Incident", "SEV2", "Status:Investigating", "Customer-Facing"],
    assignees: ["bob"],
    author: { login: "reporter", isBot: false },
    createdAt: "2026-11-25T12:00:00Z",
  };
  const state = incidentState({
    declaration: { at: "2026-11-25T12:00:00Z", by: "alice", via: "label", severity: "sev1" },
  });

  it("adds nothing GitHub already shows in another case, and removes under the name GitHub has", () => {
    const plan = planProjection(issue, { ...state, severity: "sev1", phase: "investigating" }, config, "x");
    expect(plan).toMatchObject({ addLabels: ["sev1"], removeLabels: ["SEV2"] });
  });

  it("plans nothing when every label is shown, whatever its case", () => {
    const plan = planProjection(issue, { ...state, severity: "sev2", phase: "investigating" }, config, "x");
    expect(plan).toMatchObject({ addLabels: [], removeLabels: [] });
  });

  it("takes back a refused `Incident` under its own name", () => {
    const refused = { ...state, declared: false, rejectedDeclaration: true };
    expect(planProjection({ ...issue, labels: ["Incident", "Bug"] }, refused, config, undefined).removeLabels).toEqual([
      "Incident",
    ]);
  });
});

describe("folding label changes spelt in other cases", () => {
  const permissions: Record<string, PermissionLevel> = { alice: "write", carol: "read" };
  function fold(history: IssueHistory) {
    const vocabulary = vocabularyOf(config);
    const inputs = collectInputs(history, {
      appLogin: "firebreak[bot]",
      parse: (body) => parseComment(body, vocabulary),
      records: testRecords,
    });
    const verdicts = completeVerdicts(inputs, {}, (login) => permissions[login] ?? "none", config);
    return foldIncident(history.issue, inputs, { config, verdicts, reported: {} });
  }

  it("declares on `Incident` with the severity of `SEV2`, and moves on `Status:Fixing` and `SEV1`", () => {
    const state = fold(
      new HistoryBuilder()
        .label("alice", "SEV2")
        .label("alice", "Incident")
        .label("alice", "Status:Fixing")
        .label("alice", "SEV1")
        .build(),
    );
    expect(state).toMatchObject({ declared: true, severity: "sev1", phase: "fixing" });
    expect(state.timeline.map((entry) => entry.text)).toContain("Severity sev2 → sev1");
  });

  it("refuses `INCIDENT` from a reader like `incident`", () => {
    expect(fold(new HistoryBuilder().label("carol", "INCIDENT").build())).toMatchObject({
      declared: false,
      rejectedDeclaration: true,
    });
  });
});
