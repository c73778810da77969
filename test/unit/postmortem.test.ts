import { defaultConfig } from "../../src/config/defaults.js";
import type { ActionItem } from "../../src/domain/action-items.js";
import type { IncidentState, TimelineEntry } from "../../src/domain/fold.js";
import { TemplateError } from "../../src/render/environment.js";
import { assessPostmortem } from "../../src/postmortem/assess.js";
import { parseDocument, refreshDocument } from "../../src/postmortem/blocks.js";
import { postmortemFacts, type PostmortemInput } from "../../src/postmortem/facts.js";
import { renderPostmortem, renderPullBody } from "../../src/postmortem/render.js";
import { incidentState } from "../support/incident-state.js";

const config = defaultConfig();
const entry = (at: string, kind: TimelineEntry["kind"], text: string, actor = "bob"): TimelineEntry => ({
  at: `2026-11-25T${at}:00Z`,
  kind,
  text,
  actor,
  source: `c${at.replace(":", "")}.d`,
});

/** A sev1 outage, resolved after an hour, with two action items. */
function resolvedSev1(overrides: Partial<IncidentState> = {}): IncidentState {
  return incidentState({
    phase: "resolved",
    type: "service-outage",
    startedAt: "2026-11-25T11:50:00Z",
    detectedAt: "2026-11-25T11:55:00Z",
    acknowledged: { at: "2026-11-25T12:03:00Z", by: "bob" },
    resolvedAt: "2026-11-25T13:00:00Z",
    roles: { commander: "bob", tech: "carol" },
    summary: "Checkout returned 500 for every EU customer",
    impact: "All EU checkouts failed",
    rootCause: "A config push emptied the payment provider's key",
    updates: [
      {
        source: "c4242.d",
        at: "2026-11-25T12:15:00Z",
        by: "dave",
        text: "Rolling back",
        phase: "fixing",
        severity: "sev1",
      },
    ],
    timeline: [
      entry("12:00", "declared", "Declared sev1", "alice"),
      entry("12:03", "ack", "Acknowledged"),
      entry("12:10", "phase", "Status: fixing"),
      entry("12:15", "update", "Status update"),
      entry("12:30", "phase", "Status: monitoring"),
      entry("13:00", "phase", "Resolved"),
    ],
    ...overrides,
  });
}

const items: ActionItem[] = [
  {
    number: 31,
    title: "Validate keys before a config push",
    owner: "carol",
    due: "2026-12-02T13:00:00Z",
    state: "open",
    askedBy: "bob",
    linked: false,
  },
  { number: 32, title: "Alert on checkout 500s", state: "closed", closedByPull: 40, askedBy: "bob", linked: false },
];

function input(overrides: Partial<PostmortemInput> = {}): PostmortemInput {
  return {
    state: resolvedSev1(),
    config,
    issueNumber: 7,
    issueUrl: "https://github.com/acme/shop/issues/7",
    repoFullName: "acme/shop",
    actionItems: items,
    now: "2026-11-26T09:00:00Z",
    ...overrides,
  };
}

const render = (overrides: Partial<PostmortemInput> = {}) => renderPostmortem(postmortemFacts(input(overrides)));
const blockOf = (doc: string, name: string) =>
  parseDocument(doc).find((segment) => segment.kind === "block" && segment.name === name);

