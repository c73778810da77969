import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { Sandbox } from "../support/sandbox.js";

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

describe("the status page", () => {
  it("is committed by a sweep in one commit of three files, and not again when nothing changed", async () => {
    sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG } });
    await declare();
    const first = await sb.sweep();
    expect(first.statusPage).toBe("written");
    expect(pages().commits).toBe(1);
    expect([...pages().tree.keys()].sort()).toEqual(FILES);
    const status = JSON.parse(pages().tree.get("status.json") ?? "{}");
    expect(status.components).toEqual([
      { name: "Checkout", status: "major_outage", description: "Major outage" },
      { name: "Search", status: "operational", description: "Operational" },
    ]);
    expect(status.active[0].update.text).toBe("Payments are recovering; next update in 30 minutes");
    for (const text of pages().tree.values()) {
      expect(text).not.toContain("db-7");
      expect(text).not.toMatch(/\b(alice|bob|reporter)\b/);
    }
    const second = await sb.sweep();
    expect(second.statusPage).toBe("unchanged");
    expect(pages().commits).toBe(1);
    // The default branch never sees the page.
    expect(sb.repo.record.files.has("index.html")).toBe(false);
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
