import { defaultConfig } from "../../src/config/defaults.js";
import type { IncidentState } from "../../src/domain/fold.js";
import { incidentState } from "../support/incident-state.js";
import { joinBody } from "../../src/domain/markers.js";
import { renderDashboard, renderReply, renderStatusUpdate } from "../../src/render/views.js";

const config = defaultConfig();
const state = incidentState({ impact: "EU checkout fails for @everyone" });

describe("rendered comments", () => {
  it("formats a status update like the runbook", () => {
    const update = { source: "c1", at: "2026-11-25T12:10:00Z", by: "bob", text: "Rolling back", eta: "12:40 UTC", phase: "identified" as const, severity: "sev1" as const, impact: state.impact, posted: false };
    expect(renderStatusUpdate(state, update, config)).toMatchInlineSnapshot(`
"**UPDATE: 12:10 UTC** · INC-2026-11-25-001 · sev1 Critical
**Status:** Identified
**Impact:** EU checkout fails for @​everyone
**Actions:** Rolling back
**ETA:** 12:40 UTC
**Next Update:** 12:25 UTC

<sub>Posted for @bob.</sub>
"
`);
  });

  it("explains each refused line once, with its usage", () => {
    const reply = renderReply("carol", [
      { line: 1, raw: "/sev 9", ok: false, message: 'Unknown severity "9".', usage: "/sev <1-4>" },
      { line: 2, raw: "/ack", ok: true },
    ], undefined);
    expect(reply).toMatchInlineSnapshot(`
"@carol I could not apply 1 of 2 commands:

- \`/sev 9\`: Unknown severity "9". Usage: \`/sev <1-4>\`
"
`);
  });
});

describe("the dashboard", () => {
  it("stays within GitHub's 65,536-character body limit for a very long incident", () => {
    const long: IncidentState = {
      ...state,
      timeline: Array.from({ length: 2_000 }, (_, i) => ({ at: "2026-11-25T12:10:00Z", kind: "note" as const, text: `Note number ${i} with some detail about what we saw`, actor: "alice", source: `c${i}` })),
    };
    const body = joinBody(renderDashboard(long, config), "Reporter text");
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain("_1850 earlier entries are not shown");
  });
});