describe("post-mortem facts", () => {
  const facts = postmortemFacts(input());

  it("summarises the incident: id, severity, type, duration from impact start, the file it goes in", () => {
    expect(facts).toMatchObject({
      id: "INC-2026-11-25-001",
      file: "postmortems/INC-2026-11-25-001.md",
      severity: "sev1 — Critical",
      type: "Service outage",
      duration: "1 h 10 min",
    });
  });

  it("times detection and response, mitigation being the first move to monitoring", () => {
    expect(facts.moments.map((moment) => [moment.name, moment.at, moment.sinceDetection])).toEqual([
      ["Impact started", "2026-11-25 11:50 UTC", "-5 min"],
      ["Detected", "2026-11-25 11:55 UTC", "0 s"],
      ["Declared", "2026-11-25 12:00 UTC", "5 min"],
      ["Acknowledged", "2026-11-25 12:03 UTC", "8 min"],
      ["Mitigated (monitoring)", "2026-11-25 12:30 UTC", "35 min"],
      ["Resolved", "2026-11-25 13:00 UTC", "1 h 5 min"],
    ]);
    expect(facts.intervals.map((interval) => interval.took)).toEqual([
      "5 min",
      "5 min",
      "3 min",
      "35 min",
      "1 h 5 min",
    ]);
  });

  it("lists action items with link, owner, deadline and status, and marks overdue ones", () => {
    expect(facts.actionItems).toEqual([
      expect.objectContaining({
        link: "[#31](https://github.com/acme/shop/issues/31)",
        owner: "@\u200Bcarol",
        deadline: "2026-12-02 13:00 UTC",
        status: "open",
        overdue: false,
      }),
      expect.objectContaining({
        owner: "unowned",
        deadline: "no deadline",
        status: "closed by [#40](https://github.com/acme/shop/pull/40)",
      }),
    ]);
    const late = postmortemFacts(input({ now: "2026-12-03T00:00:00Z" }));
    expect(late.actionItems[0]).toMatchObject({ status: "open, ⚠️ overdue", overdue: true });
  });

  it("dates the post-mortem and the milestones from resolution, overdue once now is past them", () => {
    expect(facts.postmortemDue).toEqual({ within: "48h", due: "2026-11-27 13:00 UTC", overdue: false });
    expect(facts.milestones.map((m) => [m.name, m.due, m.overdue])).toEqual([
      ["Initial post-mortem meeting", "2026-11-26 13:00 UTC", false],
      ["Detailed analysis complete", "2026-12-02 13:00 UTC", false],
      ["Preventive measures implemented", "2026-12-25 13:00 UTC", false],
    ]);
    expect(postmortemFacts(input({ now: "2026-11-26T14:00:00Z" })).milestones[0]?.overdue).toBe(true);
  });

  it("links status updates to their comments and names the reviewers' roles", () => {
    expect(facts.updates).toEqual([
      { at: "2026-11-25 12:15 UTC", by: "@\u200Bdave", url: "https://github.com/acme/shop/issues/7#issuecomment-4242" },
    ]);
    expect(facts.reviewers.map((r) => [r.name, r.login])).toEqual([
      ["Incident commander", "bob"],
      ["Technical lead", "carol"],
    ]);
  });
});

