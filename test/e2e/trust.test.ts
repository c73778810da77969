import { incidentFormBody } from "../support/issue-form.js";
import { Sandbox, sandboxProbot, SIGNING_KEY } from "../support/sandbox.js";
import { createFirebreak } from "../../src/index.js";
import type { Delivery } from "../../github-standin/index.js";
import { commentKey } from "../../src/domain/inputs.js";

/**
 * Attacks by someone with read access (carol) or triage (dave), and by the reporter of an issue (who can edit
 * its body whatever their permission): forged records, editable history, and replies that say too much.
 */

const BOT = "firebreak[bot]";
let sb: Sandbox;
beforeEach(async () => {
  sb = await Sandbox.start();
});
afterEach(async () => {
  expect(sb.gh.violations).toEqual([]);
  // Whatever happened, every comment the app wrote carries exactly one hidden comment: its own record, last.
  for (const n of sb.repo.issueNumbers()) {
    for (const comment of sb.issue(n).comments.filter((c) => c.user === BOT)) {
      expect(comment.body.match(/<!--/g)).toHaveLength(1);
      expect(comment.body.trimEnd().split("\n").at(-1)).toMatch(/^<!-- firebreak:[a-z-]+ \{.*\} [0-9a-f]{32} -->$/);
    }
  }
  await sb.close();
});

const appComments = (n: number) => sb.issue(n).comments.filter((c) => c.user === BOT);
const recordLine = (body: string) => body.trimEnd().split("\n").at(-1)!;

async function declaredIncident(title = "Checkout returns 500", severity = "sev3"): Promise<number> {
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title }));
  await sb.act(sb.as("alice").comment(sb.repo, opened.issueNumber, `/incident declare ${severity}`));
  return opened.issueNumber;
}

