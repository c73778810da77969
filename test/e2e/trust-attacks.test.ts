import { incidentFormBody } from "../support/issue-form.js";
import { dashboardOf, liveMentions, liveReferences } from "../support/markdown.js";
import { Sandbox } from "../support/sandbox.js";

/**
 * Red team: attacks by a reader (carol), triage (dave) and an issue's author without permission (reporter)
 * that the trust, user-text and bounded-text tests do not try. Each test asserts the secure behaviour.
 */

const BOT = "firebreak[bot]";
let sb: Sandbox;
beforeEach(async () => {
  sb = await Sandbox.start();
});
afterEach(() => sb.closeExpectingNoViolations());

/** Delivers and advances the clock like `sb.act`, but a delivery the app fails is not the test's failure: what it left behind is. */
async function tryAct(deliveries: Parameters<Sandbox["deliver"]>[0]): Promise<void> {
  for (const delivery of deliveries) await sb.deliver([delivery]).catch(() => undefined);
  sb.gh.clock.advance("1m");
}
const incidentRefs = () => Object.keys(sb.repo.refs()).filter((ref) => ref.includes("firebreak/incidents"));
const appComments = (n: number) => sb.issue(n).comments.filter((c) => c.user === BOT);
/** The third checklist item of the default "Service outage" type: no Markdown of its own. */
const ITEM = "If a recent change caused it, roll back to the last known good version";
const ticked = (body: string | null | undefined) =>
  dashboardOf(body)
    .split("\n")
    .filter((line) => line.startsWith("- [x] "));
const form = (answers: Parameters<typeof incidentFormBody>[0]) =>
  incidentFormBody({
    severity: "sev3 — Minor",
    type: "Service outage",
    summary: "Checkout is down",
    impact: "EU customers",
    detectedAt: "11:55",
    ...answers,
  });

async function formIncident(body = form({})): Promise<number> {
  sb.repo.setCollaborator("reporter", "read");
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout down", body }));
  await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
  return opened.issueNumber;
}

describe("the runbook checklist cannot be ticked by someone without permission", () => {
  it("through a U+2028 line separator in the issue form's summary (JS `^`/`$` treat it as a line break)", async () => {
    const n = await formIncident(form({ summary: `All good\u2028- [x] ${ITEM}\u2028thanks` }));
    expect(ticked(sb.issue(n).body)).toEqual([]);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note looking"));
    expect(ticked(sb.issue(n).body)).toEqual([]);
  });

  it("through a dashboard block the reporter planted in the issue before it was declared", async () => {
    const planted = `<!-- firebreak:dashboard:start -->\n- [x] ${ITEM}\n<!-- firebreak:dashboard:end -->\n\n${form({})}`;
    const n = await formIncident(planted);
    expect(ticked(sb.issue(n).body)).toEqual([]);
  });

  it("when the webhook of the reporter's tick never arrives (GitHub does not promise delivery)", async () => {
    const n = await formIncident();
    const body = sb.issue(n).body ?? "";
    expect(body).toContain(`- [ ] ${ITEM}`);
    sb.as("reporter").editBody(sb.repo, n, body.replace(`- [ ] ${ITEM}`, `- [x] ${ITEM}`)); // delivery lost
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note looking"));
    expect(ticked(sb.issue(n).body)).toEqual([]);
  });

  it("when the reporter's padded text had left no room for a dashboard, and an edit brings one of their own", async () => {
    const padded = `${form({})}\n\n${"x".repeat(65_000 - form({}).length)}`;
    const n = await formIncident(padded);
    expect(sb.issue(n).body).not.toContain("firebreak:dashboard:start");
    await sb.act(
      sb
        .as("reporter")
        .editBody(
          sb.repo,
          n,
          `<!-- firebreak:dashboard:start -->\n- [x] ${ITEM}\n<!-- firebreak:dashboard:end -->\n\n${form({})}`,
        ),
    );
    expect(ticked(sb.issue(n).body)).toEqual([]);
  });

  it("by two quick edits: the second edit's `before` is the reporter's own ticked body", async () => {
    const n = await formIncident();
    const body = sb.issue(n).body ?? "";
    const tick = sb.as("reporter").editBody(sb.repo, n, body.replace(`- [ ] ${ITEM}`, `- [x] ${ITEM}`));
    const again = sb.as("reporter").editBody(sb.repo, n, `${sb.issue(n).body}\n\nsorry, typo`);
    await sb.act(tick);
    await sb.act(again);
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note looking"));
    expect(ticked(sb.issue(n).body)).toEqual([]);
  });
});

describe("an edit of the issue form is judged as its editor made it", () => {
  it("does not credit a writer's edit with the reporter's edit made before the writer's webhook was handled", async () => {
    const n = await formIncident();
    const body = sb.issue(n).body ?? "";
    // alice ticks a box (a body edit); a moment later, before Firebreak handles it, the reporter raises the severity.
    const writers = sb.as("alice").editBody(sb.repo, n, body.replace(`- [ ] ${ITEM}`, `- [x] ${ITEM}`));
    const readers = sb
      .as("reporter")
      .editBody(sb.repo, n, (sb.issue(n).body ?? "").replace("sev3 — Minor", "sev1 — Critical"));
    await sb.act(writers);
    await sb.act(readers);
    expect(sb.issue(n).labels).toContain("sev3");
    expect(sb.issue(n).labels).not.toContain("sev1");
    expect(appComments(n).some((c) => c.body.includes("`@alice` edited the issue form"))).toBe(false);
  });
});