describe("the rendered post-mortem", () => {
  const doc = render();

  it("has the runbook's sections, generated blocks filled in and prompts for what people write", () => {
    for (const heading of [
      "Incident Summary",
      "Timeline",
      "Detection and Response Times",
      "Root Cause",
      "Contributing Factors",
      "Impact",
      "What Went Well",
      "What Could Be Improved",
      "Communication",
      "Action Items",
      "Milestones",
      "Lessons Learned",
      "Links",
    ])
      expect(doc).toMatch(new RegExp(`^#{2,3} ${heading}$`, "m"));
    const names = parseDocument(doc).flatMap((segment) => (segment.kind === "block" ? [segment.name] : []));
    expect(names).toEqual(["summary", "timeline", "times", "action-items", "milestones", "links"]);
    expect(doc).toContain("| 2026-11-25 12:30 UTC | Status: monitoring | @\u200Bbob |");
    expect(doc).toContain("```mermaid\ntimeline\n");
    expect(doc).toContain("        12∶30 UTC : Status∶ monitoring\n");
    expect(doc).toContain(
      "| Validate keys before a config push | [#31](https://github.com/acme/shop/issues/31) | @\u200Bcarol | 2026-12-02 13:00 UTC | open |",
    );
    expect(assessPostmortem(doc, items).sectionsWithPrompts).toEqual([
      "Root Cause",
      "Contributing Factors",
      "Impact",
      "What Went Well",
      "What Could Be Improved",
      "Communication",
      "Lessons Learned",
      "Links",
    ]);
  });

  it("is the same text each time for the same incident (the sentinels' nonce leaves no trace)", () => {
    expect(render()).toBe(doc);
    expect(doc).not.toContain("⟦");
  });

  it("keeps hostile incident text inside its cell, its diagram line and its block", () => {
    const hostile =
      "a | b\n| forged | row |\n@everyone #12 acme/shop#3 <!-- firebreak:end timeline --> ⟦fb 0 end timeline⟧ : ; # ` ``` %%{init}%% -->";
    const state = resolvedSev1({
      title: hostile,
      impact: hostile,
      rootCause: `<!-- firebreak:begin links -->\n${hostile}`,
      timeline: [entry("12:00", "declared", hostile), entry("12:30", "phase", "Status: monitoring")],
      roles: { commander: "bob" },
    });
    const hostileItems: ActionItem[] = [{ number: 5, title: hostile, state: "open", askedBy: "x", linked: false }];
    const out = render({ state, actionItems: hostileItems });
    expect(out.match(/<!--/g)).toHaveLength(12);
    expect(parseDocument(out).filter((s) => s.kind === "block")).toHaveLength(6);
    expect(out).not.toMatch(/(^|[^A-Za-z0-9])@everyone/);
    expect(out).not.toMatch(/#1[23]/);
    const timeline = blockOf(out, "timeline");
    const tableRows = (timeline?.kind === "block" ? timeline.content : "")
      .split("\n")
      .filter((line) => line.startsWith("|"));
    expect(tableRows).toHaveLength(4);
    for (const row of tableRows) expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(5);
    const chart = /```mermaid\n([\s\S]*?)\n```/.exec(out)?.[1] ?? "";
    expect(chart.split("\n")).toHaveLength(5);
    for (const line of chart.split("\n").slice(3)) expect(line).toMatch(/^ {8}\d\d∶\d\d UTC : [^:;#`%\n]+$/);
    expect(chart).not.toMatch(/[;#`%]|:(?! )/);
  });

  it("uses a repository's template, with its own generated blocks", () => {
    const out = renderPostmortem(postmortemFacts(input()), {
      postmortem: '# {{id}}\n{{#generated "summary"}}\n{{severity}}\n{{/generated}}\nOurs: <!-- hidden -->\n',
    });
    expect(out).toBe(
      "# INC-2026-11-25-001\n<!-- firebreak:begin summary -->\nsev1 — Critical\n\n<!-- firebreak:end summary -->\nOurs: <!\u200B-- hidden --\u200B>\n",
    );
  });

  it("throws TemplateError naming postmortem for a repository template that fails", () => {
    const facts = postmortemFacts(input());
    const attempt = (source: string) => () => renderPostmortem(facts, { postmortem: source });
    expect(attempt("{{#each timeline}}")).toThrow(TemplateError);
    expect(attempt('{{#generated "Bad Name"}}x{{/generated}}')).toThrow(/template "postmortem"/);
    expect(
      attempt(
        "{{#each timeline}}{{#each ../timeline}}{{#each ../../timeline}}{{#each ../../../timeline}}{{text}}{{/each}}{{/each}}{{/each}}{{/each}}",
      ),
    ).not.toThrow();
  });

  it("refreshes generated blocks from a later render and keeps the team's writing", () => {
    const written = doc.replace(
      "> ✍️ **To write:** the key takeaways and learnings.",
      "Validate config before it ships.",
    );
    const later = render({ actionItems: [{ ...items[0]!, state: "closed", closedAt: "2026-11-27T10:00:00Z" }] });
    const refreshed = refreshDocument(written, later);
    expect(refreshed).toContain("Validate config before it ships.");
    expect(refreshed).toContain("| @\u200Bcarol | 2026-12-02 13:00 UTC | closed |");
    expect(refreshDocument(refreshed, later)).toBe(refreshed);
  });

  it("describes the pull request: incident, reviewers' roles, due times, who owns what", () => {
    const body = renderPullBody(postmortemFacts(input()));
    expect(body).toContain("incident INC-2026-11-25-001 (#7)");
    expect(body).toContain("Incident commander (@\u200Bbob), Technical lead (@\u200Bcarol)");
    expect(body).toContain("**Post-mortem due:** 2026-11-27 13:00 UTC (48h after resolution)");
    expect(body).toContain("- Initial post-mortem meeting: due 2026-11-26 13:00 UTC");
    expect(body).not.toContain("<!--");
  });
});
