import { liveMentions } from "../support/markdown.js";
import { Sandbox } from "../support/sandbox.js";

/** `/notify stakeholders`: seed 000's stakeholder email, on the incident, mentioning the configured stakeholders. */
let sb: Sandbox;
let n: number;
const BOT = "firebreak[bot]";
const CONFIG = `contacts:
  stakeholders: { github: [acme/stakeholders] }
statusPage:
  url: https://status.example.com
`;

beforeEach(async () => {
  sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG } });
  const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }));
  n = opened.issueNumber;
  await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev1\n/impact EU customers cannot pay"));
  await sb.act(sb.as("alice").comment(sb.repo, n, "/update Rolling back deploy 4211 eta: 30 minutes"));
  await sb.deliverEchoes();
});
afterEach(() => sb.closeExpectingNoViolations());

const notices = () => sb.issue(n).comments.filter((c) => c.user === BOT && c.body.startsWith("📣"));

describe("/update public", () => {
  it("marks the status update as one that may be shown outside the team", async () => {
    await sb.act(sb.as("bob").comment(sb.repo, n, "/update public Checkout is back for everyone"));
    const updates = sb.issue(n).comments.filter((c) => c.user === BOT && c.body.startsWith("**UPDATE:"));
    expect(updates.map((c) => c.body.includes("· 🌐 public"))).toEqual([false, true]);
    expect(updates[1]!.body).toContain("**Actions:** Checkout is back for everyone");
  });
});

describe("/notify stakeholders", () => {
  it("posts the notification once with impact, status, ETA, update frequency and the status page", async () => {
    const asked = await sb.act(sb.as("bob").comment(sb.repo, n, "/notify stakeholders a failed deploy @acme/everyone"));
    await sb.deliver(asked); // redelivered: nothing new
    expect(notices()).toHaveLength(1);
    const [notice] = notices();
    expect(notice!.body).toContain("@acme/stakeholders");
    expect(notice!.body).toContain("We are currently experiencing a failed deploy");
    expect(notice!.body).toContain("**Impact:** EU customers cannot pay");
    expect(notice!.body).toContain("**Status:** Investigating");
    expect(notice!.body).toMatch(/\*\*ETA:\*\* \d\d:\d\d UTC \(in 30 min\)/);
    expect(notice!.body).toContain("We will provide updates every 15 min.");
    expect(notice!.body).toContain("For real-time updates, visit https://status.example.com.");
    // Only the configured stakeholders are mentioned, never what was typed.
    expect(liveMentions(notice!.body).filter((login) => login !== "acme/stakeholders" && login !== "bob")).toEqual([]);
    expect(sb.issue(n).body).toContain("Stakeholders notified");
  });

  it("refuses a reader, and asks for the audience when it is missing", async () => {
    await sb.act(sb.as("carol").comment(sb.repo, n, "/notify stakeholders hello"));
    await sb.act(sb.as("bob").comment(sb.repo, n, "/notify everyone"));
    expect(notices()).toHaveLength(0);
    expect(sb.issue(n).comments.some((c) => c.user === BOT && c.body.includes("Say who to notify"))).toBe(true);
  });
});
