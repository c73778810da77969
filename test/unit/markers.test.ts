import { joinBody, readLedger, readMarkers, renderLedger, renderMarker, splitBody } from "../../src/domain/markers.js";

describe("hidden markers", () => {
  it("round-trips data, and text cannot close the HTML comment early", () => {
    const marker = renderMarker("alert", { title: "a --> b <!-- c", n: 1 });
    expect(marker).not.toMatch(/-->.*-->/s);
    expect(readMarkers(`text ${marker} more`, "alert")).toEqual([{ title: "a --> b <!-- c", n: 1 }]);
    expect(readMarkers(marker, "reply")).toEqual([]);
  });

  it("ignores markers that do not parse", () => {
    expect(readMarkers("<!-- firebreak:alert {not json} -->", "alert")).toEqual([]);
  });
});

describe("the signed verdict ledger", () => {
  const verdicts = { c1: { ok: true as const }, e2: { ok: false as const, reason: "no" } };
  const ledger = renderLedger(verdicts, "acme/checkout#7", "key");

  it("reads back what the app signed", () => {
    expect(readLedger([ledger], "acme/checkout#7", "key")).toEqual(verdicts);
  });

  it("is worthless on another issue, with another key, or once edited", () => {
    expect(readLedger([ledger], "acme/checkout#8", "key")).toEqual({});
    expect(readLedger([ledger], "acme/checkout#7", "other")).toEqual({});
    expect(readLedger([ledger.replace('"e2":"no"', '"e2":1')], "acme/checkout#7", "key")).toEqual({});
  });
});

describe("the issue body", () => {
  it("keeps the reporter's text outside the dashboard and drops every dashboard block, forged ones too", () => {
    const body = joinBody("## Dashboard", "Reporter's words\n\nwith two paragraphs");
    expect(splitBody(body)).toEqual({ reporterText: "Reporter's words\n\nwith two paragraphs", dashboards: ["\n## Dashboard\n"] });
    const tampered = `${body}\n<!-- firebreak:dashboard:start -->forged<!-- firebreak:dashboard:end -->`;
    expect(splitBody(tampered).reporterText).toBe("Reporter's words\n\nwith two paragraphs");
  });

  it("leaves an unmatched start marker as the reporter's text", () => {
    expect(splitBody("hello <!-- firebreak:dashboard:start --> world").reporterText).toBe("hello <!-- firebreak:dashboard:start --> world");
  });
});
