import { incidentFormBody } from "../support/issue-form.js";
import {
  appRecords,
  dashboardOf,
  foreignComments,
  liveMentions,
  liveReferences,
  tableShapes,
} from "../support/markdown.js";
import { Sandbox, TEAM } from "../support/sandbox.js";

/**
 * Whatever someone types, what the app writes (replies, dashboard, status updates, declarations, alert issues)
 * pages nobody they named, cross-references no issue, carries no hidden marker they wrote, and keeps their
 * text inside its table cell or section. The stand-in does not model notifications or cross-references, so
 * these assertions read the Markdown the way GitHub would.
 */

let sb: Sandbox;
let n: number;
const BOT = "firebreak[bot]";
/** Who the app itself may name: the repository's people, itself, and the placeholders in its usage hints (`/ic @user`, in code). */
const NAMEABLE = new Set<string>([...Object.keys(TEAM), "reporter", "firebreak", "user", "you"]);
const FORGED_ID = "INC-2026-01-01-001";

beforeEach(async () => {
  sb = await Sandbox.start();
  // Issue #1 exists, so every `#1` below would point at a real issue.
  n = (await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }))).issueNumber;
});
afterEach(() => sb.closeExpectingNoViolations());

const comment = (login: string, body: string, issue = n) => sb.act(sb.as(login).comment(sb.repo, issue, body));
const botComments = (issue = n) =>
  sb
    .issue(issue)
    .comments.filter((c) => c.user === BOT)
    .map((c) => c.body);
const declare = async () => {
  await comment("alice", "/incident declare sev2");
  await sb.deliverEchoes();
};

/** Everything the app wrote on the issue: its comments and its dashboard. */
function appWritten(issue = n): string[] {
  const body = sb.issue(issue).body;
  return [...botComments(issue), ...(body?.includes("firebreak:dashboard:start") ? [dashboardOf(body)] : [])];
}

/** `#n` of every issue and pull request the app opened. */
function ownReferences(): string[] {
  return [
    ...sb.repo.issues().filter((issue) => issue.user === BOT),
    ...sb.repo.pulls().filter((pull) => pull.user === BOT),
  ].map((made) => `#${made.number}`);
}

/** Only people the app itself names (the commenter, role holders) are mentioned; nothing is cross-referenced; no comment but the app's records. */
function expectNothingLive(texts: string[]): void {
  for (const text of texts) {
    expect(liveMentions(text).filter((login) => !NAMEABLE.has(login))).toEqual([]);
    // The app links what it made itself (an action item, the post-mortem pull request), never what was typed.
    expect(liveReferences(text).filter((ref) => !ownReferences().includes(ref))).toEqual([]);
    expect(foreignComments(text)).toEqual([]);
    // A typed marker copied into a record's JSON would be escaped; unescaped, it was written as a record of its own.
    expect(appRecords(text).filter((record) => record.includes(`"id":"${FORGED_ID}"`))).toEqual([]);
  }
}

/** Lines of the user's text in a comment are quoted: no heading or fence of theirs starts a line of the comment. */
function expectNoStrayBlocks(markdown: string): void {
  expect(markdown).not.toMatch(/^ {0,3}(```|~~~|#{1,6}\s)/m);
  expect(markdown).not.toMatch(/<\/?(details|summary|b|table|div)\b/i);
}

/** Every row of every table has as many cells as the table's header. */
function expectTablesIntact(markdown: string): void {
  for (const rows of tableShapes(markdown)) expect(rows.every((cells) => cells === rows[0])).toBe(true);
}

/** Headings, fences and HTML blocks in the dashboard are the template's own; user text is quoted or inline. */
function expectOnlyTemplateBlocks(dashboard: string): void {
  const headings = dashboard.split("\n").filter((line) => /^ {0,3}#{1,6}\s/.test(line));
  expect(
    headings.every((line) =>
      /^(## INC-|### (What changed|Escalation|Runbook|Action items|Post-mortem|Timeline))/.test(line),
    ),
  ).toBe(true);
  expect(dashboard).not.toMatch(/^ {0,3}(```|~~~)/m);
  // The template's own collapsed escalation table is the only HTML block, opened and closed on lines of its own.
  const own = dashboard
    .replace(/^<details><summary>Escalation \(sev\d\): \d+ steps<\/summary>$/m, "")
    .replace(/^<\/details>$/m, "");
  expect(own).not.toMatch(/<\/?(details|summary|img|a|table|div)\b/i);
}

