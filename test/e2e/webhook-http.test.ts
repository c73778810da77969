import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware } from "probot";
import { createFirebreak } from "../../src/index.js";
import { SIGNING_KEY, Sandbox, WEBHOOK_SECRET, sandboxProbot } from "../support/sandbox.js";

/** Webhooks over HTTP, as GitHub sends them: through Probot's middleware and its signature check. */
let sb: Sandbox;
let server: Server;
let url: string;

beforeEach(async () => {
  sb = await Sandbox.start();
  const middleware = await createNodeMiddleware(createFirebreak({ signingKey: SIGNING_KEY }), {
    probot: sandboxProbot(sb.gh),
  });
  server = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});
afterEach(async () => {
  expect(sb.gh.violations).toEqual([]);
  await new Promise((resolve) => server.close(resolve));
  await sb.close();
});

async function post(name: string, payload: object, secret = WEBHOOK_SECRET): Promise<number> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": name,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": signature,
    },
  });
  return response.status;
}

describe("webhooks over HTTP", () => {
  it("acts on a correctly signed delivery", async () => {
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" });
    const [labeled] = sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]);
    expect(await post(labeled!.name, labeled!.payload)).toBe(200);
    expect(sb.issue(opened.issueNumber).title).toBe("[INC-2026-11-25-001] Checkout returns 500");
  });

  it("refuses a mis-signed or unsigned delivery without making a single request", async () => {
    const opened = sb.as("reporter").openIssue(sb.repo, { title: "Checkout returns 500" });
    const [labeled] = sb.as("alice").addLabels(sb.repo, opened.issueNumber, ["incident"]);
    sb.requestsSince();
    expect(await post(labeled!.name, labeled!.payload, "not-the-secret")).toBeGreaterThanOrEqual(400);
    const unsigned = await fetch(url, {
      method: "POST",
      body: JSON.stringify(labeled!.payload),
      headers: { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": randomUUID() },
    });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect(sb.requestsSince()).toEqual([]);
    expect(sb.issue(opened.issueNumber).title).toBe("Checkout returns 500");
  });
});
