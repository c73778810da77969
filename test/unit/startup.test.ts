import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "probot";
import { createFirebreak } from "../../src/index.js";
import { HandlerFailed, guarded } from "../../src/handlers/failures.js";
import {
  assertNoPlaceholders,
  healthHandler,
  placeholderProblems,
  readinessCheck,
  type Readiness,
} from "../../src/startup.js";

const EXAMPLE = {
  APP_ID: "123456",
  PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\\n...\\n-----END RSA PRIVATE KEY-----\\n",
  WEBHOOK_SECRET: "change-me",
  FIREBREAK_SIGNING_KEY: "",
};
const REAL = {
  APP_ID: "2718281",
  PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA1234\\n-----END RSA PRIVATE KEY-----\\n",
  WEBHOOK_SECRET: "4f1c0e9b7a",
  FIREBREAK_SIGNING_KEY: "9d8c7b6a5f",
};

describe("placeholder settings", () => {
  it("refuses each value .env.example ships with, naming the setting", () => {
    const problems = placeholderProblems(EXAMPLE);
    expect(problems).toEqual([
      expect.stringMatching(/^APP_ID is "123456"/),
      expect.stringMatching(/^PRIVATE_KEY is the example's placeholder/),
      expect.stringMatching(/^WEBHOOK_SECRET is empty or a placeholder/),
    ]);
    expect(() => assertNoPlaceholders(EXAMPLE)).toThrow(/will not run with placeholder settings/);
  });

  it("refuses an empty webhook secret, a non-numeric app id and a placeholder signing key", () => {
    expect(placeholderProblems({ ...REAL, WEBHOOK_SECRET: " " })).toEqual([expect.stringMatching(/^WEBHOOK_SECRET/)]);
    expect(placeholderProblems({ ...REAL, APP_ID: "my-app" })).toEqual([expect.stringMatching(/^APP_ID/)]);
    expect(placeholderProblems({ ...REAL, FIREBREAK_SIGNING_KEY: "change-me" })).toEqual([
      expect.stringMatching(/^FIREBREAK_SIGNING_KEY/),
    ]);
  });

  it("accepts real-looking settings, and a key given by PRIVATE_KEY_PATH", () => {
    expect(placeholderProblems(REAL)).toEqual([]);
    const { PRIVATE_KEY: _, ...withPath } = REAL;
    expect(placeholderProblems({ ...withPath, PRIVATE_KEY_PATH: "app.pem" })).toEqual([]);
    expect(() => assertNoPlaceholders(REAL)).not.toThrow();
  });
});

describe("starting the app", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });
  /** A Probot app as the app function sees it: what it subscribes to, what it logs fatally, the HTTP handler it adds. */
  function loaded() {
    const seen = {
      events: [] as string[],
      any: [] as (() => Promise<void>)[],
      fatal: [] as string[],
      http: undefined as undefined | ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>),
    };
    const app = {
      log: { warn: () => {}, debug: () => {}, error: () => {}, fatal: (m: string) => seen.fatal.push(m) },
      on: (event: string) => seen.events.push(event),
      onAny: (handler: () => Promise<void>) => seen.any.push(handler),
    } as never;
    createFirebreak()(app, { addHandler: (handler: never) => (seen.http = handler) } as never);
    return seen;
  }

  async function readyz(seen: ReturnType<typeof loaded>): Promise<{ status?: number; body: unknown }> {
    if (!seen.http) throw new Error("no health endpoints were added");
    const { status, body } = await probe(seen.http, "/readyz");
    return { status, body: JSON.parse(body ?? "null") };
  }

  it("a configured app (APP_ID set) with placeholders handles no webhook: each fails, and /readyz says so", async () => {
    Object.assign(process.env, EXAMPLE, { FIREBREAK_SIGNING_KEY: "9d8c7b6a5f" });
    const seen = loaded();
    expect(seen.events).toEqual([]);
    expect(seen.fatal).toEqual([expect.stringMatching(/placeholder settings/)]);
    await expect(seen.any[0]?.()).rejects.toThrow(/not configured: .*placeholder settings/);
    expect(await readyz(seen)).toEqual({
      status: 503,
      body: { status: "unavailable", reason: "not configured; see the app's log" },
    });
  });

  it("a configured app without a signing key handles no webhook, so GitHub keeps each delivery to redeliver", async () => {
    Object.assign(process.env, REAL);
    delete process.env.FIREBREAK_SIGNING_KEY;
    const seen = loaded();
    expect(seen.events).toEqual([]);
    expect(seen.fatal).toEqual([expect.stringMatching(/needs FIREBREAK_SIGNING_KEY/)]);
    await expect(seen.any[0]?.()).rejects.toThrow(/needs FIREBREAK_SIGNING_KEY/);
    expect((await readyz(seen)).status).toBe(503);
  });

  it("a configured app with real settings handles every event family", () => {
    Object.assign(process.env, REAL);
    const seen = loaded();
    expect(seen.any).toEqual([]);
    expect(seen.fatal).toEqual([]);
    expect(new Set(seen.events)).toEqual(
      new Set(["issue_comment", "issues", "repository_dispatch", "push", "pull_request", "check_run"]),
    );
  });
});

