import { MISSING_SIGNING_KEY, signingKeysFrom } from "../../src/index.js";

describe("the signing key", () => {
  it("is required: the app refuses to start without one, saying what to set", () => {
    expect(() => signingKeysFrom({}, { WEBHOOK_SECRET: "hook" })).toThrow(MISSING_SIGNING_KEY);
    expect(() => signingKeysFrom({}, { FIREBREAK_SIGNING_KEY: "  " })).toThrow(/FIREBREAK_SIGNING_KEY/);
  });

  it("never defaults to, or equals, the webhook secret", () => {
    expect(() => signingKeysFrom({}, { WEBHOOK_SECRET: "same", FIREBREAK_SIGNING_KEY: "same" })).toThrow(
      /is the webhook secret/,
    );
  });

  it("accepts previous keys for reading while it is rotated", () => {
    expect(
      signingKeysFrom({}, { FIREBREAK_SIGNING_KEY: "new", FIREBREAK_SIGNING_KEY_PREVIOUS: "old, older,,new" }),
    ).toEqual({ current: "new", previous: ["old", "older"] });
    expect(signingKeysFrom({ signingKey: "given", previousSigningKeys: ["x"] }, {})).toEqual({
      current: "given",
      previous: ["x"],
    });
  });
});
