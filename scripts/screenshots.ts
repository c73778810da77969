/**
 * The dashboard, the declaration and a status update as a responder sees them on a phone: rendered with GitHub's
 * Markdown styles in headless Chromium (Debian's, `/usr/bin/chromium`) at 390 px wide, written to
 * `demo-output/screenshots/`. Run `npm run screenshots` and look at them after changing a template. GitHub renders a
 * line break in an issue or comment as a break (`breaks`). Emoji need Debian's `fonts-noto-color-emoji`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import MarkdownIt from "markdown-it";
import { chromium } from "playwright-core";
import { defaultConfig } from "../src/config/defaults.js";
import type { IncidentState } from "../src/domain/fold.js";
import { noFollowUps } from "../src/domain/follow-ups.js";
import { renderDashboard, renderDeclaration, renderStatusUpdate } from "../src/render/views.js";

const OUT = resolve("demo-output/screenshots");
const PHONE = { width: 390, height: 844 };
const config = {
  ...defaultConfig(),
  contacts: { ...defaultConfig().contacts, "team-lead": { github: ["frank"], description: "" } },
};

/** An EU checkout outage 25 minutes in: acknowledged, fixing, one update posted. */
function midIncident(): IncidentState {
  const declaredAt = "2026-11-25T12:00:00Z";
  return {
    declared: true,
    declaration: { at: declaredAt, by: "alice", via: "command", severity: "sev1" },
    id: "INC-2026-11-25-001",
    title: "Checkout returns 500 for EU customers",
    severity: "sev1",
    phase: "fixing",
    type: "service-outage",
    summary: "POST /checkout returns 500 for every EU request since about 11:55 UTC.",
    impact: "No EU customer can pay; roughly 40% of all orders are failing.",
    detectedAt: "2026-11-25T11:56:00Z",
    acknowledged: { at: "2026-11-25T12:04:00Z", by: "bob" },
    falsePositive: false,
    roles: { commander: "bob", tech: "alice" },
    updates: [
      {
        source: "c1500000007.0000000000000000",
        at: "2026-11-25T12:14:00Z",
        by: "bob",
        text: "Rolling back deploy 4211; EU checkout still failing.",
        eta: "30 minutes",
        phase: "fixing",
        severity: "sev1",
        impact: "No EU customer can pay; roughly 40% of all orders are failing.",
      },
    ],
    stakeholderNotices: [],
    timeline: [
      { at: declaredAt, kind: "declared", text: "Incident declared (sev1)", actor: "alice", source: "c1" },
      { at: "2026-11-25T12:04:00Z", kind: "ack", text: "Acknowledged", actor: "bob", source: "c2" },
      { at: "2026-11-25T12:11:00Z", kind: "phase", text: "Status: identified", actor: "bob", source: "c3" },
      { at: "2026-11-25T12:14:00Z", kind: "update", text: "Status update posted", actor: "bob", source: "c4" },
      { at: "2026-11-25T12:21:00Z", kind: "phase", text: "Status: fixing", actor: "bob", source: "c5" },
    ],
    checklistDone: [],
    rejectedDeclaration: false,
    lastActivityAt: "2026-11-25T12:21:00Z",
    ...noFollowUps(),
  };
}

function resolved(state: IncidentState): IncidentState {
  return {
    ...state,
    phase: "resolved",
    resolvedAt: "2026-11-25T12:53:00Z",
    resolution: "Rolled back deploy 4211; error rate at baseline for 20 minutes.",
    timeline: [
      ...state.timeline,
      { at: "2026-11-25T12:33:00Z", kind: "phase", text: "Status: monitoring", actor: "bob", source: "c6" },
      { at: "2026-11-25T12:53:00Z", kind: "phase", text: "Resolved", actor: "bob", source: "c7" },
    ],
    lastActivityAt: "2026-11-25T12:53:00Z",
  };
}

function page(markdown: string): string {
  const require = createRequire(import.meta.url);
  const css = readFileSync(require.resolve("github-markdown-css/github-markdown-light.css"), "utf8");
  const html = new MarkdownIt({ html: true, linkify: true, breaks: true }).render(markdown);
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<style>${css} body{margin:0} .markdown-body{box-sizing:border-box;padding:16px;font-size:14px}</style></head>
<body><article class="markdown-body">${html}</article></body></html>`;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const state = midIncident();
  const [update] = state.updates;
  const shots: Record<string, string> = {
    "dashboard-open": renderDashboard(state, config),
    "dashboard-resolved": renderDashboard(resolved(state), config),
    declaration: renderDeclaration(state, config),
    ...(update ? { "status-update": renderStatusUpdate(state, update, config) } : {}),
  };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const tab = await browser.newPage({ viewport: PHONE, deviceScaleFactor: 2 });
    for (const [name, markdown] of Object.entries(shots)) {
      writeFileSync(join(OUT, `${name}.md`), markdown);
      await tab.setContent(page(markdown));
      await tab.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      console.log(`wrote ${join(OUT, `${name}.png`)}`);
    }
  } finally {
    await browser.close();
  }
}

await main();