describe("readiness", () => {
  it("is ready when the app authenticates, and reuses an answer for a few seconds", async () => {
    let now = 0;
    let calls = 0;
    let fail = false;
    const ready = readinessCheck({
      authenticate: async () => {
        calls++;
        if (fail) throw new Error("Bad credentials");
      },
      cacheMs: 5_000,
      nowMs: () => now,
    });
    expect(await ready()).toEqual({ ready: true });
    fail = true;
    now = 4_999;
    expect(await ready()).toEqual({ ready: true });
    expect(calls).toBe(1);
    now = 5_000;
    expect(await ready()).toEqual({ ready: false, reason: "cannot authenticate as the app: Bad credentials" });
    expect(calls).toBe(2);
  });

  it("probes arriving during a check share it; a check that hangs counts as not ready", async () => {
    let calls = 0;
    const ready = readinessCheck({
      authenticate: () => {
        calls++;
        return new Promise(() => {});
      },
      timeoutMs: 20,
    });
    const answers = await Promise.all([ready(), ready()]);
    expect(calls).toBe(1);
    expect(answers).toEqual([
      { ready: false, reason: "cannot authenticate as the app: no answer from GitHub within 20 ms" },
      { ready: false, reason: "cannot authenticate as the app: no answer from GitHub within 20 ms" },
    ]);
  });
});

function probe(handler: ReturnType<typeof healthHandler>, url: string, method = "GET") {
  const sent: { status?: number; body?: string } = {};
  const res = {
    writeHead(status: number) {
      sent.status = status;
      return this;
    },
    end(body: string) {
      sent.body = body;
    },
  } as unknown as ServerResponse;
  return handler({ method, url } as IncomingMessage, res).then((handled) => ({ handled, ...sent }));
}

describe("the health endpoints", () => {
  it("answer liveness always, readiness by the check, and leave other paths alone", async () => {
    let answer: Readiness = { ready: true };
    const notReady: string[] = [];
    const handler = healthHandler(
      async () => answer,
      (reason) => notReady.push(reason),
    );
    expect(await probe(handler, "/healthz")).toEqual({ handled: true, status: 200, body: '{"status":"ok"}' });
    expect(await probe(handler, "/readyz?x=1")).toEqual({ handled: true, status: 200, body: '{"status":"ready"}' });
    answer = { ready: false, reason: "cannot authenticate as the app: Bad credentials" };
    const refused = await probe(handler, "/readyz");
    expect(refused.status).toBe(503);
    expect(refused.body).not.toContain("Bad credentials");
    expect(notReady).toEqual(["cannot authenticate as the app: Bad credentials"]);
    expect(await probe(handler, "/api/github/webhooks", "POST")).toEqual({ handled: false });
    expect(await probe(handler, "/healthz", "POST")).toEqual({ handled: false });
  });
});

describe("a failed handler", () => {
  const SECRET = "Customer card numbers visible in checkout logs";

  function failingContext() {
    const logged: unknown[][] = [];
    const log = {
      child(bindings: object) {
        logged.push(["child", bindings]);
        return log;
      },
      error: (...args: unknown[]) => logged.push(["error", ...args]),
    };
    const payload = {
      action: "created",
      repository: { full_name: "acme/checkout" },
      issue: { number: 7, title: SECRET, body: SECRET },
      comment: { body: `/update ${SECRET}` },
    };
    const context = { id: "delivery-1", name: "issue_comment", payload, log } as unknown as Context<"issue_comment">;
    return { context, logged, payload };
  }

  it("logs where it failed as fields, fails the delivery, and leaves no incident text to log", async () => {
    const { context, logged, payload } = failingContext();
    const requestFailed = Object.assign(new Error("Validation Failed"), {
      status: 422,
      request: { method: "PATCH", body: { body: SECRET } },
      response: { data: { body: SECRET } },
    });
    const run = guarded(async () => {
      throw requestFailed;
    });
    const failure = await run(context).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HandlerFailed);
    expect((failure as Error).message).toBe("issue_comment (delivery delivery-1) failed: Validation Failed");
    expect(logged[0]).toEqual([
      "child",
      { delivery: "delivery-1", event: "issue_comment", repository: "acme/checkout", issue: 7 },
    ]);
    expect(logged[1]).toEqual([
      "error",
      { err: expect.objectContaining({ type: "Error", message: "Validation Failed", status: 422 }) },
      "issue_comment handler failed: Validation Failed",
    ]);
    // What Probot and @octokit/webhooks log next: the error, with the delivery (and so this payload) attached.
    expect(JSON.stringify({ ...(failure as object), payload, logged })).not.toContain(SECRET);
    expect(payload).toEqual({ action: "created", firebreak: expect.stringMatching(/payload removed/) });
  });

  it("leaves a delivery that succeeds alone", async () => {
    const { context, payload } = failingContext();
    await guarded(async () => {})(context);
    expect(payload.issue.title).toBe(SECRET);
  });
});