describe("a refused command's reply", () => {
  it.each([
    "/ic @acme/everyone",
    "/sev @acme/sre",
    "/status @acme/sre",
    "/type @acme/sre",
    "/incident @acme/sre",
    "/timeline @acme/sre took the site down",
    "/detected @acme/sre",
    "/started 14:00 @acme/sre",
    "/tech @acme/sre",
    "/sev _@acme/sre_",
    "/status &#64;acme/sre",
    "/sev `x` @acme/sre `",
    "/sev #1",
    "/status #1",
    "/type acme/checkout#1",
    "/sev GH-1",
    "/status https://github.com/acme/checkout/issues/1",
    "/sev [urgent](https://github.com/acme/checkout/pull/1)",
  ])("to %j mentions and references nothing the writer typed", async (command) => {
    await declare();
    await comment("bob", command);
    const reply = botComments().at(-1)!;
    expect(reply).toMatch(/^@bob I could not apply your command/);
    expect(liveMentions(reply).filter((login) => login !== "user")).toEqual(["bob"]);
    expectNothingLive(appWritten());
  });

  it("refuses a team or an invalid login as a role holder, so the dashboard names only people", async () => {
    await declare();
    await comment("bob", "/ic @acme/everyone\n/comms @-bad-\n/support @a_b\n/tech @bob");
    const body = sb.issue(n).body ?? "";
    expect(body).toMatch(/\| \*\*Technical lead\*\* \| @bob \|/);
    expect(body).toMatch(/\| \*\*Incident commander\*\* \| — \|/);
    expect(botComments().at(-1)).toMatch(/I could not apply 3 of 4 commands/);
    expectNothingLive(appWritten());
  });
});

describe("a hidden marker typed by a reader", () => {
  it.each([
    `/incident <!-- firebreak:declared {"id":"${FORGED_ID}"} --> x`,
    `/incident declare <!-- firebreak:declared {"id":"${FORGED_ID}"} -->`,
    `/incident sev <!-- firebreak:reply {"source":"c1","refusal":"${FORGED_ID}"} --> banana`,
    `/incident sev \`<!-- firebreak:declared {"id":"${FORGED_ID}"} -->\``,
    `/incident status --> <!-- firebreak:declared {"id":"${FORGED_ID}"}`,
    `/incident type <!-- firebreak:declared {"id":"${FORGED_ID}"}\n-->`,
  ])("in %j is never written back, and the later declaration gets its own id", async (attack) => {
    await comment("carol", attack);
    expect(botComments().length).toBeGreaterThan(0);
    expectNothingLive(appWritten());
    await declare();
    expect(sb.issue(n).title).toBe("[INC-2026-11-25-001] Checkout returns 500");
    expect(botComments().filter((body) => body.includes("INCIDENT DECLARED: INC-2026-11-25-001"))).toHaveLength(1);
    expectNothingLive(appWritten());
  });

  it("in a refused line on an incident cannot undo a writer's accepted command", async () => {
    await declare();
    const accepted = await comment("bob", "/sev 1");
    await comment(
      "carol",
      `/sev <!-- firebreak:reply {"source":"c${accepted.commentId}","refusal":"forged"} --> banana`,
    );
    expect(sb.issue(n).labels).toContain("sev1");
    expect(botComments().at(-1)).toMatch(/^@carol I could not apply/);
    expectNothingLive(appWritten());
  });

  it("in a writer's accepted note, update, impact and root cause stays out of the dashboard and the status update", async () => {
    await declare();
    const marker = `<!-- firebreak:declared {"id":"${FORGED_ID}"} -->`;
    await comment("bob", `/note before ${marker} after`);
    await comment("bob", `/impact -->${marker}<!--\n/root-cause ${marker}`);
    await comment("bob", `/update Rolled back ${marker}\nmore ${marker}`);
    expect(sb.issue(n).body).toContain("Status update posted");
    expect(botComments().some((body) => body.startsWith("**UPDATE:"))).toBe(true);
    expectNothingLive(appWritten());
  });
});

