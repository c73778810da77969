import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { FACTS_RECORD } from "../../src/domain/incident-facts.js";
import { readEmbeddedRecords, renderRecord } from "../../src/domain/markers.js";
import { SIGNING_KEY, Sandbox } from "../support/sandbox.js";

/**
 * The public status page: a sweep of a repository that opted in commits `status.json`, `index.html` and
 * `STATUS.md` to its branch in one commit, and nothing when nothing changed. Then the page is opened in a real
 * headless Chromium (Debian's; `.ci/run` installs it, and without it that test is skipped, saying so) at phone width.
 */
let sb: Sandbox;
const CONFIG = `statusPage:
  publish: true
  components:
    - { name: Checkout, types: [service-outage] }
    - { name: Search, types: [degraded-performance] }
`;
const KEYS = { current: SIGNING_KEY, previous: [] };
const FILES = ["STATUS.md", "index.html", "status.json"];
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(
    `status-page.test.ts: browser test skipped: no ${CHROMIUM} (apt-get install -y chromium; CI installs it)`,
  );
const itWithChromium = haveChromium ? it : it.skip;

afterEach(() => sb.closeExpectingNoViolations());

/** The status branch's commits, newest first, and its head's tree. */
function pages(): { commits: number; tree: Map<string, string> } {
  const record = sb.repo.record;
  let sha = record.refs.get("refs/heads/gh-pages");
  const tree = sha ? (record.commits.get(sha)?.tree ?? new Map<string, string>()) : new Map<string, string>();
  let commits = 0;
  for (; sha; sha = record.commits.get(sha)?.parents[0]) commits++;
  return { commits, tree };
}

async function declare(): Promise<number> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout <b>returns</b> 500" }));
  const n = opened.issueNumber;
  await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev1\n/type service-outage"));
  await sb.act(sb.as("alice").comment(sb.repo, n, "/update Rolled back by @bob, internal: db-7 is flaky"));
  await sb.act(sb.as("alice").comment(sb.repo, n, "/update public Payments are recovering; next update in 30 minutes"));
  await sb.deliverEchoes();
  return n;
}

const pageText = () => [...pages().tree.values()].join("\n");
const status = () => JSON.parse(pages().tree.get("status.json") ?? "{}");
const gitRequests = (requests: string[]) => requests.filter((request) => request.includes("/git/"));

