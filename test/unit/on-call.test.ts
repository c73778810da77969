import { defaultConfig } from "../../src/config/defaults.js";
import { contactHandles, onCallShift } from "../../src/domain/on-call.js";

const config = defaultConfig();
config.onCall.startsOn = "2026-11-02";
config.onCall.schedule = [
  { primary: "alice", secondary: "bob", escalation: "carol" },
  { primary: "@dave", secondary: "erin" },
];
config.contacts.management!.github = ["@acme/leadership"];

describe("the on-call rota", () => {
  it("starts with row 1 on startsOn and repeats its rows week by week", () => {
    expect(onCallShift(config, "2026-11-02T00:00:00Z")?.primary).toBe("alice");
    expect(onCallShift(config, "2026-11-09T08:00:00Z")?.primary).toBe("@dave");
    expect(onCallShift(config, "2026-11-25T12:00:00Z")?.primary).toBe("@dave");
    expect(onCallShift(config, "2026-11-16T00:00:00Z")?.primary).toBe("alice");
    expect(onCallShift(config, "2026-10-30T00:00:00Z")?.primary).toBe("@dave");
  });

  it("resolves contact keys to this week's people and the fixed handles", () => {
    expect(contactHandles(config, "on-call-primary", "2026-11-03T10:00:00Z")).toEqual(["@alice"]);
    expect(contactHandles(config, "team-lead", "2026-11-03T10:00:00Z")).toEqual(["@carol"]);
    expect(contactHandles(config, "team-lead", "2026-11-10T10:00:00Z")).toEqual([]);
    expect(contactHandles(config, "management", "2026-11-10T10:00:00Z")).toEqual(["@acme/leadership"]);
  });

  it("has nobody on call without a rota", () => {
    expect(contactHandles(defaultConfig(), "on-call-primary", "2026-11-10T10:00:00Z")).toEqual([]);
  });
});
