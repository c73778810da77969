import type { IncidentConfig } from "../config/schema.js";
import type { IncidentFacts } from "../domain/incident-facts.js";
import { addMs, type Iso } from "../domain/time.js";

/**
 * The public status page, rendered from the incidents' signed facts: `status.json`, a static `index.html` and
 * `STATUS.md`. Pure, and a function of the facts alone (no clock in the output except the 90-day window's edge),
 * so an unchanged repository renders the same bytes and costs no commit.
 *
 * Only public information: an incident's id, title, severity, phase, times and its latest `/update public` text.
 * Never internal notes, roles, people (an `@login` in public text is blanked), false positives, or incidents of a
 * type marked `sensitive`.
 */

type StatusPageFile = "status.json" | "index.html" | "STATUS.md";

const WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

type ComponentStatus = "operational" | "degraded_performance" | "partial_outage" | "major_outage";

const STATUS_WORDS: Record<ComponentStatus, string> = {
  operational: "Operational",
  degraded_performance: "Degraded performance",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
};
/** A symbol beside each word, so no state is told by colour alone. */
const STATUS_SYMBOLS: Record<ComponentStatus, string> = {
  operational: "✓",
  degraded_performance: "!",
  partial_outage: "!!",
  major_outage: "✕",
};
const STATUS_RANK: ComponentStatus[] = ["operational", "degraded_performance", "partial_outage", "major_outage"];

interface PublicIncident {
  id: string;
  title: string;
  severity: string;
  severityName?: string;
  phase: string;
  started: Iso;
  resolved?: Iso;
  update?: { at: Iso; text: string };
}

export interface StatusDocument {
  version: 1;
  /** The newest time any listed incident changed: not the render time, so an unchanged page is byte-identical. */
  updated: Iso | null;
  status: { indicator: ComponentStatus; description: string };
  components: { name: string; status: ComponentStatus; description: string }[];
  active: PublicIncident[];
  /** Incidents declared in the last 90 days, newest first (the active ones included). */
  recent: PublicIncident[];
}

/** `@alice`, `@acme/sre`: people are never named on the public page. */
const HANDLE = /(^|[^\w`])@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]+)?/g;
const publicText = (text: string): string => text.replace(HANDLE, "$1[someone]").trim();

function statusOf(severity: string): ComponentStatus {
  if (severity === "sev1") return "major_outage";
  if (severity === "sev2") return "partial_outage";
  return "degraded_performance";
}
const worst = (statuses: ComponentStatus[]): ComponentStatus =>
  STATUS_RANK[Math.max(0, ...statuses.map((s) => STATUS_RANK.indexOf(s)))] ?? "operational";

/** False positives and incidents of a sensitive type never appear. */
const isShown = (f: IncidentFacts, config: IncidentConfig): boolean =>
  !f.falsePositive && !(f.type && config.types[f.type]?.sensitive === true);

function publicIncident(f: IncidentFacts, config: IncidentConfig): PublicIncident {
  const name = (config.severities as Record<string, { name: string } | undefined>)[f.severity]?.name;
  return {
    id: f.id ?? `#${f.number}`,
    title: publicText(f.title) || "Incident",
    severity: f.severity,
    ...(name ? { severityName: name } : {}),
    phase: f.resolved ? "resolved" : (f.phase ?? "investigating"),
    started: f.started ?? f.declared,
    ...(f.resolved ? { resolved: f.resolved } : {}),
    ...(f.publicUpdate ? { update: { at: f.publicUpdate.at, text: publicText(f.publicUpdate.text) } } : {}),
  };
}

/**
 * Everything the page could show of one incident (its entry, and the type that picks its components), or
 * undefined when it is not shown: two facts with the same view render the same page.
 */
export function publicView(facts: IncidentFacts | undefined, config: IncidentConfig): string | undefined {
  if (!facts || !isShown(facts, config)) return undefined;
  return JSON.stringify({
    ...publicIncident(facts, config),
    type: facts.type ?? null,
    // Both move the page's "last change" time.
    declared: facts.declared,
    mitigated: facts.mitigated ?? null,
  });
}

