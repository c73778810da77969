import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * What `npm start` checks before it serves a configured app, and the endpoints an orchestrator polls.
 *
 * Probot itself starts in setup mode ("Register GitHub App", from app.yml) while APP_ID or the private key is
 * missing, without loading Firebreak at all: nothing here runs then, so a first run needs no signing key. Once
 * APP_ID is set the app is configured, and values still copied from .env.example are refused at start rather
 * than discovered at the first event.
 */

/** The values .env.example ships with, and others that are obviously not a real secret. */
const PLACEHOLDER_SECRETS = new Set(["change-me", "changeme", "secret", "development", "test", "xxx", "..."]);
const EXAMPLE_APP_ID = "123456";

function isPlaceholderSecret(value: string | undefined): boolean {
  const text = (value ?? "").trim();
  return text === "" || PLACEHOLDER_SECRETS.has(text.toLowerCase());
}

/** The example PEM of .env.example (`...` between its armour lines), or a value without any key in it. */
function isPlaceholderKey(value: string): boolean {
  const body = value
    .replace(/\\n/g, "\n")
    .replace(/-----(BEGIN|END)[^-]*-----/g, "")
    .trim();
  return body === "" || body === "..." || isPlaceholderSecret(body);
}

/** Each setting of a configured app that is missing or still a placeholder, with what to do about it. */
export function placeholderProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const appId = (env.APP_ID ?? "").trim();
  if (appId === EXAMPLE_APP_ID || !/^\d+$/.test(appId))
    problems.push(
      `APP_ID is ${appId ? `"${appId}", the example's` : "not set"}: use the App ID from the app's settings page`,
    );
  const privateKey = env.PRIVATE_KEY;
  if (privateKey !== undefined && isPlaceholderKey(privateKey))
    problems.push(
      "PRIVATE_KEY is the example's placeholder: paste the app's private key (PEM), or set PRIVATE_KEY_PATH",
    );
  if (isPlaceholderSecret(env.WEBHOOK_SECRET))
    problems.push(
      "WEBHOOK_SECRET is empty or a placeholder: use the webhook secret set on the app (a new random one, e.g. `openssl rand -hex 32`)",
    );
  const signingKey = env.FIREBREAK_SIGNING_KEY;
  if (signingKey !== undefined && signingKey.trim() !== "" && isPlaceholderSecret(signingKey))
    problems.push("FIREBREAK_SIGNING_KEY is a placeholder: use a new random secret (`openssl rand -hex 32`)");
  return problems;
}

/** Refuses a configured app's (APP_ID set) settings that are still placeholders: it then handles no webhook. */
export function assertNoPlaceholders(env: NodeJS.ProcessEnv): void {
  const problems = placeholderProblems(env);
  if (problems.length === 0) return;
  throw new Error(
    `Firebreak will not run with placeholder settings (copied from .env.example?):\n- ${problems.join("\n- ")}\n` +
      "See README › Deploy. To register a new GitHub App instead, unset APP_ID and PRIVATE_KEY and run `npm start`.",
  );
}

/** A probe's answer. */
export interface Readiness {
  ready: boolean;
  /** Why not, for the log. */
  reason?: string;
  /** What the 503 says to whoever probes (no detail an outsider could use); an authentication failure by default. */
  publicReason?: string;
}

export interface ReadinessOptions {
  /** Authenticates as the app and asks GitHub who it is (`app.auth()`, then `GET /app`); rejects when it cannot. */
  authenticate: () => Promise<unknown>;
  /** How long an answer is reused, so a probe every second costs GitHub one request every few seconds (5 s). */
  cacheMs?: number;
  /** The clock, in milliseconds (tests move it). */
  nowMs?: () => number;
  /** How long a check may take before the app counts as not ready (3 s: Octokit's own retries take longer). */
  timeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from GitHub within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether the app can authenticate with GitHub right now: the answer is cached for a few seconds, and probes that
 * arrive while a check is running share it.
 */
export function readinessCheck(options: ReadinessOptions): () => Promise<Readiness> {
  const cacheMs = options.cacheMs ?? 5_000;
  const nowMs = options.nowMs ?? Date.now;
  let last: { at: number; answer: Promise<Readiness> } | undefined;
  return () => {
    const now = nowMs();
    if (last && now - last.at < cacheMs) return last.answer;
    const answer = withTimeout(Promise.resolve().then(options.authenticate), options.timeoutMs ?? 3_000).then(
      (): Readiness => ({ ready: true }),
      (error: unknown): Readiness => ({
        ready: false,
        reason: `cannot authenticate as the app: ${error instanceof Error ? error.message : String(error)}`,
      }),
    );
    last = { at: now, answer };
    return answer;
  };
}

const HEALTH_PATHS = { live: "/healthz", ready: "/readyz" } as const;

function reply(res: ServerResponse, status: number, body: object): true {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
  return true;
}

/**
 * `GET /healthz`: 200 while the process serves HTTP (liveness). `GET /readyz`: 200 when the app can authenticate
 * with GitHub, 503 otherwise (readiness). Anything else is left to the next handler.
 */
export function healthHandler(
  ready: () => Promise<Readiness>,
  onNotReady: (reason: string) => void = () => {},
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = (req.url ?? "").split("?")[0];
    if (path === HEALTH_PATHS.live) return reply(res, 200, { status: "ok" });
    if (path !== HEALTH_PATHS.ready) return false;
    const answer = await ready();
    if (answer.ready) return reply(res, 200, { status: "ready" });
    onNotReady(answer.reason ?? "not ready");
    const reason = answer.publicReason ?? "cannot authenticate as the app; see the app's log";
    return reply(res, 503, { status: "unavailable", reason });
  };
}
