import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { Probot, Server } from "probot";
import { createFirebreak } from "../../src/index.js";
import { SIGNING_KEY, Sandbox, WEBHOOK_SECRET, sandboxProbotOptions } from "../support/sandbox.js";

/** Firebreak on Probot's own HTTP server, as `probot run` (and so `npm start`) serves it. */
let sb: Sandbox;
let server: Server;
let base: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startServer(
  options: Parameters<typeof sandboxProbotOptions>[1] = {},
  baseUrl?: string,
  signingKey = SIGNING_KEY,
) {
  const probotOptions = sandboxProbotOptions(sb.gh, options);
  const port = await freePort();
  server = new Server({
    host: "127.0.0.1",
    port,
    log: sb.probot.log,
    Probot: Probot.defaults({ ...probotOptions, ...(baseUrl ? { baseUrl } : {}) }),
  });
  await server.load(createFirebreak({ ...(signingKey ? { signingKey } : {}), readinessCacheMs: 0 }));
  await server.start();
  base = `http://127.0.0.1:${port}`;
}

beforeEach(async () => {
  sb = await Sandbox.start();
});
afterEach(async () => {
  await server.stop();
  await sb.closeExpectingNoViolations();
});

describe("the health endpoints on Probot's server", () => {
  it("GET /healthz answers 200; GET /readyz answers 200 once the app authenticates as itself (GET /app)", async () => {
    await startServer();
    const live = await fetch(`${base}/healthz`);
    expect([live.status, await live.json()]).toEqual([200, { status: "ok" }]);
    sb.requestsSince();
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
    expect(sb.requestsSince()).toEqual([expect.stringMatching(/^GET \/app\b/)]);
  });

  it("GET /readyz answers 503 when GitHub cannot be reached", async () => {
    await startServer({}, `http://127.0.0.1:${await freePort()}`);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "unavailable", reason: expect.any(String) });
  });

  it("a delivery whose handler fails answers 500, so GitHub shows the failure", async () => {
    await startServer();
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" });
    const [labeled] = sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]);
    sb.gh.faults.add({
      method: "PATCH",
      route: "/repos/{owner}/{repo}/issues/{issue_number}",
      status: 403,
      body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" },
    });
    const response = await deliver(labeled!);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/^HandlerFailed: issues \(delivery .*\) failed/),
    });
  });

  it("without a signing key it serves, but not ready, and fails each delivery without a request to GitHub", async () => {
    const saved = process.env.FIREBREAK_SIGNING_KEY;
    delete process.env.FIREBREAK_SIGNING_KEY;
    try {
      await startServer({}, undefined, "");
    } finally {
      if (saved !== undefined) process.env.FIREBREAK_SIGNING_KEY = saved;
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([
      503,
      { status: "unavailable", reason: "not configured; see the app's log" },
    ]);
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" });
    const [labeled] = sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]);
    sb.requestsSince();
    const response = await deliver(labeled!);
    // GitHub keeps a failed delivery: it can be redelivered once FIREBREAK_SIGNING_KEY is set.
    expect(response.status).toBe(500);
    expect(sb.requestsSince()).toEqual([]);
    expect(sb.issue(opened.issueNumber).labels).toEqual(["incident"]);
  });
});

function deliver(delivery: { name: string; payload: unknown }): Promise<Response> {
  const body = JSON.stringify(delivery.payload);
  return fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.name,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`,
    },
  });
}
