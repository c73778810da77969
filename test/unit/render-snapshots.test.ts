import { defaultConfig } from "../../src/config/defaults.js";
import type { IncidentState } from "../../src/domain/fold.js";
import { renderDashboard, renderDeclaration } from "../../src/render/views.js";
import { incidentState } from "../support/incident-state.js";

/**
 * What people read, whole: a change to the dashboard or the declaration comment shows up in review as a
 * change to these snapshots. The zero-width spaces that defuse user text are shown as `¤`.
 */
const shown = (markdown: string) => markdown.replaceAll("\u200B", "¤");

const config = defaultConfig();
config.onCall.startsOn = "2026-11-23";
config.onCall.schedule = [{ primary: "bob", secondary: "erin", escalation: "alice" }];

/** A sev1 outage forty minutes in: roles taken, acknowledged, fixing, one status update, a note that mentions people. */
const outage: IncidentState = incidentState({
  declaration: { at: "2026-11-25T12:00:00Z", by: "alice", via: "form", severity: "sev1" },
  title: "Checkout returns 500 for EU customers",
  phase: "fixing",
  type: "service-outage",
  summary: "POST /checkout returns 500 for every EU request since about 11:55 UTC.",
  impact: "No EU customer can pay; see #12 and ask @acme/payments.",
  rootCause: "Connection pool exhausted after deploy 4211 lowered max_connections",
  detectedAt: "2026-11-25T11:56:00Z",
  startedAt: "2026-11-25T11:52:00Z",
  acknowledged: { at: "2026-11-25T12:03:00Z", by: "bob" },
  roles: { commander: "bob", tech: "alice" },
  updates: [
    {
      source: "c4",
      at: "2026-11-25T12:14:00Z",
      by: "bob",
      text: "Rolling back deploy 4211",
      eta: "30 minutes",
      phase: "identified",
      severity: "sev1",
    },
  ],
  timeline: [
    {
      at: "2026-11-25T11:52:00Z",
      kind: "note",
      text: "Deploy 4211 reached 100% of eu-west",
      actor: "alice",
      source: "c5",
    },
    { at: "2026-11-25T12:00:00Z", kind: "declared", text: "Incident declared (sev1)", actor: "alice", source: "issue" },
    { at: "2026-11-25T12:03:00Z", kind: "ack", text: "Acknowledged", actor: "bob", source: "c2" },
    { at: "2026-11-25T12:03:00Z", kind: "role", text: "Incident commander: @bob", actor: "bob", source: "c2" },
    { at: "2026-11-25T12:11:00Z", kind: "root-cause", text: "Root cause identified", actor: "bob", source: "c3" },
    { at: "2026-11-25T12:14:00Z", kind: "update", text: "Status update posted", actor: "bob", source: "c4" },
    { at: "2026-11-25T12:21:00Z", kind: "phase", text: "Status: fixing", actor: "bob", source: "c6" },
    {
      at: "2026-11-25T12:40:00Z",
      kind: "note",
      text: "Paged @acme/dba | see owner/repo#3",
      actor: "alice",
      source: "c7",
    },
  ],
  lastActivityAt: "2026-11-25T12:40:00Z",
});

