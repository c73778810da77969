import { liveMentions } from "../support/markdown.js";
import { Sandbox } from "../support/sandbox.js";

/**
 * "What changed?": the changes that landed before an incident, from the repository's own history, ranked by the
 * affected service's paths and deployment recency; `/suspect` and `/cleared`; a cost that does not grow with it.
 */

const BOT = "firebreak[bot]";
const CONFIG = [
  "services:",
  "  checkout:",
  '    paths: ["services/checkout/**"]',
  '    labels: ["service:checkout"]',
  "",
].join("\n");

let sb: Sandbox;
let branches = 0;

afterEach(() => sb.closeExpectingNoViolations());

async function start(config = CONFIG): Promise<void> {
  sb = await Sandbox.start({ files: { ".github/incident.yml": config } });
  // The repository's first commit lands a day before anything the tests ask about.
  sb.gh.clock.advance("25h");
}

/** A pull request opened by `author` and merged by erin, ten minutes of the clock later; webhooks not delivered. */
function landPull(author: string, title: string, files: Record<string, string>): { number: number; sha: string } {
  const head = `change-${++branches}`;
  sb.as(author).push(sb.repo, { branch: head, files });
  const { pullNumber } = sb.as(author).openPull(sb.repo, { title, head });
  const { sha } = sb.as("erin").mergePull(sb.repo, pullNumber, "squash");
  sb.gh.clock.advance("10m");
  return { number: pullNumber, sha };
}

/** An old pull request, merged long before any incident (made at set-up speed: no webhooks). */
function landOld(i: number): void {
  sb.as("alice").landPull(sb.repo, {
    title: `Old change ${i}`,
    files: { [`lib/module-${i % 50}.ts`]: `v${i}\n` },
    mergedBy: "erin",
  });
}

function deploy(ref: string, environment: string, state: "success" | "failure" = "success"): number {
  const { deploymentId } = sb.as("erin").deploy(sb.repo, { ref, environment, description: "CD" });
  sb.gh.clock.advance("1m");
  sb.as("erin").setDeploymentStatus(sb.repo, deploymentId, state, `https://ci.example/deploy/${deploymentId}`);
  sb.gh.clock.advance("9m");
  return deploymentId;
}

async function declare(title = "Checkout returns 500"): Promise<number> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title }));
  await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev1"));
  await sb.settle();
  return opened.issueNumber;
}

/** What every command costs first: the issue, its timeline, the commenter's permission, the reaction. */
const COMMAND_READ = [
  "GET /repos/{owner}/{repo}/issues/{issue_number}",
  "GET /repos/{owner}/{repo}/issues/{issue_number}/timeline",
  "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
  "POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
];
/** And last: the dashboard and labels in one PATCH (read just before), then the verdicts' record. */
const PROJECTED = [
  "GET /repos/{owner}/{repo}/issues/{issue_number}",
  "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
  "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
];
const botComments = (on: number) => sb.issue(on).comments.filter((c) => c.user === BOT);
const whatChanged = (on: number) =>
  /### What changed\n[\s\S]*?\n\n(?=#|<sub>)/.exec(sb.issue(on).body ?? "")?.[0] ?? "";
const listComments = (on: number) => botComments(on).filter((c) => c.body.startsWith("**What changed**"));
const rowsOf = (on: number) =>
  whatChanged(on)
    .split("\n")
    .filter((line) => /^\| \d/.test(line));

