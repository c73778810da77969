import { defaultConfig } from "../../src/config/defaults.js";
import { ackDue, nextUpdateDue, responseDue } from "../../src/domain/deadlines.js";
import { incidentState } from "../support/incident-state.js";
import type { IssueSnapshot } from "../../src/domain/history.js";
import { planProjection } from "../../src/domain/projection.js";

const config = defaultConfig();
const issue: IssueSnapshot = {
  number: 7,
  title: "Checkout returns 500",
  body: "",
  state: "open",
  stateReason: null,
  labels: ["incident", "sev2", "status:investigating", "customer-facing"],
  assignees: ["dave", "alice"],
  author: { login: "reporter", isBot: false },
  createdAt: "2026-11-25T12:00:00Z",
};
const state = incidentState({
  declaration: { at: "2026-11-25T12:00:00Z", by: "alice", via: "label", severity: "sev1" },
  phase: "fixing",
});
const assignedByApp = ["alice"];

describe("projecting an incident onto its issue", () => {
  it("plans only the differences, touching only labels and assignees the app owns", () => {
    const plan = planProjection(issue, state, config, "", assignedByApp);
    expect(plan).toEqual({
      addLabels: ["status:fixing", "sev1"],
      removeLabels: ["sev2", "status:investigating"],
      addAssignees: ["bob"],
      removeAssignees: ["alice"],
      patch: { title: "[INC-2026-11-25-001] Checkout returns 500" },
    });
  });

  it("plans nothing when GitHub already shows the incident", () => {
    const shown = {
      ...issue,
      title: "[INC-2026-11-25-001] Checkout returns 500",
      labels: ["incident", "sev1", "status:fixing"],
      assignees: ["bob"],
      body: "x",
    };
    expect(planProjection(shown, state, config, "x", assignedByApp)).toEqual({
      addLabels: [],
      removeLabels: [],
      addAssignees: [],
      removeAssignees: [],
      patch: {},
    });
  });

  it("closes a resolved incident, as not planned when it was a false positive", () => {
    expect(planProjection(issue, { ...state, phase: "resolved" }, config, "").patch).toMatchObject({
      state: "closed",
      state_reason: "completed",
    });
    expect(planProjection(issue, { ...state, phase: "resolved", falsePositive: true }, config, "").patch).toMatchObject(
      { state: "closed", state_reason: "not_planned" },
    );
  });

  it("does nothing to an ordinary issue", () => {
    expect(planProjection(issue, { ...state, declared: false }, config, undefined)).toEqual({
      addLabels: [],
      removeLabels: [],
      addAssignees: [],
      removeAssignees: [],
      patch: {},
    });
  });
});

describe("deadlines", () => {
  it("expects acknowledgement one response time after declaration", () => {
    expect(ackDue(state, config)).toBe("2026-11-25T12:05:00Z");
  });

  it("reads 'next business day' as the next working morning in the configured zone", () => {
    // 2026-11-27 is a Friday: the next business day is Monday.
    expect(responseDue(config, "sev4", "2026-11-27T15:00:00Z")).toBe("2026-11-30T09:00:00Z");
    expect(responseDue({ ...config, timeZone: "America/New_York" }, "sev4", "2026-11-25T15:00:00Z")).toBe(
      "2026-11-26T14:00:00Z",
    );
  });

  it("wants the next status update one cadence after the last, and none once resolved or for sev4", () => {
    expect(nextUpdateDue(state, config)).toBe("2026-11-25T12:15:00Z");
    expect(
      nextUpdateDue(
        {
          ...state,
          updates: [
            { source: "c", at: "2026-11-25T12:20:00Z", by: "bob", text: "x", phase: "fixing", severity: "sev1" },
          ],
        },
        config,
      ),
    ).toBe("2026-11-25T12:35:00Z");
    expect(nextUpdateDue({ ...state, phase: "resolved" }, config)).toBeUndefined();
    expect(nextUpdateDue({ ...state, severity: "sev4" }, config)).toBeUndefined();
  });
});