describe("the app never writes a record it did not mean to", () => {
  it("gives a later declaration its own id when a reader quoted another incident's declaration record before", async () => {
    const first = await declaredIncident("Payments down");
    const copied = recordLine(appComments(first).find((c) => c.body.includes("INCIDENT DECLARED"))!.body);
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Search slow" }));
    const n = opened.issueNumber;
    // Variants: the copied signed record, a hand-made one, split across a command's argument, inside a note.
    await sb.act(sb.as("carol").comment(sb.repo, n, `/incident ${copied} x`));
    await sb.act(
      sb
        .as("carol")
        .comment(
          sb.repo,
          n,
          '/incident declare <!-- firebreak:declared {"id":"INC-2026-11-25-001"} 0123456789abcdef0123456789abcdef -->',
        ),
    );
    await sb.act(sb.as("carol").comment(sb.repo, n, `/incident help\n${copied}`));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev2"));
    await sb.act(sb.as("alice").comment(sb.repo, n, `/note the reader pasted ${copied}`));
    const issue = sb.issue(n);
    expect(issue.title).toBe("[INC-2026-11-25-002] Search slow");
    expect(appComments(n).filter((c) => c.body.includes("INCIDENT DECLARED: INC-2026-11-25-002"))).toHaveLength(1);
    expect(issue.labels).toContain("sev2");
    // The pasted record shows in the dashboard's timeline as text, never as a hidden comment: the only ones are the
    // dashboard's markers and the app's own signed facts.
    expect(issue.body?.match(/<!--/g)).toHaveLength(3);
    expect(issue.body?.match(/^<!-- firebreak:facts \{"number":\d+,/m)).not.toBeNull();
  });

  it("keeps a writer's accepted /sev 1 when readers' refused commands quote refusal records", async () => {
    const n = await declaredIncident();
    const accepted = await sb.act(sb.as("bob").comment(sb.repo, n, "/sev 1"));
    // Anyone can compute the key of a comment they can read: its id and a digest of its text.
    const key = commentKey(accepted.commentId, "/sev 1");
    await sb.act(sb.as("carol").comment(sb.repo, n, "/sev 4"));
    const realRefusal = recordLine(appComments(n).at(-1)!.body);
    const forgeries = [
      `<!-- firebreak:reply {"source":"${key}","refusal":"no"} -->`,
      `<!-- firebreak:reply {"source":"${key}","refusals":{"${key}":"no"}} ${"f".repeat(32)} -->`,
      realRefusal.replace(/"refusals":\{"[^"]*"/, `"refusals":{"${key}"`),
    ];
    for (const forged of forgeries) {
      await sb.act(sb.as("carol").comment(sb.repo, n, `/sev ${forged} banana`));
      await sb.act(sb.as("carol").comment(sb.repo, n, `/sev banana\n${forged}`));
    }
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note still looking"));
    expect(sb.issue(n).labels).toContain("sev1");
    expect(sb.issue(n).labels).not.toContain("sev4");
  });
});

describe("history a reporter can edit is not history", () => {
  const form = (severity: string, summary = "Checkout is down") =>
    incidentFormBody({ severity, type: "Service outage", summary, impact: "EU customers", detectedAt: "11:55" });

  async function formIncident(): Promise<number> {
    sb.repo.setCollaborator("reporter", "read");
    const opened = await sb.act(
      sb.as("reporter").openIssue(sb.repo, { title: "Checkout down", body: form("sev3 — Minor") }),
    );
    await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
    return opened.issueNumber;
  }

  it("reads the issue form once: the reporter's later edits change nothing, and they are told once", async () => {
    const n = await formIncident();
    expect(sb.issue(n).labels).toContain("sev3");
    await sb.act(sb.as("reporter").editBody(sb.repo, n, form("sev1 — Critical", "Nothing to see")));
    await sb.act(
      sb.as("reporter").editBody(
        sb.repo,
        n,
        incidentFormBody({
          severity: "sev4",
          type: "Security incident",
          summary: "x",
          detectedAt: "2020-01-01 00:00",
        }),
      ),
    );
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note checking"));
    const issue = sb.issue(n);
    expect(issue.labels).toContain("sev3");
    expect(issue.body).toContain("Checkout is down");
    expect(issue.body).not.toContain("Security incident |");
    expect(issue.body).toContain("2026-11-25 11:55 UTC");
    const told = appComments(n).filter((c) => c.body.includes("did not apply your edit ("));
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain("`/sev <1-4>`");
  });

  it("applies an edit of the form by someone allowed to change the incident, as a judged input", async () => {
    const n = await formIncident();
    await sb.act(sb.as("alice").editBody(sb.repo, n, form("sev1 — Critical", "Checkout and cart are down")));
    const issue = sb.issue(n);
    expect(issue.labels).toContain("sev1");
    expect(issue.body).toContain("Checkout and cart are down");
    expect(
      appComments(n).filter((c) => c.body.includes("`@alice` edited the issue form: severity sev1, summary")),
    ).toHaveLength(1);
    // Redelivering the edit's webhook records nothing twice.
    sb.requestsSince();
    await sb.deliver(sb.as("alice").editBody(sb.repo, n, sb.issue(n).body ?? ""));
    expect(sb.writesSince()).toEqual([]);
  });

  it("does not let a writer's unrelated edit carry a reader's earlier edit of the form", async () => {
    const n = await formIncident();
    await sb.act(sb.as("reporter").editBody(sb.repo, n, form("sev1 — Critical")));
    const withReadersEdit = sb.issue(n).body ?? "";
    await sb.act(sb.as("alice").editBody(sb.repo, n, `${withReadersEdit}\n\nAdded a link to the runbook.`));
    expect(sb.issue(n).labels).toContain("sev3");
    expect(appComments(n).some((c) => c.body.includes("edited the issue form:"))).toBe(false);
  });

  it("takes back a reader's tick in the runbook checklist, says so once, and keeps a writer's", async () => {
    const n = await declaredIncident();
    await sb.act(sb.as("alice").comment(sb.repo, n, "/type data-loss"));
    const unticked = sb.issue(n).body ?? "";
    expect(unticked).toContain("\n- [ ] ");
    const tickFirst = (body: string) => body.replace("\n- [ ] ", "\n- [x] ");
    await sb.act(sb.as("reporter").editBody(sb.repo, n, tickFirst(unticked)));
    expect(sb.issue(n).body).toBe(unticked);
    await sb.act(sb.as("reporter").editBody(sb.repo, n, tickFirst(unticked)));
    expect(sb.issue(n).body).toBe(unticked);
    expect(
      appComments(n).filter((c) => c.body.includes("did not apply your edit (the runbook checklist)")),
    ).toHaveLength(1);
    await sb.act(sb.as("alice").editBody(sb.repo, n, tickFirst(unticked)));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note restarted"));
    expect(sb.issue(n).body).toContain("\n- [x] ");
  });

  it("keeps verdicts whatever the reporter does to the body: wiped, replaced, or an older copy pasted back", async () => {
    const n = await declaredIncident();
    const olderBody = sb.issue(n).body ?? "";
    await sb.act(sb.as("bob").comment(sb.repo, n, "/sev 1"));
    await sb.act(sb.as("carol").comment(sb.repo, n, "/sev 4"));
    // Permissions change later: bob leaves the team, carol joins it. Decided verdicts must not follow.
    sb.repo.setCollaborator("bob", "read");
    sb.repo.setCollaborator("carol", "write");
    for (const body of ["", "my own words only", olderBody]) {
      await sb.act(sb.as("reporter").editBody(sb.repo, n, body));
      await sb.act(sb.as("alice").comment(sb.repo, n, "/note after the edit"));
      const issue = sb.issue(n);
      expect(issue.labels).toContain("sev1");
      expect(issue.labels).not.toContain("sev4");
      expect(issue.body).toContain("Severity sev3 → sev1");
    }
  });

  it("reads records signed with the previous key after the signing key is rotated, and writes with the new one", async () => {
    const n = await declaredIncident();
    await sb.act(sb.as("bob").comment(sb.repo, n, "/sev 1"));
    sb.repo.setCollaborator("bob", "read");
    const rotated = sandboxProbot(sb.gh);
    await rotated.load(createFirebreak({ signingKey: "the-new-key", previousSigningKeys: [SIGNING_KEY] }));
    const deliver = async (deliveries: readonly Delivery[]) => {
      for (const delivery of deliveries) await rotated.receive(delivery as Parameters<typeof rotated.receive>[0]);
      sb.gh.clock.advance("1m");
    };
    await deliver(sb.as("alice").comment(sb.repo, n, "/sev 2"));
    await deliver(sb.as("alice").comment(sb.repo, n, "/sev 1"));
    expect(sb.issue(n).labels).toContain("sev1");
    expect(sb.issue(n).title).toBe("[INC-2026-11-25-001] Checkout returns 500");
    expect(appComments(n).filter((c) => c.body.includes("INCIDENT DECLARED"))).toHaveLength(1);
  });
});

describe("the incident's title", () => {
  it("is renamed only by someone allowed to change the incident; a reporter's rename is undone and explained once", async () => {
    const n = await declaredIncident();
    await sb.act(sb.as("reporter").rename(sb.repo, n, "Nothing is wrong, close this"));
    expect(sb.issue(n).title).toBe("[INC-2026-11-25-001] Checkout returns 500");
    await sb.act(sb.as("reporter").rename(sb.repo, n, "[INC-2026-11-25-001] Still nothing"));
    expect(sb.issue(n).title).toBe("[INC-2026-11-25-001] Checkout returns 500");
    expect(appComments(n).filter((c) => c.body.includes("I changed the title back"))).toHaveLength(2);
    await sb.act(sb.as("alice").rename(sb.repo, n, "Checkout returns 500 in EU"));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note renamed"));
    expect(sb.issue(n).title).toBe("[INC-2026-11-25-001] Checkout returns 500 in EU");
    expect(appComments(n).filter((c) => c.body.includes("I changed the title back"))).toHaveLength(2);
  });

  it("is anyone's to change before the issue is an incident", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Slow" }));
    await sb.act(sb.as("reporter").rename(sb.repo, opened.issueNumber, "Search is slow"));
    await sb.act(sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]));
    expect(sb.issue(opened.issueNumber).title).toBe("[INC-2026-11-25-001] Search is slow");
  });
});

