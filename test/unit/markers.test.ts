import {
  joinBody,
  loadVerdicts,
  readEmbeddedRecords,
  readTrailingRecord,
  renderRecord,
  splitBody,
  storeVerdicts,
  withoutTrailingRecord,
} from "../../src/domain/markers.js";

const keys = { current: "key", previous: [] };
const scope = "acme/checkout#7";

describe("the app's records", () => {
  it("round-trip data, and text inside them cannot close the HTML comment early", () => {
    const record = renderRecord("alert", { title: "a --> b <!-- c", n: 1 }, scope, keys);
    expect(record.slice(0, -4)).not.toContain("-->");
    expect(readTrailingRecord(`visible text\n${record}\n`, scope, keys)).toEqual({
      kind: "alert",
      data: { title: "a --> b <!-- c", n: 1 },
    });
  });

  it("are read only from the last line of a comment: a record quoted earlier in the text is not one", () => {
    const record = renderRecord("declared", { id: "INC-2026-11-25-001" }, scope, keys);
    expect(readTrailingRecord(`${record}\nand then some words`, scope, keys)).toBeUndefined();
    expect(readTrailingRecord(`quoted: \`${record}\``, scope, keys)).toBeUndefined();
  });

  it("are worthless on another issue, of another kind, with another key, or once edited", () => {
    const record = renderRecord("reply", { source: "c1.abc", refusals: {} }, scope, keys);
    expect(readTrailingRecord(record, "acme/checkout#8", keys)).toBeUndefined();
    expect(readTrailingRecord(record.replace("firebreak:reply", "firebreak:declared"), scope, keys)).toBeUndefined();
    expect(readTrailingRecord(record, scope, { current: "other", previous: [] })).toBeUndefined();
    expect(readTrailingRecord(record.replace("c1.abc", "c2.abc"), scope, keys)).toBeUndefined();
    expect(
      readTrailingRecord("<!-- firebreak:alert {not json} 0123456789abcdef0123456789abcdef -->", scope, keys),
    ).toBeUndefined();
  });

  it("written with the previous key are still read while the key is rotated", () => {
    const old = renderRecord("update", { source: "c1.abc" }, scope, { current: "old", previous: [] });
    expect(readTrailingRecord(old, scope, { current: "new", previous: ["old"] })?.data).toEqual({ source: "c1.abc" });
    expect(readTrailingRecord(old, scope, { current: "new", previous: [] })).toBeUndefined();
  });

  it("are found in an issue the app opened, wherever writers moved them, up to a bound", () => {
    const record = renderRecord("alert", { dedupKey: "k" }, "acme/checkout", keys);
    expect(
      readEmbeddedRecords(`Summary\n\n${record}\n\nA note a writer added`, "alert", "acme/checkout", keys),
    ).toEqual([{ dedupKey: "k" }]);
    expect(
      readEmbeddedRecords(`${"<!-- firebreak:alert {} x -->".repeat(50)}${record}`, "alert", "acme/checkout", keys),
    ).toEqual([]);
  });

  it("ignore long text full of half-records (bench/run.ts measures that reading stays linear)", () => {
    const bait = "<!-- firebreak:declared {".repeat(4_000);
    expect(readTrailingRecord(`${bait}\nplain`, scope, keys)).toBeUndefined();
    expect(readTrailingRecord(`plain\n${bait} -->`, scope, keys)).toBeUndefined();
    expect(readEmbeddedRecords(`${bait} -->`, "declared", scope, keys)).toEqual([]);
  });

  it("can be taken off an app comment to rewrite it", () => {
    const record = renderRecord("declared", { id: "INC-2026-11-25-001" }, scope, keys);
    expect(withoutTrailingRecord(`Declared!\n\nNext: /ack\n${record}\n`)).toBe("Declared!\n\nNext: /ack");
    expect(withoutTrailingRecord("no record here")).toBe("no record here");
  });
});

describe("stored verdicts", () => {
  it("keep accepted and refused compactly, a refusal as its code, and ignore anything else", () => {
    const stored = storeVerdicts({
      c1: { ok: true },
      e2: { ok: false, reason: "no", code: "held:read" },
      e3: { ok: false, reason: "no", code: "target:octocat" },
    });
    expect(stored).toEqual({ c1: 1, e2: "held:read", e3: "target:octocat" });
    expect(loadVerdicts({ ...stored, e4: "yes", e5: 2, e6: 0, e7: "held:<b>" })).toEqual({ ...stored, e6: "earlier" });
    expect(loadVerdicts(["c1"])).toEqual({});
  });
});

describe("the issue body", () => {
  it("keeps the reporter's text outside the dashboard and drops every dashboard block, forged ones too", () => {
    const body = joinBody("## Dashboard", "Reporter's words\n\nwith two paragraphs");
    expect(splitBody(body)).toEqual({
      reporterText: "Reporter's words\n\nwith two paragraphs",
      dashboards: ["\n## Dashboard\n"],
    });
    const tampered = `${body}\n<!-- firebreak:dashboard:start -->forged<!-- firebreak:dashboard:end -->`;
    expect(splitBody(tampered).reporterText).toBe("Reporter's words\n\nwith two paragraphs");
  });

  it("leaves an unmatched start marker as the reporter's text", () => {
    expect(splitBody("hello <!-- firebreak:dashboard:start --> world").reporterText).toBe(
      "hello <!-- firebreak:dashboard:start --> world",
    );
  });
});