describe("text in the dashboard's table cells", () => {
  it.each([
    ["a pipe", "Synthetic check | misconfigured | really"],
    ["an escaped pipe", "Synthetic check \\| misconfigured \\\\| really"],
    ["a fake row", "x | y |\n| 00:00 | fake row | @acme/sre |"],
    ["HTML and mentions", "<details>@acme/sre saw #1"],
  ])("keeps a false-positive reason with %s inside its cell", async (_what, reason) => {
    await declare();
    await comment("bob", `/false-positive ${reason}`);
    const dashboard = dashboardOf(sb.issue(n).body);
    expect(sb.issue(n)).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(dashboard).toMatch(/^\| \*\*Status\*\* \| Resolved \(false positive: /m);
    expectTablesIntact(dashboard);
    expectOnlyTemplateBlocks(dashboard);
    expectNothingLive(appWritten());
  });

  it("keeps timeline notes with pipes, backslashes and new lines in one row each", async () => {
    await declare();
    await comment("bob", "/note a | b \\| c\n| 23:59 | forged | @acme/sre |\n\n| --- | --- |");
    await comment("bob", "/timeline 11:00 GH-1 | #1 | https://github.com/acme/checkout/issues/1");
    const dashboard = dashboardOf(sb.issue(n).body);
    expectTablesIntact(dashboard);
    expect(dashboard).not.toMatch(/^\| 23:59/m);
    expectNothingLive(appWritten());
  });
});

describe("prose in the dashboard and the status update", () => {
  const attacks = [
    "<details><summary>Click</summary>\n\neverything below is hidden",
    "fine\n## Timeline\n| fake | row |\n|---|---|\n| 00:00 | forged | @acme/sre |",
    "```\nan unclosed fence swallowing the rest",
    "</details></table>\n<!-- firebreak:dashboard:end -->\n# INC-2026-01-01-001",
  ];

  it.each(attacks)("from the issue form stays in its section: %j", async (attack) => {
    const body = incidentFormBody({ severity: "sev2 — High", summary: attack, impact: `${attack}\n@acme/sre #1` });
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout down", body }));
    await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
    const dashboard = dashboardOf(sb.issue(opened.issueNumber).body);
    expect(dashboard).toMatch(/\*\*Summary:\*\*/);
    expectTablesIntact(dashboard);
    expectOnlyTemplateBlocks(dashboard);
    expect(dashboard).toMatch(/### Timeline\n\| Time \| Event \| By \|/);
    expectNothingLive(appWritten(opened.issueNumber));
  });

  it.each(attacks)("from commands stays in its section: %j", async (attack) => {
    await declare();
    await comment("bob", `/impact ${attack}`);
    await comment("bob", `/root-cause ${attack}`);
    await comment("bob", `/update ${attack} eta: <b>soon</b> @acme/sre\n${attack}`);
    await comment("bob", `/resolve ${attack}`);
    const dashboard = dashboardOf(sb.issue(n).body);
    expectTablesIntact(dashboard);
    expectOnlyTemplateBlocks(dashboard);
    const update = botComments().find((body) => body.startsWith("**UPDATE:"))!;
    expect(update).toMatch(/\*\*Next Update:\*\*/);
    expectNoStrayBlocks(update);
    expectNothingLive(appWritten());
    // The post-mortem the resolution opened: its document and its pull request are no way in either.
    const [pull] = sb.repo.pulls();
    const document = sb.repo.fileAt(`postmortems/INC-2026-11-25-001.md`, pull!.head) ?? "";
    expect(document).toContain("## ");
    expectTablesIntact(document);
    expect(
      appRecords(document).filter(
        (record) => !record.startsWith("<!-- firebreak:begin ") && !record.startsWith("<!-- firebreak:end "),
      ),
    ).toEqual([]);
    expect(liveMentions(document).filter((login) => !NAMEABLE.has(login))).toEqual([]);
    // The pull request links only its incident.
    expect(liveReferences(pull!.body ?? "")).toEqual([`#${n}`]);
    expect(liveMentions(pull!.body ?? "")).toEqual([]);
    expect(foreignComments(pull!.body ?? "")).toEqual([]);
  });

  it("keeps ordinary one-line text readable and inline", async () => {
    await declare();
    await comment("bob", "/impact EU checkout fails for 30% of users\n/update Rolled back deploy 4211 eta: 20 minutes");
    expect(sb.issue(n).body).toContain("**Impact:** EU checkout fails for 30% of users");
    expect(botComments().find((body) => body.startsWith("**UPDATE:"))).toContain(
      // An ETA given as a span is shown as the clock time it means.
      "**Actions:** Rolled back deploy 4211\n**ETA:** 12:22 UTC (in 20 min)",
    );
  });
});

describe("an alert from repository_dispatch", () => {
  it.each([
    {
      source: "Alertmanager | prod\n| 00:00 | forged | row |",
      summary: "<details>\n@acme/sre please look at #1\n## Timeline",
    },
    {
      source: "Grafana \\| eu\r\nsecond line",
      summary: "GH-1 and https://github.com/acme/checkout/issues/1\n```\nunclosed",
    },
    { source: "<!-- firebreak:alert --> @acme/sre", summary: "&#64;acme/sre _@acme/everyone_ </details>" },
  ])("keeps source and summary in their place: %j", async ({ source, summary }) => {
    const alert = {
      title: "Error rate @acme/sre #1",
      severity: "sev2",
      summary,
      source,
      dedup_key: `k-${source.length}`,
    };
    await sb.act(sb.as("erin").dispatch(sb.repo, "incident", alert));
    const number = sb.repo.issueNumbers().find((issueNumber) => issueNumber !== n)!;
    const issue = sb.issue(number);
    expect(issue.user).toBe(BOT);
    expect(issue.title).toMatch(/^\[INC-2026-11-25-001\] Error rate /);
    expectNothingLive([issue.title]);
    const dashboard = dashboardOf(issue.body);
    expect(dashboard).toMatch(/^\| \*\*Declared\*\* \| .* by monitoring \(.*\) via alert \|$/m);
    expectTablesIntact(dashboard);
    expectOnlyTemplateBlocks(dashboard);
    // The alert text below the dashboard is the app's too: quoted, defused, one source line.
    expectNoStrayBlocks((issue.body ?? "").split("<!-- firebreak:dashboard:end -->")[1] ?? "");
    expectNothingLive([issue.body ?? "", ...botComments(number)]);
  });
});
