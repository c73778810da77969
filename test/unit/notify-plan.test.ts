import { describe, expect, it } from "@jest/globals";
import { parseIncidentConfig } from "../../src/config/parse.js";
import type { Effect } from "../../src/pipeline/effects.js";
import { planNotifications } from "../../src/pipeline/notify-plan.js";
import { incidentState } from "../support/incident-state.js";

const config = (channels: unknown[]) => {
  const parsed = parseIncidentConfig({ notifications: { channels } }, ".github/incident.yml");
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.config;
};
const issue = { number: 7, url: "https://github.com/acme/checkout/issues/7", now: "2026-11-25T13:00:00Z" };
const at = "2026-11-25T12:30:00Z";
const state = incidentState({
  timeline: [
    { at: "2026-11-25T12:00:00Z", kind: "declared", text: "Incident declared (sev1)", source: "c1" },
    { at, kind: "severity", text: "Severity sev2 → sev1", source: "c2" },
  ],
  updates: [{ source: "c3", at, by: "alice", text: "Rolled back", phase: "identified", severity: "sev1" }],
});
const escalation: Effect = {
  kind: "comment",
  key: "escalate:sev1:1",
  recordKind: "escalation",
  record: { keys: ["escalate:sev1:1"] },
  body: "@acme/leads paged",
  claim: true,
};
const keys = (effects: Effect[]) => effects.map((effect) => effect.key);

describe("planNotifications", () => {
  it("tells each channel what is new in this run, keyed by channel and event", () => {
    const effects = planNotifications(
      state,
      config([{ name: "feed", type: "json", url_env: "FEED_URL" }]),
      { declared: false, sources: new Set(["c2", "c3"]) },
      issue,
      [escalation],
    );
    expect(keys(effects)).toEqual(["notify:feed:severity:c2", "notify:feed:update:c3", "notify:feed:escalate:sev1:1"]);
    const message = (effects[2] as Effect & { kind: "notify" }).message;
    expect(message).toMatchObject({
      event: "escalation",
      text: "Escalation step 2 of the sev1 policy is due.",
      time: issue.now,
    });
  });

  it("tells nothing about inputs judged by an earlier run (a redelivery)", () => {
    const channels = config([{ name: "feed", type: "json", url_env: "FEED_URL" }]);
    expect(planNotifications(state, channels, { declared: false, sources: new Set() }, issue, [])).toEqual([]);
  });

  it("keeps to a channel's events and severities", () => {
    const channels = config([
      { name: "majors", type: "slack", url_env: "A", severities: ["sev1"], events: ["declared", "escalation"] },
      { name: "minors", type: "teams", url_env: "B", severities: ["sev3", "sev4"] },
    ]);
    const fresh = { declared: true, sources: new Set(["c1", "c2", "c3"]) };
    expect(keys(planNotifications(state, channels, fresh, issue, [escalation]))).toEqual([
      "notify:majors:declared",
      "notify:majors:escalate:sev1:1",
    ]);
  });

  it("rejects a channel whose URL would be written in the repository", () => {
    expect(() => config([{ name: "x", type: "slack", url: "https://hooks.slack.com/services/T/B/X" }])).toThrow();
    expect(() => config([{ name: "x", type: "slack", url_env: "https://hooks.slack.com/services/T/B/X" }])).toThrow(
      /environment variable name/,
    );
  });
});
