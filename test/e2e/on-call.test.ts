import { Sandbox } from "../support/sandbox.js";

const BOT = "firebreak[bot]";
const ZWSP = "\u200B";

/** A Berlin rota: bob the week of 16 November, erin the week of 25 November (the stand-in's clock), bob again after. */
const CONFIG = `
timeZone: Europe/Berlin
onCall:
  startsOn: "2026-11-16"
  schedule:
    - { primary: bob }
    - { primary: erin, secondary: alice, escalation: "@acme/leads" }
`;

let sb: Sandbox;
beforeEach(async () => {
  sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG } });
});
afterEach(() => sb.closeExpectingNoViolations());

const botComments = (n: number) => sb.issue(n).comments.filter((c) => c.user === BOT);
const opened = async (title: string) => (await sb.act(sb.as("reporter").openIssue(sb.repo, { title }))).issueNumber;

describe("on call", () => {
  it("makes the primary on call the incident commander when an incident is declared, assigned and mentioned", async () => {
    const n = await opened("Checkout returns 500");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev2"));
    const issue = sb.issue(n);
    expect(issue.assignees).toEqual(["erin"]);
    expect(issue.body).toMatch(/\| \*\*Incident commander\*\* \| @erin \|/);
    expect(issue.body).toContain(`Incident commander: @${ZWSP}erin (on call)`);
    const declaration = botComments(n).find((c) => c.body.includes("INCIDENT DECLARED"))!.body;
    expect(declaration).toContain("**Incident commander:** @erin (on call)");
    // A later /ic takes over, and the app unassigns the on-call commander it assigned.
    await sb.act(sb.as("alice").comment(sb.repo, n, "/ic @alice"));
    expect(sb.issue(n).assignees).toEqual(["alice"]);
  });

  it("keeps the commander the rota named at the declaration when the schedule is edited later", async () => {
    const n = await opened("Checkout returns 500");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev2"));
    await sb.deliverEchoes();
    await sb.act(
      sb
        .as("erin")
        .push(sb.repo, { files: { ".github/incident.yml": CONFIG.replace("primary: erin", "primary: dave") } }),
    );
    await sb.deliverEchoes();
    await sb.act(sb.as("alice").comment(sb.repo, n, "/note the rota changed"));
    expect(sb.issue(n).assignees).toEqual(["erin"]);
    expect(sb.issue(n).body).toMatch(/\| \*\*Incident commander\*\* \| @erin \|/);
  });

  it("answers /oncall on an incident from a reader, changing nothing and paging nobody", async () => {
    const n = await opened("Checkout returns 500");
    await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev2"));
    await sb.deliverEchoes();
    const before = sb.issue(n);
    const asked = await sb.act(sb.as("carol").comment(sb.repo, n, "/oncall"));
    const after = sb.issue(n);
    expect(after).toMatchObject({ body: before.body, labels: before.labels, assignees: before.assignees });
    expect(after.comments.find((c) => c.id === asked.commentId)?.reactions).toEqual([{ user: BOT, content: "+1" }]);
    const reply = botComments(n).at(-1)!.body;
    expect(reply).toContain("**On call** (weekly rota; next hand-off 2026-11-30 00:00 GMT+1)");
    expect(reply).toContain(`| Primary | @${ZWSP}erin | @${ZWSP}bob |`);
    expect(reply).toContain(`| Escalation | @${ZWSP}acme/leads | — |`);
    expect(reply).not.toContain("could not apply");
  });

  it("answers /incident oncall on an ordinary issue, which stays ordinary, and leaves a bare /oncall to other bots", async () => {
    const n = await opened("Who do I ask about the deploy?");
    sb.requestsSince();
    await sb.act(sb.as("carol").comment(sb.repo, n, "/oncall"));
    expect(sb.requestsSince()).toEqual([]);
    await sb.act(sb.as("carol").comment(sb.repo, n, "/incident oncall"));
    const issue = sb.issue(n);
    expect(issue).toMatchObject({ labels: [], assignees: [], title: "Who do I ask about the deploy?" });
    const reply = botComments(n).at(-1)!.body;
    expect(reply).toMatch(/^@carol /);
    expect(reply).toContain(`| Primary | @${ZWSP}erin | @${ZWSP}bob |`);
    expect(reply).not.toContain("not an incident");
  });
});
