import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseIncidentConfig } from "../../src/config/parse.js";
import type { ChannelConfig } from "../../src/config/schema.js";
import { digest } from "../../src/domain/markers.js";
import { type Octokit, octokitPorts } from "../../src/github/octokit/index.js";
import { messageFor } from "../../src/outbound/messages.js";
import type { Effect } from "../../src/pipeline/effects.js";
import { execute } from "../../src/pipeline/executor.js";
import { SIGNING_KEY, Sandbox } from "../support/sandbox.js";

/**
 * The outbound channels against a real webhook receiver on loopback: one Slack, one Teams and one JSON channel
 * hear of a sev1 from declaration to resolution, once per event, and a redelivered webhook sends nothing new.
 */

const received: Record<string, Record<string, unknown>[]> = { slack: [], teams: [], json: [], gone: [], silent: [] };
/** When each message arrived (`Date.now()`), by path. */
const arrivals: { path: string; at: number }[] = [];
let receiver: Server;
let sb: Sandbox;

const CONFIG = `notifications:
  channels:
    - { name: ops-slack, type: slack, url_env: FIREBREAK_TEST_SLACK_URL }
    - { name: ops-teams, type: teams, url_env: FIREBREAK_TEST_TEAMS_URL, events: [declared, resolved] }
    - { name: feed, type: json, url_env: FIREBREAK_TEST_JSON_URL, severities: [sev1, sev2] }
    - { name: archived, type: slack, url_env: FIREBREAK_TEST_GONE_URL }
    - { name: unset, type: slack, url_env: FIREBREAK_TEST_UNSET_URL }
`;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received[(req.url ?? "/").slice(1)]?.push(JSON.parse(body));
      arrivals.push({ path: req.url ?? "/", at: Date.now() });
      // A receiver that never answers: the connection stays open until the test's end.
      if (req.url === "/silent") return;
      if (req.url === "/gone") res.writeHead(404).end("channel_not_found");
      else res.writeHead(req.url === "/teams" ? 202 : 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  process.env.FIREBREAK_TEST_SLACK_URL = `${base}/slack`;
  process.env.FIREBREAK_TEST_TEAMS_URL = `${base}/teams`;
  process.env.FIREBREAK_TEST_JSON_URL = `${base}/json`;
  process.env.FIREBREAK_TEST_GONE_URL = `${base}/gone`;
  process.env.FIREBREAK_TEST_SILENT_URL = `${base}/silent`;
});

