import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import type { Probot } from "probot";
import type { Delivery } from "../../github-standin/index.js";
import { RedisLocks } from "../../src/handlers/redis-locks.js";
import { createFirebreak } from "../../src/index.js";
import { comparableIssue, incidentActions } from "../support/incident-story.js";
import { Sandbox, SIGNING_KEY, sandboxProbot } from "../support/sandbox.js";

/**
 * Two replicas of the app, each with its own Redis connection, behind one GitHub: webhooks split between them at
 * random and delivered at once end exactly as serial delivery to one process does, and the locks (per issue, per
 * alert's dedup key, per repository's id claims) hold across them. A real `redis-server` runs for this file
 * (`.ci/run` installs it); without the binary the file is skipped, saying so.
 */

const BOT = "firebreak[bot]";
const haveRedis = spawnSync("redis-server", ["--version"]).status === 0;
if (!haveRedis)
  console.warn("replicas.test.ts skipped: no redis-server on PATH (apt-get install -y redis-server; CI installs it)");
const describeWithRedis = haveRedis ? describe : describe.skip;

let server: ChildProcess | undefined;
let redisUrl = "";
const clients: Redis[] = [];
const sandboxes: Sandbox[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  if (!haveRedis) return;
  const port = await freePort();
  server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  redisUrl = `redis://127.0.0.1:${port}`;
  const probe = connect();
  for (let tries = 0; ; tries++) {
    try {
      await probe.ping();
      break;
    } catch (error) {
      if (tries > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});

afterEach(async () => {
  for (const sb of sandboxes.splice(0)) await sb.closeExpectingNoViolations();
  await clients[0]?.flushall();
});

afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.quit().catch(() => undefined)));
  server?.kill();
});

function connect(): Redis {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  client.on("error", () => undefined); // the probe's refusals while redis-server starts
  clients.push(client);
  return client;
}

async function start(): Promise<Sandbox> {
  const sb = await Sandbox.start();
  sandboxes.push(sb);
  return sb;
}

/** Two app processes against the sandbox's GitHub, each with its own Redis connection. */
async function replicas(sb: Sandbox): Promise<[Probot, Probot]> {
  const pair: Probot[] = [];
  for (let i = 0; i < 2; i++) {
    const probot = sandboxProbot(sb.gh);
    await probot.load(createFirebreak({ signingKey: SIGNING_KEY, redis: connect() }));
    pair.push(probot);
  }
  return pair as [Probot, Probot];
}

const receive = (probot: Probot, delivery: Delivery) => probot.receive(delivery as Parameters<Probot["receive"]>[0]);

/** A small seeded generator, so a failing split can be replayed from the seed in the failure message. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every delivery at once, each to one replica chosen at random, in a random order. */
async function deliverSplit(deliveries: readonly Delivery[], pair: [Probot, Probot], next: () => number) {
  const order = deliveries.map((delivery) => ({ delivery, at: next(), to: pair[next() < 0.5 ? 0 : 1]! }));
  order.sort((a, b) => a.at - b.at);
  await Promise.all(order.map(({ delivery, to }) => receive(to, delivery)));
}

/** The shared incident story, performed a minute apart; its webhooks, none delivered. */
function incident(sb: Sandbox): { n: number; deliveries: Delivery[] } {
  const { n, actions } = incidentActions(sb);
  const deliveries = actions.flatMap((action) => {
    const sent = action();
    sb.gh.clock.advance("1m");
    return sent;
  });
  return { n, deliveries };
}

function appComments(sb: Sandbox, n: number) {
  const bodies = sb
    .issue(n)
    .comments.filter((c) => c.user === BOT)
    .map((c) => c.body);
  return {
    declarations: bodies.filter((body) => body.includes("INCIDENT DECLARED")).length,
    updates: bodies.filter((body) => body.startsWith("**UPDATE:")).length,
    replies: bodies.filter((body) => body.startsWith("@carol")).length,
  };
}

const ID = /^\[(INC-2026-11-25-\d{3,})\] /;