export function statusDocument(facts: readonly IncidentFacts[], config: IncidentConfig, now: Iso): StatusDocument {
  const from = addMs(now, -WINDOW_MS);
  const shown = facts.filter((f) => isShown(f, config));
  const toPublic = (f: IncidentFacts): PublicIncident => publicIncident(f, config);
  const newestFirst = (a: IncidentFacts, b: IncidentFacts) =>
    a.declared < b.declared ? 1 : a.declared > b.declared ? -1 : b.number - a.number;
  const activeFacts = shown.filter((f) => !f.resolved).sort(newestFirst);
  const recentFacts = shown.filter((f) => f.declared >= from || !f.resolved).sort(newestFirst);
  const components = config.statusPage.components.map((component) => {
    const status = worst(
      activeFacts.filter((f) => f.type && component.types.includes(f.type)).map((f) => statusOf(f.severity)),
    );
    return { name: component.name, status, description: STATUS_WORDS[status] };
  });
  const indicator = worst([...components.map((c) => c.status), ...activeFacts.map((f) => statusOf(f.severity))]);
  const times = recentFacts.flatMap((f) =>
    [f.declared, f.started, f.mitigated, f.resolved, f.publicUpdate?.at].filter(
      (t): t is string => typeof t === "string",
    ),
  );
  return {
    version: 1,
    updated: times.sort().at(-1) ?? null,
    status: {
      indicator,
      description: activeFacts.length ? STATUS_WORDS[indicator] : "All systems operational",
    },
    components,
    active: activeFacts.map(toPublic),
    recent: recentFacts.map(toPublic),
  };
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** `2026-11-30 14:05 UTC`: one unambiguous form, readable without script. */
const when = (iso: Iso): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const phaseWord = (phase: string): string => phase.charAt(0).toUpperCase() + phase.slice(1);
const severityText = (i: PublicIncident): string => (i.severityName ? `${i.severity} (${i.severityName})` : i.severity);

function htmlIncident(i: PublicIncident, level: "h3"): string {
  const rows = [
    `<dt>Status</dt><dd>${escapeHtml(phaseWord(i.phase))}</dd>`,
    `<dt>Severity</dt><dd>${escapeHtml(severityText(i))}</dd>`,
    `<dt>Started</dt><dd><time datetime="${escapeHtml(i.started)}">${when(i.started)}</time></dd>`,
    ...(i.resolved
      ? [`<dt>Resolved</dt><dd><time datetime="${escapeHtml(i.resolved)}">${when(i.resolved)}</time></dd>`]
      : []),
  ];
  const update = i.update
    ? `<p class="update"><strong>Latest update</strong> (<time datetime="${escapeHtml(i.update.at)}">${when(i.update.at)}</time>): ${escapeHtml(i.update.text)}</p>`
    : "";
  return `<article class="incident ${i.resolved ? "resolved" : "active"}">
<${level}>${escapeHtml(i.title)} <span class="id">${escapeHtml(i.id)}</span></${level}>
<dl>${rows.join("")}</dl>
${update}
</article>`;
}

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1f2328;background:#fff}
body{margin:0 auto;max-width:48rem;padding:1rem}
h1{font-size:1.75rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #d1d9e0}
h3{font-size:1.05rem;margin:0 0 .25rem;overflow-wrap:anywhere}
.banner{padding:.75rem 1rem;border-radius:6px;font-weight:600;font-size:1.1rem;color:#fff}
.operational{background:#1a7f37}.degraded_performance{background:#7d4e00}.partial_outage{background:#bc4c00}.major_outage{background:#a40e26}
ul.components{list-style:none;padding:0;margin:0}
ul.components li{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap;padding:.5rem 0;border-bottom:1px solid #d1d9e0}
.state{padding:0 .5rem;border-radius:4px;color:#fff;font-weight:600}
.incident{border:1px solid #d1d9e0;border-left-width:6px;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
.incident.active{border-left-color:#a40e26}.incident.resolved{border-left-color:#59636e}
.id{font-weight:400;color:#59636e;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem;margin:.25rem 0}
dt{font-weight:600}dd{margin:0}
.update{margin:.5rem 0 0;overflow-wrap:anywhere}
footer{margin-top:2rem;color:#59636e;font-size:.9rem}
`;

function renderHtml(doc: StatusDocument, name: string): string {
  const title = `${name} status`;
  const components = doc.components.length
    ? `<section aria-labelledby="components"><h2 id="components">Components</h2>
<ul class="components">${doc.components
        .map(
          (c) =>
            `<li><span>${escapeHtml(c.name)}</span><span class="state ${c.status}">${STATUS_SYMBOLS[c.status]} ${STATUS_WORDS[c.status]}</span></li>`,
        )
        .join("\n")}</ul></section>`
    : "";
  const active = doc.active.length
    ? doc.active.map((i) => htmlIncident(i, "h3")).join("\n")
    : "<p>No incidents are in progress.</p>";
  const past = doc.recent.filter((i) => i.resolved);
  const history = past.length
    ? past.map((i) => htmlIncident(i, "h3")).join("\n")
    : "<p>No incidents were resolved in the last 90 days.</p>";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1>
<p class="banner ${doc.status.indicator}" role="status">${STATUS_SYMBOLS[doc.status.indicator]} ${escapeHtml(doc.status.description)}</p></header>
<main>
${components}
<section aria-labelledby="active"><h2 id="active">Current incidents</h2>
${active}
</section>
<section aria-labelledby="history"><h2 id="history">Past incidents (last 90 days)</h2>
${history}
</section>
</main>
<footer><p>${doc.updated ? `Last change: <time datetime="${escapeHtml(doc.updated)}">${when(doc.updated)}</time>. ` : ""}Machine-readable: <a href="status.json">status.json</a>.</p></footer>
</body>
</html>
`;
}

/** Markdown text that cannot start markup of its own: GitHub renders STATUS.md. */
const escapeMd = (text: string): string => escapeHtml(text).replace(/([\\`*_[\]|#~])/g, "\\$1");

function mdIncident(i: PublicIncident): string {
  const lines = [
    `### ${escapeMd(i.title)} (${escapeMd(i.id)})`,
    "",
    `- **Status:** ${phaseWord(i.phase)}`,
    `- **Severity:** ${escapeMd(severityText(i))}`,
    `- **Started:** ${when(i.started)}`,
    ...(i.resolved ? [`- **Resolved:** ${when(i.resolved)}`] : []),
    ...(i.update
      ? [`- **Latest update** (${when(i.update.at)}): ${escapeMd(i.update.text.replace(/\s+/g, " "))}`]
      : []),
  ];
  return lines.join("\n");
}

function renderMarkdown(doc: StatusDocument, name: string): string {
  const parts = [
    `# ${escapeMd(name)} status`,
    "",
    `**${STATUS_SYMBOLS[doc.status.indicator]} ${doc.status.description}**`,
  ];
  if (doc.components.length) {
    parts.push("", "## Components", "", "| Component | Status |", "| --- | --- |");
    for (const c of doc.components)
      parts.push(`| ${escapeMd(c.name)} | ${STATUS_SYMBOLS[c.status]} ${STATUS_WORDS[c.status]} |`);
  }
  parts.push("", "## Current incidents", "");
  parts.push(doc.active.length ? doc.active.map(mdIncident).join("\n\n") : "No incidents are in progress.");
  const past = doc.recent.filter((i) => i.resolved);
  parts.push("", "## Past incidents (last 90 days)", "");
  parts.push(past.length ? past.map(mdIncident).join("\n\n") : "No incidents were resolved in the last 90 days.");
  return `${parts.join("\n")}\n`;
}

/** The three files, by path. */
export function renderStatusPage(
  facts: readonly IncidentFacts[],
  config: IncidentConfig,
  options: { now: Iso; name: string },
): Record<StatusPageFile, string> {
  const doc = statusDocument(facts, config, options.now);
  return {
    "status.json": `${JSON.stringify(doc, null, 2)}\n`,
    "index.html": renderHtml(doc, options.name),
    "STATUS.md": renderMarkdown(doc, options.name),
  };
}
