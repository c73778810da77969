import type { IncidentConfig } from "../../src/config/schema.js";
import { defaultConfig } from "../../src/config/defaults.js";
import { renderOnCallMarkdown } from "../../src/render/on-call.js";
import { renderReply } from "../../src/render/views.js";

const ZWSP = "\u200B";
/** The reply as people read it: zero-width spaces shown as `‹zwsp›` so a snapshot says where they are. */
const shown = (text: string) => text.replaceAll(ZWSP, "‹zwsp›");

function rota(change: (config: IncidentConfig) => void = () => undefined): IncidentConfig {
  const config = defaultConfig();
  config.timeZone = "Europe/Berlin";
  config.onCall.startsOn = "2026-10-19";
  config.onCall.schedule = [
    { primary: "alice", secondary: "@bob", escalation: "carol" },
    { primary: "dave", escalation: "@acme/leads" },
  ];
  change(config);
  return config;
}

describe("the /oncall answer", () => {
  it("says who is on call now and after the next hand-off, at local midnight in the configured zone", () => {
    expect(shown(renderOnCallMarkdown(rota(), "2026-10-21T09:00:00Z"))).toMatchInlineSnapshot(`
"**On call** (weekly rota; next hand-off 2026-10-26 00:00 GMT+1)

| | Now | From 2026-10-26 00:00 GMT+1 |
| --- | --- | --- |
| Primary | @‹zwsp›alice | @‹zwsp›dave |
| Secondary | @‹zwsp›bob | — |
| Escalation | @‹zwsp›carol | @‹zwsp›acme/leads |

Escalation path now: @‹zwsp›alice → @‹zwsp›bob → @‹zwsp›carol"
`);
  });

  it("shows the hand-off in the zone's time on that day: after the spring change, in summer time", () => {
    const answer = renderOnCallMarkdown(rota(), "2026-03-25T09:00:00Z");
    expect(answer).toContain("next hand-off 2026-03-30 00:00 GMT+2");
  });

  it("answers the last second of a shift with the hand-off one second later", () => {
    const answer = renderOnCallMarkdown(rota(), "2026-10-25T22:59:59Z");
    expect(answer).toContain("| Primary | @\u200Balice | @\u200Bdave |");
    expect(renderOnCallMarkdown(rota(), "2026-10-25T23:00:00Z")).toContain("| Primary | @\u200Bdave | @\u200Balice |");
  });

  it("mentions nobody: every handle, the fixed contacts' included, is defused", () => {
    const config = rota((c) => {
      c.contacts["engineering-manager"]!.github = ["@erin"];
    });
    const answer = renderOnCallMarkdown(config, "2026-10-21T09:00:00Z");
    expect(answer).toContain(`@${ZWSP}erin`);
    expect(answer).not.toMatch(/@(?!\u200B)/);
  });

  it("says when no rota is configured, and where to add one", () => {
    expect(renderOnCallMarkdown(defaultConfig(), "2026-10-21T09:00:00Z")).toBe(
      "**On call:** no rota is configured. Add weekly rows (`primary`, `secondary`, `escalation`) to `onCall.schedule` in `.github/incident.yml`.",
    );
  });

  it("still lists the on-call contacts' fixed handles without a rota", () => {
    const config = defaultConfig();
    config.contacts["on-call-primary"]!.github = ["@acme/sre"];
    expect(shown(renderOnCallMarkdown(config, "2026-10-21T09:00:00Z"))).toContain(
      "no rota is configured. Add weekly rows (`primary`, `secondary`, `escalation`) to `onCall.schedule` in `.github/incident.yml`.\n\nEscalation path now: @‹zwsp›acme/sre",
    );
  });

  it("follows the reply's greeting, after any refusals", () => {
    const reply = renderReply(
      "carol",
      [
        { line: 1, raw: "/oncall", ok: true, command: { name: "oncall" } },
        { line: 2, raw: "/sev 9", ok: false, message: "Unknown severity.", usage: "/sev <1-4>" },
      ],
      { onCall: "**On call:** nobody" },
    );
    expect(reply).toBe(
      "@carol I could not apply 1 of 2 commands:\n\n- `/sev 9`: Unknown severity. Usage: `/sev <1-4>`\n\n**On call:** nobody\n",
    );
  });
});