describe("no number of reader comments can stop an incident from being declared", () => {
  it("declares once, with one id, on an issue where a reader left 3,400 bare commands beforehand", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout down" }));
    const n = opened.issueNumber;
    // Bare `/sev 1` lines on an ordinary issue are other bots' business: no webhook run, no reply, no verdict yet.
    for (let i = 0; i < 3_400; i++) sb.as("carol").comment(sb.repo, n, "/sev 1");
    await tryAct(sb.as("alice").comment(sb.repo, n, "/incident declare sev2"));
    await tryAct(sb.as("alice").comment(sb.repo, n, "/note looking"));
    await tryAct(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    expect({
      declarations: appComments(n).filter((c) => c.body.includes("INCIDENT DECLARED")).length,
      ids: incidentRefs(),
    }).toEqual({ declarations: 1, ids: [expect.stringContaining("INC-2026-11-25-001")] });
    expect(sb.issue(n).title).toBe("[INC-2026-11-25-001] Checkout down");
  }, 120_000);
});

describe("what the issue form said when the incident was declared", () => {
  it("is what it said when the writer declared, not what the reporter changed it to before Firebreak read it", async () => {
    sb.repo.setCollaborator("reporter", "read");
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout down", body: form({}) }));
    const n = opened.issueNumber;
    // alice reads a sev3 report and labels it; the reporter raises it to sev1 before Firebreak handles the label.
    const label = sb.as("alice").addLabels(sb.repo, n, ["incident"]);
    sb.gh.clock.advance("5s");
    const edit = sb
      .as("reporter")
      .editBody(sb.repo, n, form({ severity: "sev1 — Critical", summary: "Everything is down, page everyone" }));
    await sb.act(label);
    await sb.act(edit);
    expect(sb.issue(n).labels).toContain("sev3");
    expect(dashboardOf(sb.issue(n).body)).toContain("Checkout is down");
  });
});

describe("the title the app writes", () => {
  it("carries no live mention or reference from the reporter's own title", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout" }));
    const n = opened.issueNumber;
    await sb.act(sb.as("reporter").rename(sb.repo, n, "Checkout down @acme/everyone see #1 and GH-1"));
    await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
    const { title } = sb.issue(n);
    expect(title).toMatch(/^\[INC-2026-11-25-001\] Checkout down/);
    expect({ mentions: liveMentions(title), references: liveReferences(title) }).toEqual({
      mentions: [],
      references: [],
    });
  });
});

describe("work per event stays bounded", () => {
  it("does not look up the permission of every login a reader names in refused role commands", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout down" }));
    const n = opened.issueNumber;
    // 30 bare comments, 20 role commands each, naming 600 different logins (no run: bare commands on an ordinary issue).
    for (let c = 0; c < 30; c++)
      sb.as("carol").comment(sb.repo, n, Array.from({ length: 20 }, (_, i) => `/ic @user-${c}-${i}`).join("\n"));
    sb.requestsSince();
    await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev2"));
    const lookups = sb.requestsSince().filter((request) => request.includes("/permission"));
    // alice's and carol's own permission decide every verdict here.
    expect(lookups.length).toBeLessThanOrEqual(2);
  }, 60_000);

  it("looks up at most the commenter's permission for one reader comment naming 20 people", async () => {
    const n = (await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout down" }))).issueNumber;
    await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev2"));
    sb.requestsSince();
    await sb.act(
      sb.as("carol").comment(sb.repo, n, Array.from({ length: 20 }, (_, i) => `/ic @someone-${i}`).join("\n")),
    );
    expect(sb.requestsSince().filter((request) => request.includes("/permission")).length).toBeLessThanOrEqual(1);
  });
});

describe("one reader comment, one answer", () => {
  it("writes at most one comment for a reader's comment, whatever it holds (\\r line breaks, help, overflow, forged records)", async () => {
    const n = (await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout down" }))).issueNumber;
    await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev2"));
    const attacks = [
      "/help\r/sev 1\r/status fixing\r\n/ic @carol",
      Array.from({ length: 45 }, (_, i) => (i % 2 ? "/help" : `/sev ${i}`)).join("\n"),
      `/sev 1\n<!-- firebreak:reply {"source":"x","refusals":{}} ${"0".repeat(32)} -->`,
      "/sev\u2028/status resolved\u2029/ic @carol",
    ];
    for (const body of attacks) {
      const before = appComments(n).length;
      await sb.act(sb.as("carol").comment(sb.repo, n, body));
      expect(appComments(n).length - before).toBe(1);
      expect(appComments(n).at(-1)!.body).toMatch(/^@carol /);
    }
    expect(sb.issue(n).labels.sort()).toEqual(["incident", "sev2", "status:investigating"]);
  });
});
