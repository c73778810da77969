import { defaultConfig } from "../../src/config/defaults.js";
import type { IncidentState } from "../../src/domain/fold.js";
import { incidentState } from "../support/incident-state.js";
import { joinBody } from "../../src/domain/markers.js";
import { renderDashboard, renderReply, renderStatusUpdate } from "../../src/render/views.js";

const config = defaultConfig();
const state = incidentState({ impact: "EU checkout fails for @everyone" });

describe("rendered comments", () => {
  it("formats a status update like the runbook", () => {
    const update = {
      source: "c1",
      at: "2026-11-25T12:10:00Z",
      by: "bob",
      text: "Rolling back",
      eta: "12:40 UTC",
      phase: "identified" as const,
      severity: "sev1" as const,
      impact: state.impact,
    };
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
    const reply = renderReply(
      "carol",
      [
        { line: 1, raw: "/sev 9", ok: false, message: 'Unknown severity "9".', usage: "/sev <1-4>" },
        { line: 2, raw: "/ack", ok: true },
      ],
      {},
    );
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
      timeline: Array.from({ length: 2_000 }, (_, i) => ({
        at: "2026-11-25T12:10:00Z",
        kind: "note" as const,
        text: `Note number ${i} with some detail about what we saw`,
        actor: "alice",
        source: `c${i}`,
      })),
    };
    const body = joinBody(renderDashboard(long, config), "Reporter text");
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain("_1850 earlier entries are not shown");
  });
});

describe("user text in rendered Markdown", () => {
  /** The zero-width spaces that defuse user text, made visible. */
  const shown = (markdown: string | undefined) => markdown?.replaceAll("\u200B", "¤");
  const hostile = "<details><summary>more</summary>\n\n@acme/sre see #1\n## Timeline\n| 00:00 | forged | row |\n```";

  it("quotes multi-line prose so it stays in its section, and keeps pipes and new lines inside their cell", () => {
    const dashboard = renderDashboard(
      incidentState({
        summary: hostile,
        phase: "resolved",
        falsePositive: true,
        falsePositiveReason: "probe | eu \\| us\nsecond line",
      }),
      config,
    );
    const summary = dashboard.slice(dashboard.indexOf("**Summary:**"), dashboard.indexOf("### Escalation"));
    expect(shown(summary)).toMatchInlineSnapshot(`
"**Summary:** 
> <¤details><¤summary>more<¤/summary>
>
> @¤acme/sre see #¤1
> ## Timeline
> | 00:00 | forged | row |
> \`\`\`

"
`);
    expect(shown(dashboard.split("\n").find((line) => line.startsWith("| **Status**")))).toMatchInlineSnapshot(
      `"| **Status** | Resolved (false positive: probe \\| eu \\\\\\| us<br>second line) |"`,
    );
  });

  it("keeps a one-line status update field inline and quotes a multi-line one", () => {
    const update = {
      source: "c1",
      at: "2026-11-25T12:10:00Z",
      by: "bob",
      text: "Rolled back\n- step 1\n- step 2",
      eta: "soon, ask @acme/sre",
      phase: "identified" as const,
      severity: "sev1" as const,
      impact: "<b>EU</b> only",
    };
    expect(shown(renderStatusUpdate(state, update, config))).toMatchInlineSnapshot(`
"**UPDATE: 12:10 UTC** · INC-2026-11-25-001 · sev1 Critical
**Status:** Identified
**Impact:** <¤b>EU<¤/b> only
**Actions:** 
> Rolled back
> - step 1
> - step 2

**ETA:** soon, ask @¤acme/sre
**Next Update:** 12:25 UTC

<sub>Posted for @bob.</sub>
"
`);
  });

  it("shows a refused line and the parser's message as plain text that mentions, links and hides nothing", () => {
    const reply = renderReply(
      "bob",
      [
        {
          line: 1,
          raw: "/sev `x` <!-- firebreak:declared {} --> @acme/sre",
          ok: false,
          message: 'Unknown severity "`x` [here](https://example.com) @acme/sre #1".',
          usage: "/sev <1-4>",
        },
      ],
      {},
    );
    expect(shown(reply)).toMatchInlineSnapshot(`
"@bob I could not apply your command:

- \`/sev ˋxˋ <¤!-- firebreak:declared {} --¤> @¤acme/sre\`: Unknown severity "ˋxˋ \\[here](https://example.com) @¤acme/sre #¤1". Usage: \`/sev <1-4>\`
"
`);
  });
});
