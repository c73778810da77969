import { defaultConfig } from "../../src/config/defaults.js";
import {
  contactHandles,
  escalationContacts,
  nextHandOff,
  onCallPrimaryLogin,
  onCallShift,
} from "../../src/domain/on-call.js";
import { addMs } from "../../src/domain/time.js";

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
    expect(nextHandOff(defaultConfig(), "2026-11-10T10:00:00Z")).toBeUndefined();
    expect(onCallPrimaryLogin(defaultConfig(), "2026-11-10T10:00:00Z")).toBeUndefined();
  });
});

/** A rota of one row per week, numbered, starting on `startsOn` in `timeZone`. */
function rota(timeZone: string, startsOn: string) {
  const c = defaultConfig();
  c.timeZone = timeZone;
  c.onCall.startsOn = startsOn;
  c.onCall.schedule = [{ primary: "week-one" }, { primary: "week-two" }, { primary: "week-three" }];
  return c;
}

describe("hand-offs at local midnight, across daylight-saving changes", () => {
  // Each case: the rota's zone and first Monday, and the local midnight (as UTC) the clock change falls before.
  const cases = [
    // Berlin springs forward on Sunday 2026-03-29: the week of 23 March is 167 hours long.
    ["Europe/Berlin", "2026-03-23", "2026-03-29T22:00:00Z", "week-one", "week-two"],
    // Berlin falls back on Sunday 2026-10-25: the week of 19 October is 169 hours long.
    ["Europe/Berlin", "2026-10-19", "2026-10-25T23:00:00Z", "week-one", "week-two"],
    // New York springs forward on Sunday 2026-03-08 (EST → EDT).
    ["America/New_York", "2026-03-02", "2026-03-09T04:00:00Z", "week-one", "week-two"],
    // New York falls back on Sunday 2026-11-01 (EDT → EST); two weeks in, so row 2 hands to row 3.
    ["America/New_York", "2026-10-19", "2026-11-02T05:00:00Z", "week-two", "week-three"],
  ] as const;

  it.each(cases)("in %s from %s, hands off at %s (local midnight)", (zone, startsOn, handOff, before, after) => {
    const c = rota(zone, startsOn);
    const justBefore = addMs(handOff, -1000);
    expect(nextHandOff(c, justBefore)).toEqual({ at: handOff, shift: { primary: after } });
    expect(onCallShift(c, justBefore)?.primary).toBe(before);
    expect(onCallShift(c, handOff)?.primary).toBe(after);
    expect(onCallShift(c, addMs(handOff, 1000))?.primary).toBe(after);
  });

  it("counts an instant by its local date: 23:30 UTC on a Sunday is already Monday in Berlin", () => {
    const c = rota("Europe/Berlin", "2026-11-02");
    expect(onCallShift(c, "2026-11-08T22:59:59Z")?.primary).toBe("week-one");
    expect(onCallShift(c, "2026-11-08T23:30:00Z")?.primary).toBe("week-two");
    expect(nextHandOff(c, "2026-11-02T12:00:00Z")?.at).toBe("2026-11-08T23:00:00Z");
  });

  it("starts row 1 at local midnight of startsOn, and before it counts weeks backwards", () => {
    const c = rota("America/New_York", "2026-03-02");
    expect(onCallShift(c, "2026-03-02T04:59:59Z")?.primary).toBe("week-three");
    expect(onCallShift(c, "2026-03-02T05:00:00Z")?.primary).toBe("week-one");
    expect(nextHandOff(c, "2026-03-02T04:59:59Z")?.at).toBe("2026-03-02T05:00:00Z");
  });
});

describe("the escalation path", () => {
  it("lists whom each contact of the path means now, in order, each once", () => {
    const c = structuredClone(config);
    c.contacts["on-call-secondary"]!.github = ["alice"];
    c.contacts["engineering-manager"]!.github = ["@frank"];
    c.contacts.cto!.github = ["@acme/cto-office"];
    expect(escalationContacts(c, "2026-11-03T10:00:00Z")).toEqual([
      "@alice",
      "@bob",
      "@carol",
      "@frank",
      "@acme/cto-office",
    ]);
    expect(escalationContacts(c, "2026-11-10T10:00:00Z")).toEqual([
      "@dave",
      "@erin",
      "@alice",
      "@frank",
      "@acme/cto-office",
    ]);
  });

  it("is empty when nobody is configured", () => {
    expect(escalationContacts(defaultConfig(), "2026-11-03T10:00:00Z")).toEqual([]);
  });
});

describe("the on-call primary as a commander", () => {
  it("is a login without the @, and never a team", () => {
    expect(onCallPrimaryLogin(config, "2026-11-10T10:00:00Z")).toBe("dave");
    const teams = structuredClone(config);
    teams.onCall.schedule = [{ primary: "@acme/sre" }];
    expect(onCallPrimaryLogin(teams, "2026-11-10T10:00:00Z")).toBeUndefined();
  });
});