describe("the dashboard, as people read it", () => {
  it("shows roles, acknowledgement, escalation, the runbook with a ticked box, and the timeline", () => {
    // Someone allowed to ticked the runbook's first box; the app's record keeps it.
    const ticked = { ...outage, checklistDone: config.types["service-outage"]!.checklist.slice(0, 1) };
    expect(shown(renderDashboard(ticked, config))).toMatchInlineSnapshot(`
"## INC-2026-11-25-001 · sev1 Critical · Fixing

**Fixing** · open 44 min as of 2026-11-25 12:40 UTC · **Commander:** @bob

**Latest update** (12:14 UTC): Rolling back deploy 4211 · **ETA** 12:44 UTC (in 30 min)

**Due next:** status update (\`/update\`) ⚠️ overdue since 12:29 UTC

> **Critical:** Complete service outage or data loss affecting production

| **Severity** | sev1 — Critical |
|---|---|
| **Status** | Fixing |
| **Type** | Service outage |
| **Declared** | 2026-11-25 12:00 UTC by @alice via issue form |
| **Impact started** | 2026-11-25 11:52 UTC |
| **Detected** | 2026-11-25 11:56 UTC |
| **Acknowledged** | ✅ by @bob at 2026-11-25 12:03 UTC (3 min; target 5m) |
| **Next update due** | 2026-11-25 12:29 UTC (every 15 min) |
| **Incident commander** | @bob |
| **Technical lead** | @alice |
| **Communications lead** | — |
| **Support lead** | — |

**Summary:** POST /checkout returns 500 for every EU request since about 11:55 UTC.

**Impact:** No EU customer can pay; see #¤12 and ask @¤acme/payments.

**Root cause:** Connection pool exhausted after deploy 4211 lowered max_connections

<details><summary>Escalation (sev1): 4 steps</summary>

| Due | Action | Notify |
|---|---|---|
| 2026-11-25 12:00 UTC | Page all on-call engineers | on-call-primary (@¤bob), on-call-secondary (@¤erin) |
| 2026-11-25 12:05 UTC | Notify the team lead | team-lead (@¤alice) |
| 2026-11-25 12:10 UTC | Notify management | management |
| 2026-11-25 12:15 UTC | Notify stakeholders | stakeholders |
</details>

### Runbook: Service outage
- [x] Restart the service
- [ ] If the restart fails, check configuration, credentials, dependency connectivity, disk space and memory
- [ ] If a recent change caused it, roll back to the last known good version
- [ ] Verify health checks pass and users can work again

### Timeline
| Time | Event | By |
|---|---|---|
| 2026-11-25 11:52 UTC | Deploy 4211 reached 100% of eu-west | @alice |
| 2026-11-25 12:00 UTC | Incident declared (sev1) | @alice |
| 2026-11-25 12:03 UTC | Acknowledged | @bob |
| 2026-11-25 12:03 UTC | Incident commander: @¤bob | @bob |
| 2026-11-25 12:11 UTC | Root cause identified | @bob |
| 2026-11-25 12:14 UTC | Status update posted | @bob |
| 2026-11-25 12:21 UTC | Status: fixing | @bob |
| 2026-11-25 12:40 UTC | Paged @¤acme/dba \\| see owner/repo#¤3 | @alice |

<sub>Kept up to date by Firebreak from this issue's history; edit outside this block freely. Type <code>/help</code> in a comment for commands.</sub>
"
`);
  });
});

describe("the declaration comment, as people read it", () => {
  it("says what was declared, pages the people on call now, and lists the escalation steps", () => {
    expect(shown(renderDeclaration(outage, config))).toMatchInlineSnapshot(`
"🚨 **INCIDENT DECLARED: INC-2026-11-25-001** · sev1 Critical

**Status:** Investigating · **Declared by** @alice
**Response expected by** 12:05 UTC (5m) · **Updates** every 15 min
**Paging:** @bob @erin
**Escalation:** now: Page all on-call engineers; +5m: Notify the team lead; +10m: Notify management; +15m: Notify stakeholders

Next: \`/ack\` to acknowledge, \`/ic @you\` to take command, \`/status identified|fixing|monitoring|resolved\`, \`/update <text>\` for a status update. \`/help\` lists every command.
"
`);
  });
});

describe("a repository with no contacts configured", () => {
  const unconfigured = defaultConfig();
  const fresh: IncidentState = { ...outage, phase: "investigating", acknowledged: undefined, roles: {} };

  it("says plainly in the declaration that a sev1 pages nobody, and where to fix it", () => {
    const text = renderDeclaration(fresh, unconfigured);
    expect(text).not.toContain("**Paging:**");
    expect(text).toContain(
      "⚠️ **Nobody is paged:** add GitHub handles to `contacts` in `.github/incident.yml`.\n**Escalation:** now: Page all on-call engineers;",
    );
  });

  it("says so on the dashboard until someone acknowledges, in its own paragraph", () => {
    expect(renderDashboard(fresh, unconfigured)).toContain(
      "\n\n> ⚠️ **Nobody is paged:** add GitHub handles to `contacts` in `.github/incident.yml`.\n\n> **Critical:**",
    );
    expect(
      renderDashboard({ ...fresh, acknowledged: { at: "2026-11-25T12:03:00Z", by: "bob" } }, unconfigured),
    ).not.toContain("Nobody is paged");
  });

  it("says nothing of the kind when the contacts have handles, or for a severity that pages nobody on purpose", () => {
    expect(renderDeclaration(fresh, config)).not.toContain("Nobody is paged");
    expect(renderDashboard(fresh, config)).not.toContain("Nobody is paged");
    const sev4: IncidentState = {
      ...fresh,
      severity: "sev4",
      declaration: { ...fresh.declaration!, severity: "sev4" },
    };
    expect(renderDeclaration(sev4, unconfigured)).not.toContain("Nobody is paged");
  });
});