describe("suspect changes", () => {
  it("ranks the production deploy of the change to the affected service first, then that change, then the rest by time", async () => {
    await start();
    const docs = landPull("alice", "Reword the docs", { "docs/guide.md": "v2\n" });
    const pool = landPull("bob", "Shrink the checkout pool", { "services/checkout/pool.ts": "size = 2\n" });
    const search = landPull("alice", "Tune search ranking", { "services/search/rank.ts": "w = 3\n" });
    sb.as("erin").push(sb.repo, { files: { "services/search/boost.ts": "x\n" }, message: "Hotfix search boost" });
    sb.gh.clock.advance("5m");
    deploy(search.sha, "staging");
    deploy(pool.sha, "production");
    const n = await declare();

    const rows = rowsOf(n);
    expect(rows[0]).toMatch(
      new RegExp(`^\\| 1 \\| \\[deploy to \`production\`\\]\\(.*\\) CD \\(#\u200B${pool.number}\\)`),
    );
    expect(rows[0]).toContain("touches `services/checkout/**` (checkout)");
    expect(rows[0]).toContain("the latest deployment to production 10 min before detection");
    expect(rows[1]).toMatch(
      new RegExp(`^\\| 2 \\| \\[#${pool.number}\\]\\(.*/pull/${pool.number}\\) Shrink the checkout pool \\| bob \\|`),
    );
    expect(rows[1]).toContain("files: `services/checkout/pool.ts`");
    expect(rows.slice(2).map((row) => row.split(" | ")[1])).toEqual([
      expect.stringContaining("deploy to `staging`"),
      expect.stringContaining("Hotfix search boost"),
      expect.stringContaining(`[#${search.number}]`),
    ]);
    expect(whatChanged(n)).not.toContain(`[#${docs.number}]`); // only the top five are shown
    // The whole list is in the record the app commented, and on the timeline (so in the post-mortem's).
    const [list] = listComments(n);
    expect(list?.body).toContain("3 pull requests merged, 1 direct push, 2 deployments");
    expect(sb.issue(n).body).toContain(`| PR #\u200B${docs.number} merged: Reword the docs — by alice |`);
    expect(sb.issue(n).body).toContain("| Deployment to production succeeded — by erin |");
  });

  it("shows what a production deploy shipped since the one before, so a change merged before the window ranks it first", async () => {
    await start();
    for (const environment of ["staging", "canary", "production"]) deploy("main", environment);
    const pool = landPull("bob", "Shrink the checkout pool", { "services/checkout/pool.ts": "size = 2\n" });
    sb.gh.clock.advance("2d");
    const docs = landPull("alice", "Reword the docs", { "docs/guide.md": "v2\n" });
    deploy(docs.sha, "staging");
    deploy(docs.sha, "canary");
    deploy(docs.sha, "production");
    const retry = landPull("bob", "Retry checkout calls", { "services/checkout/retry.ts": "tries = 3\n" });
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
    sb.requestsSince();
    await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev1"));
    await sb.settle();
    const made = sb.requestsSince();

    // The deploy of the docs also shipped the pool change, merged before the window: its files say so.
    const rows = rowsOf(opened.issueNumber);
    expect(rows[0]).toMatch(
      new RegExp(`^\\| 1 \\| \\[deploy to \`production\`\\]\\(.*\\) CD \\(#\u200B${docs.number}\\)`),
    );
    expect(rows[0]).toContain("touches `services/checkout/**` (checkout)");
    expect(rows[0]).toContain("files: `services/checkout/pool.ts`");
    expect(rows[1]).toContain(`[#${retry.number}]`);
    expect(whatChanged(opened.issueNumber)).not.toContain(`[#${pool.number}]`);
    // One compare per deployment compared, the newest to each environment and two at most: not staging's.
    const compares = made.filter((request) => request.includes("/compare/"));
    expect(compares).toHaveLength(2);
    const [list] = listComments(opened.issueNumber);
    expect(list?.body).toContain("2 pull requests merged, 3 deployments");
    expect(rows.find((row) => row.includes("deploy to `staging`"))).not.toContain("services/checkout");
  });

  it("looks once per declaration: a redelivery and later runs reuse the record, `/suspects 3d` looks again once", async () => {
    await start();
    landPull("bob", "Shrink the checkout pool", { "services/checkout/pool.ts": "size = 2\n" });
    const n = (await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }))).issueNumber;
    const declaration = await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev1"));
    await sb.settle();
    expect(listComments(n)).toHaveLength(1);
    sb.requestsSince();
    await sb.deliver(declaration);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note paged the database team"));
    await sb.settle();
    expect(sb.requestsSince().filter((r) => /\/pulls|\/commits|\/deployments|\/releases/.test(r))).toEqual([]);
    expect(listComments(n)).toHaveLength(1);
    const again = await sb.act(sb.as("alice").comment(sb.repo, n, "/suspects 3d"));
    await sb.deliver(again);
    await sb.settle();
    const lists = listComments(n);
    expect(lists).toHaveLength(2);
    expect(lists[1]?.body).toMatch(/^\*\*What changed\*\* in the 3d before detection/);
    expect(sb.issue(n).body).toContain("In the 3d before detection, the most likely first:");
    // The refreshed list names the same pull request: the timeline shows its merge once.
    expect(sb.issue(n).body?.match(/PR #\u200B1 merged/g)).toHaveLength(1);
  });

  it("costs the same few requests on a repository with 5,000 merged pull requests", async () => {
    const lookups: string[][] = [];
    for (const history of [0, 5_000]) {
      await start();
      for (let i = 0; i < history; i++) landOld(i);
      // The deployment before the window, from which the one in it is compared.
      deploy("main", "production");
      sb.gh.clock.advance("2d");
      const pool = landPull("bob", "Shrink the checkout pool", { "services/checkout/pool.ts": "size = 2\n" });
      landPull("alice", "Tune search ranking", { "services/search/rank.ts": "w = 3\n" });
      deploy(pool.sha, "production");
      const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
      sb.requestsSince();
      await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, "/incident declare sev1"));
      const made = sb.requestsSince();
      const from = made.indexOf("GET /repos/{owner}/{repo}/pulls");
      // Never before the declaration: its comment (the id, the page) is written first.
      expect(made.indexOf("POST /repos/{owner}/{repo}/issues/{issue_number}/comments")).toBeLessThan(from);
      const to = made.lastIndexOf("POST /repos/{owner}/{repo}/issues/{issue_number}/comments");
      lookups.push(made.slice(from, to + 1));
      // Nor before the incident shows its state (labels, title, dashboard); the list is shown in one more PATCH.
      expect(made.indexOf("PATCH /repos/{owner}/{repo}/issues/{issue_number}")).toBeLessThan(from);
      expect(made.slice(to + 1)).toEqual([
        "GET /repos/{owner}/{repo}/issues/{issue_number}",
        "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      ]);
      expect(rowsOf(opened.issueNumber)[0]).toContain("the latest deployment to production");
      if (history) expect(sb.repo.pulls()).toHaveLength(history + 2);
      else await sb.closeExpectingNoViolations();
    }
    // One page of recently updated pull requests, one of commits, releases and deployments, CODEOWNERS, the
    // deployment's latest status and what it shipped (one compare), the two newest pull requests' files, and the
    // comment that records the list.
    expect(lookups[1]).toEqual(lookups[0]);
    expect([...lookups[1]!].sort()).toEqual(
      [
        "GET /repos/{owner}/{repo}/pulls",
        "GET /repos/{owner}/{repo}/commits",
        "GET /repos/{owner}/{repo}/releases",
        "GET /repos/{owner}/{repo}/deployments",
        "GET /repos/{owner}/{repo}/contents/{path}",
        "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
        "GET /repos/{owner}/{repo}/compare/{base}...{head}",
        "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
        "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      ].sort(),
    );
  }, 120_000);

  it("tells a suspected pull request's author once, however `/suspect` and `/cleared` are redelivered or raced", async () => {
    await start(`${CONFIG}suspects:\n  label: incident:suspect\n`);
    const pool = landPull("bob", "Shrink the checkout pool", { "services/checkout/pool.ts": "size = 2\n" });
    const n = await declare();
    sb.requestsSince();
    const first = await sb.act(sb.as("alice").comment(sb.repo, n, `/suspect #${pool.number}`), "0m");
    const second = sb.as("bob").comment(sb.repo, n, `/suspect ${pool.number}`);
    await Promise.all([sb.deliver(first), sb.deliver(first), sb.deliver(second)]);
    await sb.settle();
    const onPull = () => sb.issue(pool.number).comments.filter((c) => c.user === BOT);
    expect(onPull()).toHaveLength(1);
    expect(onPull()[0]?.body).toContain(
      `@bob this pull request is suspected as a cause of incident **INC-2026-11-26-001**`,
    );
    expect(onPull()[0]?.body).toContain(`/issues/${n}`);
    expect(sb.issue(pool.number).labels).toEqual(["incident:suspect"]);
    expect(whatChanged(n)).toContain(
      `- **Suspected cause:** #${pool.number} Shrink the checkout pool (marked by alice)`,
    );
    const cleared = await sb.act(sb.as("alice").comment(sb.repo, n, `/cleared #${pool.number}`));
    await sb.deliver(cleared);
    await sb.settle();
    expect(whatChanged(n)).not.toContain("Suspected cause");
    expect(sb.issue(n).body).toContain(`Cleared as a cause: pull request #\u200B${pool.number}`);
    // The label follows: off with `/cleared`, back on with a later `/suspect`, each once however redelivered.
    expect(sb.issue(pool.number).labels).toEqual([]);
    const again = await sb.act(sb.as("bob").comment(sb.repo, n, `/suspect #${pool.number}`));
    await sb.deliver(again);
    await sb.settle();
    expect(sb.issue(pool.number).labels).toEqual(["incident:suspect"]);
    expect(whatChanged(n)).toContain(`- **Suspected cause:** #${pool.number} Shrink the checkout pool (marked by bob)`);
    await sb.act(sb.as("erin").removeLabel(sb.repo, pool.number, "incident:suspect")); // by hand: it stays off
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note still looking"));
    await sb.settle();
    expect(sb.issue(pool.number).labels).toEqual([]);
    expect(onPull()).toHaveLength(1);
    expect(botComments(n).filter((c) => c.body.startsWith(`Marked #${pool.number}`))).toHaveLength(1);
  });

  it("leaves out what the app may not read, and says so, instead of failing the list", async () => {
    await start();
    const pool = landPull("bob", "Shrink the checkout pool", { "services/checkout/pool.ts": "size = 2\n" });
    deploy(pool.sha, "production");
    // What GitHub answers an installation without the `deployments` permission.
    sb.gh.faults.add({
      method: "GET",
      route: "/repos/{owner}/{repo}/deployments",
      status: 403,
      body: { message: "Resource not accessible by integration", status: "403" },
    });
    const n = await declare();
    const [list] = listComments(n);
    expect(list?.body).toContain("1 pull request merged.");
    expect(list?.body).toContain("_Not read (no permission): deployments._");
    expect(rowsOf(n)[0]).toContain(`[#${pool.number}]`);
    expect(sb.gh.faults.pending()).toEqual([]);
  });

  it("costs a `/suspect` a claim, the pull request and its files, the earlier incidents, and two comments", async () => {
    await start();
    const pool = landPull("bob", "Shrink the checkout pool", { "services/checkout/pool.ts": "size = 2\n" });
    const n = await declare();
    sb.requestsSince();
    await sb.act(sb.as("alice").comment(sb.repo, n, `/suspect #${pool.number}`));
    expect(sb.requestsSince()).toEqual([
      ...COMMAND_READ,
      // claimed first (a Git ref): of two runs at once, one tells the author
      "GET /repos/{owner}/{repo}/git/ref/{ref}",
      "POST /repos/{owner}/{repo}/git/refs",
      "GET /repos/{owner}/{repo}/pulls/{pull_number}",
      "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
      // the incidents of the repeat window, for an earlier fix of the same files (one page)
      "GET /repos/{owner}/{repo}/issues",
      // the one comment on the pull request, then the reply on the incident that records it
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      ...PROJECTED,
    ]);
    // `/cleared` reads nothing more: the timeline and the dashboard, in the usual single PATCH.
    await sb.settle();
    sb.requestsSince();
    await sb.act(sb.as("alice").comment(sb.repo, n, `/cleared #${pool.number}`));
    expect(sb.requestsSince()).toEqual([...COMMAND_READ, ...PROJECTED]);
  });

  it("never turns a changer's login or a title's `@team` into a mention, but for the author on the pull request", async () => {
    await start();
    sb.repo.setCollaborator("here", "write");
    const pull = landPull("here", "Page @acme/sre and @alice on checkout", { "services/checkout/pager.ts": "x\n" });
    const n = await declare();
    await sb.act(sb.as("alice").comment(sb.repo, n, `/suspect #${pull.number}`));
    await sb.settle();
    expect(whatChanged(n)).toContain("Page @\u200Bacme/sre and @\u200Balice on checkout");
    const incidentText = [sb.issue(n).body ?? "", ...botComments(n).map((c) => c.body)].join("\n");
    expect(liveMentions(incidentText).filter((login) => ["here", "acme/sre"].includes(login))).toEqual([]);
    const aboutChanges = botComments(n).filter((c) => /^\*\*What changed|^Marked #/.test(c.body));
    expect(aboutChanges).toHaveLength(2);
    expect(aboutChanges.flatMap((c) => liveMentions(c.body))).toEqual([]);
    const onPull = sb.issue(pull.number).comments.filter((c) => c.user === BOT);
    expect(onPull.map((c) => liveMentions(c.body))).toEqual([["here"]]);
  });

  it("says a suspected change touches the files an earlier incident's fix changed, and the report counts a repeat", async () => {
    await start();
    const earlier = await declare("Checkout pool exhausted");
    await sb.act(sb.as("bob").comment(sb.repo, earlier, "/action Bound the checkout pool @alice"));
    await sb.settle();
    const item = sb.repo.issues().find((issue) => issue.labels.includes("incident:action-item"))!;
    sb.as("alice").push(sb.repo, { branch: "fix-pool", files: { "services/checkout/pool.ts": "size = 10\n" } });
    const fix = sb
      .as("alice")
      .openPull(sb.repo, { title: "Bound the pool", body: `Fixes #${item.number}`, head: "fix-pool" });
    await sb.act(sb.as("erin").mergePull(sb.repo, fix.pullNumber));
    await sb.settle();
    await sb.act(sb.as("bob").comment(sb.repo, earlier, "/resolve pool bounded"));
    await sb.settle();
    sb.gh.clock.advance("3h");
    const cause = landPull("bob", "Shrink the checkout pool", { "services/checkout/pool.ts": "size = 2\n" });
    const n = await declare();
    await sb.act(sb.as("alice").comment(sb.repo, n, `/suspect #${cause.number}`));
    await sb.settle();
    expect(whatChanged(n)).toContain(
      `⚠️ **Repeat:** the same files were changed to fix INC-2026-11-26-001 (#${earlier}): \`services/checkout/pool.ts\`; [its post-mortem](https://github.com/acme/checkout/blob/HEAD/postmortems/INC-2026-11-26-001.md).`,
    );
    await sb.act(sb.as("carol").comment(sb.repo, n, "/incident report 2026-11"));
    await sb.settle();
    const report = sb.repo.issues().find((issue) => issue.labels.includes("incident:report"))!;
    expect(report.body).toMatch(
      new RegExp(`\\| #${n} Checkout returns 500 .*same files fixed: services/checkout/pool.ts \\| #${earlier} \\|`),
    );
  });
});
