import { defaultConfig } from "../../src/config/defaults.js";
import { escalationView, etaText, headlineView, mitigatedAt } from "../../src/render/headline.js";
import { incidentState } from "../support/incident-state.js";

const config = defaultConfig();
const update = {
  source: "c1500000007.0000000000000000",
  at: "2026-11-25T12:14:00Z",
  by: "bob",
  text: "Rolling back deploy 4211",
  eta: "30 minutes",
  phase: "fixing" as const,
  severity: "sev1" as const,
};

describe("what a responder reads first", () => {
  it("shows an ETA given as a span as the clock time it means, and any other ETA as typed", () => {
    expect(etaText("30 minutes", "2026-11-25T12:14:00Z", "UTC")).toBe("12:44 UTC (in 30 min)");
    expect(etaText("in 2h", "2026-11-25T23:30:00Z", "UTC")).toBe("2026-11-26 01:30 UTC (in 2 h)");
    expect(etaText("after the failover @acme/sre", "2026-11-25T12:14:00Z", "UTC")).toBe(
      "after the failover @\u200Bacme/sre",
    );
  });

  it("leads with the commander, the latest update (linked) and what is due next, soonest first", () => {
    const state = incidentState({
      lastActivityAt: "2026-11-25T12:14:00Z",
      acknowledged: undefined,
      declaration: { at: "2026-11-25T12:00:00Z", by: "alice", via: "command", severity: "sev1" },
      updates: [update],
    });
    const view = headlineView(state, config);
    expect(view.commander).toBe("@bob");
    expect(view.latestUpdate).toEqual({
      at: "12:14 UTC",
      link: "#issuecomment-1500000007",
      text: "Rolling back deploy 4211",
      eta: "12:44 UTC (in 30 min)",
    });
    expect(view.next).toEqual([
      "acknowledgement (`/ack`) ⚠️ overdue since 12:05 UTC",
      "escalation: Notify stakeholders 12:15 UTC",
      "status update (`/update`) 12:29 UTC",
    ]);
  });

  it("shows nothing as due, and no ETA, once resolved; never-due escalation steps have no time", () => {
    const state = incidentState({
      phase: "resolved",
      resolvedAt: "2026-11-25T12:07:00Z",
      acknowledged: { at: "2026-11-25T12:03:00Z", by: "bob" },
      declaration: { at: "2026-11-25T12:00:00Z", by: "alice", via: "command", severity: "sev1" },
      updates: [update],
      timeline: [{ at: "2026-11-25T12:06:00Z", kind: "phase", text: "Status: monitoring", source: "c9" }],
    });
    const view = headlineView(state, config);
    expect(view.next).toEqual([]);
    expect(view.latestUpdate?.eta).toBeUndefined();
    const escalation = escalationView(state, config);
    expect(escalation.collapsed).toBe(true);
    expect(escalation.steps.map((step) => step.due)).toEqual([
      "2026-11-25 12:00 UTC",
      "2026-11-25 12:05 UTC",
      "— (resolved first)",
      "— (resolved first)",
    ]);
    expect(mitigatedAt(state)).toBe("2026-11-25T12:06:00Z");
  });
});