afterAll(async () => {
  for (const name of ["SLACK", "TEAMS", "JSON", "GONE", "SILENT"]) delete process.env[`FIREBREAK_TEST_${name}_URL`];
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(async () => {
  for (const list of Object.values(received)) list.length = 0;
  arrivals.length = 0;
  sb = await Sandbox.start({ files: { ".github/incident.yml": CONFIG } });
});
afterEach(() => sb.closeExpectingNoViolations());

const events = (channel: string) =>
  received[channel]?.map((message) =>
    // The app's own title projection puts a zero-width space in `<!` (user-text.test.ts); not what is tested here.
    channel === "json"
      ? `${message.event}: ${message.text}`
      : channel === "slack"
        ? String(message.text).replaceAll("\u200b", "")
        : "card",
  );

describe("outbound channels", () => {
  it("tell each channel once per event of a sev1, from declaration to resolution, and never again on redelivery", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout <!channel> is down" }));
    const n = opened.issueNumber;
    const declared = await sb.act(sb.as("alice").comment(sb.repo, n, "/incident declare sev1"));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/sev 2"));
    const update = await sb.act(sb.as("alice").comment(sb.repo, n, "/update Rolled back the deploy @here"));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/notify stakeholders EU checkout is failing"));
    await sb.act(sb.as("alice").comment(sb.repo, n, "/resolve"));
    await sb.deliverEchoes();

    const id = sb.issue(n).title.match(/INC-[\d-]+/)?.[0];
    expect(events("json")).toEqual([
      "declared: Incident declared (sev1)",
      "severity: Severity sev1 → sev2",
      "update: Rolled back the deploy @here",
      // The stakeholder notification's words go to the channels too.
      "stakeholders: EU checkout is failing",
      "resolved: Resolved",
    ]);
    expect(events("slack")).toEqual([
      `Incident declared: ${id} Checkout &lt;!channel&gt; is down`,
      `Severity changed: ${id} Checkout &lt;!channel&gt; is down`,
      `Status update: ${id} Checkout &lt;!channel&gt; is down`,
      `Stakeholder update: ${id} Checkout &lt;!channel&gt; is down`,
      `Incident resolved: ${id} Checkout &lt;!channel&gt; is down`,
    ]);
    expect(JSON.stringify(received.slack)).toContain("Rolled back the deploy @\u2060here");
    expect(received.teams).toHaveLength(2);
    expect(received.json?.[4]).toMatchObject({
      schema: "firebreak.event",
      version: 1,
      incident: { id, number: n, severity: "sev2", phase: "resolved" },
    });

    // GitHub redelivers webhooks (same delivery): nothing is sent again.
    // A channel that refuses (404) is said once on the incident; a channel whose variable is unset sends nothing.
    expect(received.gone).toHaveLength(5);
    const notes = sb.issue(n).comments.filter((c) => c.body.includes("could not deliver a notification"));
    expect(notes.map((c) => c.body.split("\n")[0])).toEqual([
      "⚠️ Firebreak could not deliver a notification to the channel `archived` (HTTP 404 after 1 attempt).",
    ]);

    const before = Object.values(received).map((list) => list.length);
    await sb.deliver([...declared, ...update]);
    await sb.deliverEchoes();
    expect(Object.values(received).map((list) => list.length)).toEqual(before);
  });

  it("delivers the channels at once, each in order, within the run's bound, while one receiver never answers", async () => {
    const opened = await sb.act(sb.as("reporter").openIssue(sb.repo, { title: "Checkout is down" }));
    const n = opened.issueNumber;
    const parsed = parseIncidentConfig(
      {
        notifications: {
          channels: [
            { name: "dead", type: "json", url_env: "FIREBREAK_TEST_SILENT_URL" },
            { name: "live", type: "json", url_env: "FIREBREAK_TEST_JSON_URL" },
          ],
        },
      },
      "test",
    );
    if (!parsed.ok) throw parsed.error;
    const [dead, live] = parsed.config.notifications.channels as [ChannelConfig, ChannelConfig];
    const incident = {
      id: "INC-1",
      number: n,
      title: "Checkout is down",
      severity: "sev1",
      phase: "investigating",
      url: "",
    };
    const effect = (channel: ChannelConfig, i: number): Effect => ({
      kind: "notify",
      key: `notify:${channel.name}:update:${i}`,
      channel,
      message: messageFor("json", { kind: "update", incident, text: `update ${i}`, at: sb.gh.clock.iso() }),
    });
    const effects = [0, 1, 2].flatMap((i) => [effect(dead, i), effect(live, i)]);
    const octokit = (await sb.probot.auth(sb.gh.installationId)) as Octokit;
    const [owner = "", repo = ""] = sb.repo.fullName.split("/");
    const started = Date.now();
    const result = await execute(effects, {
      ports: octokitPorts(octokit, owner, repo),
      issueNumber: n,
      keys: { current: SIGNING_KEY, previous: [] },
      appLogin: "firebreak[bot]",
      defaultBranch: sb.repo.defaultBranch,
      done: new Set(),
      log: { info: () => undefined, warn: () => undefined },
      delivery: { timeoutMs: 300, attempts: 2, backoffMs: 50, totalMs: 800 },
    });
    const elapsed = Date.now() - started;

    // The live channel heard everything, in order, long before the dead one's first attempt timed out.
    expect(received.json?.map((message) => message.text)).toEqual(["update 0", "update 1", "update 2"]);
    const liveDone = Math.max(...arrivals.filter((a) => a.path === "/json").map((a) => a.at)) - started;
    expect(liveDone).toBeLessThan(300);
    // The dead one held the run no longer than the bound (and one attempt's timeout, at most, past it).
    expect(elapsed).toBeLessThan(1_100);
    expect(result.stats.performedKeys).toEqual([
      "notify:live:update:0",
      "notify:live:update:1",
      "notify:live:update:2",
    ]);
    // What was claimed was tried; what was not claimed by the deadline was never sent: nothing can go out twice.
    const claimed = (i: number) =>
      sb.repo.record.refs.has(`refs/firebreak/claims/${n}/notify-${digest(`notify:dead:update:${i}`)}`);
    const tried = (i: number) => received.silent?.some((message) => message.text === `update ${i}`) ?? false;
    expect([0, 1, 2].map(claimed)).toEqual([0, 1, 2].map(tried));
    expect([claimed(0), claimed(2)]).toEqual([true, false]);
    // One note for the channel, not one per message.
    const notes = sb.issue(n).comments.filter((c) => c.body.includes("could not deliver a notification"));
    expect(notes).toHaveLength(1);
  });
});
