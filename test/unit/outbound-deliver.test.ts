import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { deliver } from "../../src/outbound/deliver.js";

/** A real webhook receiver on loopback; each path answers its own way and counts what it received. */
type Route = (attempt: number, res: ServerResponse) => void;
const routes: Record<string, Route> = {
  "/ok": (_n, res) => res.writeHead(200).end("ok"),
  "/slow": () => undefined, // never answers
  "/flaky": (n, res) => (n === 1 ? res.writeHead(500).end("oops") : res.writeHead(200).end("ok")),
  "/limited": (n, res) =>
    n === 1 ? res.writeHead(429, { "retry-after": "7" }).end("slow down") : res.writeHead(200).end("ok"),
  "/bad": (_n, res) => res.writeHead(400).end("invalid_payload"),
  "/down": (_n, res) => res.writeHead(503).end(),
};
const received: Record<string, unknown[]> = {};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const path = req.url ?? "/";
      const list = received[path] ?? [];
      received[path] = list;
      list.push(JSON.parse(body));
      routes[path]?.(list.length, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function fastOptions() {
  const waits: number[] = [];
  return {
    waits,
    options: { timeoutMs: 200, attempts: 3, backoffMs: 10, sleep: async (ms: number) => void waits.push(ms) },
  };
}

describe("deliver", () => {
  it("posts the message as JSON once when the receiver answers 200", async () => {
    const { options } = fastOptions();
    await expect(deliver(`${base}/ok`, { text: "hello" }, options)).resolves.toEqual({
      ok: true,
      status: 200,
      attempts: 1,
    });
    expect(received["/ok"]).toEqual([{ text: "hello" }]);
  });

  it("retries a 500 with backoff and succeeds on the next attempt", async () => {
    const { options, waits } = fastOptions();
    await expect(deliver(`${base}/flaky`, { n: 1 }, options)).resolves.toEqual({ ok: true, status: 200, attempts: 2 });
    expect(waits).toEqual([10]);
  });

  it("honours Retry-After (in seconds) on a 429", async () => {
    const { options, waits } = fastOptions();
    await expect(deliver(`${base}/limited`, {}, options)).resolves.toMatchObject({ ok: true, attempts: 2 });
    expect(waits).toEqual([7_000]);
  });

  it("does not retry a 400", async () => {
    const { options, waits } = fastOptions();
    await expect(deliver(`${base}/bad`, {}, options)).resolves.toMatchObject({
      ok: false,
      status: 400,
      attempts: 1,
      retriable: false,
      error: "HTTP 400: invalid_payload",
    });
    expect(waits).toEqual([]);
    expect(received["/bad"]).toHaveLength(1);
  });

  it("gives up after the last attempt on a receiver that keeps failing, backing off exponentially", async () => {
    const { options, waits } = fastOptions();
    await expect(deliver(`${base}/down`, {}, options)).resolves.toMatchObject({ ok: false, status: 503, attempts: 3 });
    expect(waits).toEqual([10, 20]);
    expect(received["/down"]).toHaveLength(3);
  });

  it("abandons an attempt that gets no answer within the timeout, and retries it", async () => {
    const { options } = fastOptions();
    const started = Date.now();
    const outcome = await deliver(`${base}/slow`, {}, options);
    expect(outcome).toMatchObject({ ok: false, attempts: 3, retriable: true, error: "no answer within 200 ms" });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(received["/slow"]).toHaveLength(3);
  });

  it("retries when the connection is refused, then reports the network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { options, waits } = fastOptions();
    const outcome = await deliver(`http://127.0.0.1:${port}/`, {}, options);
    expect(outcome).toMatchObject({ ok: false, attempts: 3, retriable: true });
    expect(outcome.ok ? "" : outcome.error).toMatch(/ECONNREFUSED/);
    expect(waits).toEqual([10, 20]);
  });

  it("ends by its deadline: an attempt is cut to the time left, and no wait outlasts it", async () => {
    const { waits, options } = fastOptions();
    const started = Date.now();
    const outcome = await deliver(
      `${base}/slow`,
      { text: "late" },
      { ...options, timeoutMs: 5_000, deadline: started + 150 },
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(outcome).toMatchObject({ ok: false, attempts: 1, retriable: true });
    expect(waits).toEqual([]);
  });
});