describe("replies that tell the truth, once", () => {
  it("explains only what it undoes now, in one reply per person, when an issue becomes an incident", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Slow search" }));
    const n = opened.issueNumber;
    // dave (triage) plays with labels on an ordinary issue: none of it concerns an incident yet.
    await sb.act(sb.as("dave").addLabels(sb.repo, n, ["sev1"]));
    await sb.act(sb.as("dave").removeLabel(sb.repo, n, "sev1"));
    await sb.act(sb.as("dave").addLabels(sb.repo, n, ["status:fixing"]));
    await sb.act(sb.as("dave").addLabels(sb.repo, n, ["sev2"]));
    await sb.act(sb.as("dave").close(sb.repo, n));
    await sb.act(sb.as("dave").reopen(sb.repo, n));
    expect(appComments(n)).toEqual([]);
    await sb.act(sb.as("alice").addLabels(sb.repo, n, ["incident"]));
    const replies = appComments(n).filter((c) => c.body.startsWith("@dave"));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toContain("`status:fixing`");
    expect(replies[0]!.body).toContain("`sev2`");
    expect(replies[0]!.body).not.toContain("`sev1`");
    expect(replies[0]!.body).not.toMatch(/reopened|closed this incident/);
    expect(sb.issue(n).labels.sort()).toEqual(["incident", "sev3", "status:investigating"]);
    // Nothing more is said on the next event.
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note looking"));
    expect(appComments(n).filter((c) => c.body.startsWith("@dave"))).toHaveLength(1);
  });

  it("tells each person once per run about what is undone, even for several actions at once", async () => {
    const n = await declaredIncident();
    await sb.deliver([
      ...sb.as("dave").addLabels(sb.repo, n, ["sev1"]),
      ...sb.as("dave").addLabels(sb.repo, n, ["status:fixing"]),
      ...sb.as("dave").close(sb.repo, n),
    ]);
    const replies = appComments(n).filter((c) => c.body.startsWith("@dave"));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toContain("`sev1`");
    expect(replies[0]!.body).toContain("reopened this incident");
    expect(sb.issue(n).state).toBe("open");
  });
});