describeWithRedis("two replicas sharing locks through Redis", () => {
  it("end one incident's webhooks, split between them at random and delivered at once (twice), as serial delivery does", async () => {
    const reference = await start();
    const serial = incident(reference);
    await reference.deliver(serial.deliveries);
    const expected = comparableIssue(reference, serial.n);
    expect(appComments(reference, serial.n)).toEqual({ declarations: 1, updates: 1, replies: 1 });

    for (const seed of [Date.now(), Date.now() + 1, Date.now() + 2]) {
      const sb = await start();
      const pair = await replicas(sb);
      const { n, deliveries } = incident(sb);
      const next = random(seed);
      // GitHub redelivers too: every webhook arrives twice, possibly at both replicas at the same moment.
      await deliverSplit([...deliveries, ...deliveries], pair, next);
      await deliverSplit(sb.gh.takeDeliveries(), pair, next); // the app's own writes echo back
      expect({ seed, comments: appComments(sb, n) }).toEqual({
        seed,
        comments: { declarations: 1, updates: 1, replies: 1 },
      });
      expect({ seed, state: comparableIssue(sb, n) }).toEqual({ seed, state: expected });
      expect(Object.keys(sb.repo.refs()).filter((ref) => ref.startsWith("refs/firebreak/"))).toHaveLength(1);
    }
  });

  it("give 20 concurrent alerts split across both 20 distinct ids, 001–020", async () => {
    const sb = await start();
    const pair = await replicas(sb);
    const storm = Array.from({ length: 20 }, (_, i) =>
      sb.as("erin").dispatch(sb.repo, "incident", {
        title: `Probe ${i} failing`,
        severity: "sev2",
        source: "Alertmanager",
        dedup_key: `storm-${i}`,
      }),
    ).flat();
    await deliverSplit(storm, pair, random(Date.now()));
    const ids = sb.repo.issueNumbers().map((n) => {
      const issue = sb.issue(n);
      expect(issue.comments.filter((c) => c.user === BOT && c.body.includes("INCIDENT DECLARED"))).toHaveLength(1);
      return ID.exec(issue.title)?.[1];
    });
    expect(ids.sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `INC-2026-11-25-${String(i + 1).padStart(3, "0")}`),
    );
  });

  it("open one incident when the same alert reaches both at once", async () => {
    const sb = await start();
    const pair = await replicas(sb);
    const repeats = Array.from({ length: 6 }, () =>
      sb.as("erin").dispatch(sb.repo, "incident", {
        title: "Checkout error rate above 5%",
        severity: "sev1",
        source: "Alertmanager",
        dedup_key: "checkout-errors",
      }),
    ).flat();
    await Promise.all(repeats.map((delivery, i) => receive(pair[i % 2]!, delivery)));
    expect(sb.repo.issueNumbers()).toHaveLength(1);
    expect(sb.issue(1).title).toMatch(ID);
  });
});

describeWithRedis("a replica that dies mid-run", () => {
  it("loses nothing: the issue's lock it held expires, and the next event on the other replica repairs", async () => {
    const sb = await start();
    const [, survivor] = await replicas(sb);
    const n = sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" }).issueNumber;
    for (const delivery of sb.as("alice").addLabels(sb.repo, n, ["incident"])) await receive(survivor, delivery);
    sb.gh.clock.advance("1m");
    // The other replica takes this issue's lock for bob's /sev 1 and dies there: its connection drops, nothing is
    // written, and the lock is no longer renewed.
    const dying = connect();
    let tookLock: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      tookLock = resolve;
    });
    void new RedisLocks(dying, { ttlMs: 400, onLost: () => undefined })
      .run(`acme/checkout#${n}`, () => {
        tookLock();
        return new Promise<never>(() => undefined);
      })
      .catch(() => undefined);
    await holding;
    dying.disconnect();
    const lost = sb.as("bob").comment(sb.repo, n, "/sev 1");
    sb.gh.clock.advance("1m");
    for (const delivery of sb.as("alice").comment(sb.repo, n, "/note still here")) await receive(survivor, delivery);
    const issue = sb.issue(n);
    expect(issue.labels).toContain("sev1");
    expect(issue.comments.find((c) => c.id === lost.commentId)?.reactions).toEqual([{ user: BOT, content: "+1" }]);
  });
});

describeWithRedis("the Redis lock", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("runs one holder at a time across connections, and gives up loudly after its longest wait", async () => {
    const [a, b] = [new RedisLocks(connect()), new RedisLocks(connect(), { maxWaitMs: 300 })];
    let inside = 0;
    let most = 0;
    const work = async () => {
      most = Math.max(most, ++inside);
      await sleep(5);
      inside--;
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).run("k", work)));
    expect(most).toBe(1);

    let release = () => {};
    const held = a.run("busy", () => new Promise<void>((resolve) => (release = resolve)));
    await sleep(20);
    await expect(b.run("busy", async () => "never")).rejects.toThrow(/waited \d+ ms for the lock on busy in Redis/);
    release();
    await held;
    await expect(b.run("busy", async () => "free again")).resolves.toBe("free again");
  });

  it("is renewed while the work outlasts its TTL, and released only by its holder", async () => {
    const redis = connect();
    const lost: string[] = [];
    const short = new RedisLocks(redis, { ttlMs: 300, onLost: (key) => lost.push(key) });
    const other = new RedisLocks(connect(), { maxWaitMs: 150 });
    const slow = short.run("slow", () => sleep(1100));
    await sleep(700); // more than twice the TTL: still held
    await expect(other.run("slow", async () => "stolen")).rejects.toThrow(/gave up/);
    await slow;
    expect(lost).toEqual([]);
    expect(await redis.exists("firebreak:lock:slow")).toBe(0);

    // A holder whose lock expired and was taken by another must not delete the new holder's lock.
    const taken = short.run("expired", async () => {
      await redis.set("firebreak:lock:expired", "someone-else");
    });
    await taken;
    expect(await redis.get("firebreak:lock:expired")).toBe("someone-else");
  });
});
