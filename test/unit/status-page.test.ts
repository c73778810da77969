import { parseIncidentConfig } from "../../src/config/parse.js";
import type { IncidentConfig } from "../../src/config/schema.js";
import type { IncidentFacts } from "../../src/domain/incident-facts.js";
import { publicView, renderStatusPage, statusDocument } from "../../src/status-page/render.js";

function config(): IncidentConfig {
  const parsed = parseIncidentConfig(
    {
      statusPage: {
        publish: true,
        components: [
          { name: "Checkout", types: ["service-outage"] },
          { name: "Search", types: ["degraded-performance"] },
        ],
      },
      types: { security: { sensitive: true } },
    },
    "test",
  );
  if (!parsed.ok) throw parsed.error;
  return parsed.config;
}

const NOW = "2026-12-01T12:00:00.000Z";
const fact = (over: Partial<IncidentFacts> & { number: number }): IncidentFacts => ({
  title: `Incident ${over.number}`,
  severity: "sev2",
  declared: "2026-11-30T10:00:00.000Z",
  falsePositive: false,
  items: [],
  ...over,
});

const FACTS: IncidentFacts[] = [
  fact({
    number: 1,
    id: "INC-2026-11-30-001",
    title: `Checkout <script>alert("x")</script> & "pay" down`,
    severity: "sev1",
    type: "service-outage",
    phase: "identified",
    started: "2026-11-30T09:50:00.000Z",
    publicUpdate: { at: "2026-11-30T10:30:00.000Z", text: "Payments recover; thanks @alice and @acme/sre" },
  }),
  fact({
    number: 2,
    id: "INC-2026-11-20-001",
    title: "Search slow",
    type: "degraded-performance",
    declared: "2026-11-20T08:00:00.000Z",
    resolved: "2026-11-20T09:00:00.000Z",
    phase: "resolved",
  }),
  fact({
    number: 3,
    id: "INC-2026-11-29-001",
    title: "Leaked credentials in bucket",
    type: "security",
    severity: "sev1",
  }),
  fact({ number: 4, id: "INC-2026-11-28-001", title: "Probe noise", falsePositive: true }),
  fact({
    number: 5,
    id: "INC-2026-07-01-001",
    title: "Old outage",
    declared: "2026-07-01T08:00:00.000Z",
    resolved: "2026-07-01T09:00:00.000Z",
  }),
];

describe("the status page", () => {
  it("derives each component's state from the active incidents of its types", () => {
    const doc = statusDocument(FACTS, config(), NOW);
    expect(doc.components).toEqual([
      { name: "Checkout", status: "major_outage", description: "Major outage" },
      { name: "Search", status: "operational", description: "Operational" },
    ]);
    expect(doc.status.indicator).toBe("major_outage");
    expect(doc.active.map((i) => i.id)).toEqual(["INC-2026-11-30-001"]);
    expect(doc.active[0]).toMatchObject({ phase: "identified", severity: "sev1", started: "2026-11-30T09:50:00.000Z" });
    // The last 90 days, newest first; older, sensitive and false-positive incidents are left out.
    expect(doc.recent.map((i) => i.id)).toEqual(["INC-2026-11-30-001", "INC-2026-11-20-001"]);
    expect(doc.updated).toBe("2026-11-30T10:30:00.000Z");
  });

  it("shows only public text: no sensitive incidents, no people, titles escaped", () => {
    const files = renderStatusPage(FACTS, config(), { now: NOW, name: "checkout" });
    for (const text of Object.values(files)) {
      expect(text).not.toContain("Leaked credentials");
      expect(text).not.toContain("Probe noise");
      expect(text).not.toContain("Old outage");
      expect(text).not.toMatch(/@alice|@acme\/sre|\balice\b/);
      expect(text).toContain("Payments recover");
    }
    expect(files["index.html"]).not.toContain("<script>");
    expect(files["index.html"]).toContain(
      "Checkout &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;pay&quot; down",
    );
    expect(files["index.html"]).toMatch(/<h1>checkout status<\/h1>/);
    expect(files["index.html"]).toContain("✕ Major outage");
    expect(files["STATUS.md"]).not.toContain("<script>");
    expect(JSON.parse(files["status.json"]).active[0].title).toBe(`Checkout <script>alert("x")</script> & "pay" down`);
  });

  it("renders the same bytes for the same facts whatever the time, within the window", () => {
    const a = renderStatusPage(FACTS, config(), { now: NOW, name: "checkout" });
    const b = renderStatusPage(FACTS, config(), { now: "2026-12-02T12:00:00.000Z", name: "checkout" });
    expect(b).toEqual(a);
    const calm = statusDocument([], config(), NOW);
    expect(calm.status.description).toBe("All systems operational");
    expect(calm.updated).toBeNull();
  });

  describe("an incident's public view", () => {
    const open = FACTS[0] as IncidentFacts;
    it("changes with what the page shows: severity, phase, the public update, resolution", () => {
      const changes: Partial<IncidentFacts>[] = [
        { severity: "sev2" },
        { phase: "monitoring", mitigated: "2026-11-30T11:00:00.000Z" },
        { publicUpdate: { at: "2026-11-30T11:00:00.000Z", text: "Fixed" } },
        { resolved: "2026-11-30T12:00:00.000Z" },
        { type: "degraded-performance" },
      ];
      for (const change of changes)
        expect(publicView({ ...open, ...change }, config())).not.toBe(publicView(open, config()));
    });

    it("stays the same for what the page never shows: acknowledgement, action items, the post-mortem", () => {
      const internal = {
        ...open,
        acknowledged: "2026-11-30T10:05:00.000Z",
        items: [{ number: 9, closedByPull: false }],
        postmortem: { due: "2026-12-07T10:00:00.000Z" },
      };
      expect(publicView(internal, config())).toBe(publicView(open, config()));
    });

    it("is nothing for a sensitive incident or a false positive, before and after any change", () => {
      const sensitive = FACTS[2] as IncidentFacts;
      expect(publicView(sensitive, config())).toBeUndefined();
      expect(publicView({ ...sensitive, severity: "sev3" }, config())).toBeUndefined();
      expect(publicView({ ...open, falsePositive: true }, config())).toBeUndefined();
    });
  });
});