describe("the status page", () => {
  it("is committed by the run of each public change, one commit of three files each, and not by other runs", async () => {
    sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG } });
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
    const n = opened.issueNumber;
    expect(sb.repo.record.refs.has("refs/heads/gh-pages")).toBe(false);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev1\n/type service-outage"));
    expect(pages().commits).toBe(1);
    expect([...pages().tree.keys()].sort()).toEqual(FILES);
    expect(status().components).toEqual([
      { name: "Checkout", status: "major_outage", description: "Major outage" },
      { name: "Search", status: "operational", description: "Operational" },
    ]);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/update Rolled back by @bob, internal: db-7 is flaky"));
    expect(pages().commits).toBe(1);
    await sb.act(
      sb.as("alice").comment(sb.repo, n, "/update public Payments are recovering; next update in 30 minutes"),
    );
    expect(pages().commits).toBe(2);
    expect(status().active[0].update.text).toBe("Payments are recovering; next update in 30 minutes");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 2"));
    expect(status().active[0].severity).toBe("sev2");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/status monitoring"));
    expect(status().active[0].phase).toBe("monitoring");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/resolve"));
    expect(status()).toMatchObject({ active: [], recent: [{ phase: "resolved" }] });
    await sb.act(sb.as("alice").reopen(sb.repo, n));
    expect(status().active).toHaveLength(1);
    expect(pages().commits).toBe(6);
    // The app's own writes come back as webhooks: they change nothing public, and commit nothing.
    await sb.settle();
    expect(pages().commits).toBe(6);
    expect(pageText()).not.toContain("db-7");
    expect(pageText()).not.toMatch(/\b(alice|bob|reporter)\b/);
    // The default branch never sees the page.
    expect(sb.repo.record.files.has("index.html")).toBe(false);
  });

  it("costs a run that changes nothing public no request, and a public change seven", async () => {
    const measure = async (config: string) => {
      sb = await Sandbox.start({ files: { ".github/incident.yml": config } });
      const n = await declare();
      await sb.settle();
      sb.requestsSince();
      await sb.act(sb.as("alice").comment(sb.repo, n, "/update Still rolling back"));
      const internal = sb.requestsSince();
      await sb.act(sb.as("alice").comment(sb.repo, n, "/update public Still recovering"));
      const publicChange = sb.requestsSince();
      await sb.closeExpectingNoViolations();
      return { internal, publicChange };
    };
    const off = await measure("");
    const on = await measure(CONFIG);
    expect(on.internal).toEqual(off.internal);
    expect(gitRequests(on.internal)).toEqual([]);
    expect(on.publicChange.length - off.publicChange.length).toBe(7);
    expect(gitRequests(on.publicChange)).toEqual([
      "GET /repos/{owner}/{repo}/git/ref/{ref}",
      "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
      "POST /repos/{owner}/{repo}/git/trees",
      "POST /repos/{owner}/{repo}/git/commits",
      "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
    ]);
    sb = await Sandbox.start();
  });

  it("is repaired by the next sweep when a run's refresh failed", async () => {
    sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG } });
    const n = await declare();
    sb.gh.faults.add({ method: "POST", route: "/repos/{owner}/{repo}/git/commits", status: 502 });
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 2"));
    expect(status().active[0].severity).toBe("sev1");
    expect((await sb.sweep()).statusPage).toBe("written");
    expect(status().active[0].severity).toBe("sev2");
    expect((await sb.sweep()).statusPage).toBe("unchanged");
  });

  it("renders again and keeps the other commit when another incident's run moves the branch under it", async () => {
    sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG } });
    const first = await declare();
    const second = await declare();
    const before = pages().commits;
    // Just before the first run's fast-forward: the second incident's run writes its issue and commits the page.
    sb.gh.faults.interleave({ method: "PATCH", route: "/repos/{owner}/{repo}/git/refs/{ref}" }, () => {
      const scope = `${sb.repo.fullName}#${second}`;
      const body = sb.issue(second).body ?? "";
      const [facts] = readEmbeddedRecords(body, FACTS_RECORD, scope, KEYS);
      const changed = { ...facts, publicUpdate: { at: sb.gh.clock.iso(), text: "Second is recovering" } };
      const record = body.slice(body.indexOf(`<!-- firebreak:${FACTS_RECORD} `));
      const signed = renderRecord(FACTS_RECORD, changed, scope, KEYS);
      sb.as("alice").editBody(sb.repo, second, body.replace(record.slice(0, record.indexOf("-->") + 3), signed));
      sb.as("alice").push(sb.repo, { branch: "gh-pages", files: { CNAME: "status.example.com" } });
    });
    await sb.act(sb.as("alice").comment(sb.repo, first, "/sev 2"));
    expect(pages().commits).toBe(before + 2);
    expect(pages().tree.get("CNAME")).toBe("status.example.com");
    const shown = status().active.map((i: { severity: string; update: { text: string } }) => [
      i.severity,
      i.update.text,
    ]);
    expect(shown).toEqual([
      ["sev1", "Second is recovering"],
      ["sev2", "Payments are recovering; next update in 30 minutes"],
    ]);
  });

  it("loses neither of two incidents' changes made at the same time", async () => {
    sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG }, latencyMs: 2 });
    const first = await declare();
    const second = await declare();
    const changes = [
      sb.as("alice").comment(sb.repo, first, "/update public First is recovering"),
      sb.as("alice").comment(sb.repo, second, "/update public Second is recovering"),
    ];
    await Promise.all(changes.map((change) => sb.deliver(change)));
    const updates = status().active.map((incident: { update: { text: string } }) => incident.update.text);
    expect(updates.sort()).toEqual(["First is recovering", "Second is recovering"]);
  });

  it("shows an open incident declared more than 90 days ago as active", async () => {
    sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG }, now: "2026-06-01T12:00:00Z" });
    await declare();
    sb.gh.clock.advance("120d");
    expect((await sb.sweep()).statusPage).toBe("unchanged");
    expect(status()).toMatchObject({
      status: { indicator: "major_outage" },
      active: [{ title: expect.stringMatching(/^Checkout/), severity: "sev1", started: "2026-06-01T12:01:00Z" }],
    });
  });

  it("commits nothing for an incident of a sensitive type, and makes no request for the page", async () => {
    sb = await Sandbox.start({
      files: { ".github/incident.yml": `${CONFIG}types:\n  security: { sensitive: true }\n` },
    });
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Leaked keys" }));
    sb.gh.resetRequestLog();
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev1\n/type security"));
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/update public Keys rotated"));
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/resolve"));
    const pageRequests = sb.gh.requests.filter(
      (r) => /gh-pages|\/git\/(trees|commits)/.test(r.path) || (r.path.endsWith("/issues") && r.query.state === "open"),
    );
    expect(pageRequests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(sb.repo.record.refs.has("refs/heads/gh-pages")).toBe(false);
  });

  it("writes nothing for a repository that did not opt in", async () => {
    sb = await Sandbox.start();
    await declare();
    expect((await sb.sweep()).statusPage).toBe("off");
    expect(sb.repo.record.refs.has("refs/heads/gh-pages")).toBe(false);
  });

  itWithChromium("is readable at 390 px in headless Chromium, with headings and words for every state", async () => {
    sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG } });
    await declare();
    await sb.sweep();
    const html = pages().tree.get("index.html") ?? "";
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    try {
      const tab = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
      await tab.setContent(html);
      expect(await tab.locator("h1").textContent()).toBe(`${sb.repo.name} status`);
      expect(await tab.locator("h2").allTextContents()).toEqual([
        "Components",
        "Current incidents",
        "Past incidents (last 90 days)",
      ]);
      expect(await tab.getByRole("status").textContent()).toContain("Major outage");
      // The title is shown as text, never as markup.
      expect(await tab.locator("h3").first().textContent()).toMatch(/^Checkout <\u200b?b>returns/);
      expect(await tab.locator("h3 b").count()).toBe(0);
      expect(await tab.locator("li", { hasText: "Search" }).textContent()).toContain("Operational");
      // Nothing is wider than the phone.
      expect(await tab.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
      const out = join("demo-output", "screenshots");
      mkdirSync(out, { recursive: true });
      await tab.screenshot({ path: join(out, "status-page.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
