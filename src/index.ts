import { Redis } from "ioredis";
import ms from "ms";
import type { ApplicationFunctionOptions, Probot } from "probot";
import { IssueLocks, type KeyedLock } from "./handlers/issue-locks.js";
import { RedisLocks, type RedisLockOptions } from "./handlers/redis-locks.js";
import { IncidentIdClaims } from "./github/octokit/refs.js";
import type { SecondaryLimitOptions } from "./github/octokit/secondary-limits.js";
import type { AppRuntime } from "./handlers/incident-run.js";
import type { SigningKeys } from "./domain/markers.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onIssues } from "./handlers/issues.js";
import { onPush } from "./handlers/push.js";
import { onConfigPull, onConfigPush } from "./handlers/config-check.js";
import { onCheckRun, onPullRequest } from "./handlers/pull-request.js";
import { onRepositoryDispatch } from "./handlers/repository-dispatch.js";
import { ConfigCache, type ConfigCacheOptions } from "./config/cache.js";
import { parseDuration } from "./config/duration.js";
import { startServerSweeps } from "./sweep/server.js";
import { guarded } from "./handlers/failures.js";
import { assertNoPlaceholders, healthHandler, type Readiness, readinessCheck } from "./startup.js";
import type { LoadedConfig } from "./pipeline/runner.js";

export interface FirebreakOptions {
  /** The app's bot login (`<slug>[bot]`); asked of GitHub once when not given. */
  appLogin?: string;
  /** Signs the records Firebreak keeps in its comments. Defaults to FIREBREAK_SIGNING_KEY (required). */
  signingKey?: string;
  /** Keys records may still be signed with while the key is rotated. Defaults to FIREBREAK_SIGNING_KEY_PREVIOUS (comma-separated). */
  previousSigningKeys?: string[];
  /** How GitHub's rate-limit answers are waited out (default: `retry-after`, else a minute, doubling, 10 sends). */
  secondaryLimits?: SecondaryLimitOptions;
  /**
   * The Redis that replicas share their locks through: a client, or its URL. Defaults to REDIS_URL; without either,
   * locks are this process's own (one replica only).
   */
  redis?: Redis | string;
  /** Tuning of the Redis locks (TTL, longest wait); their defaults suit GitHub. */
  redisLocks?: RedisLockOptions;
  /** How long a repository's config is used without a push saying it changed (default FIREBREAK_CONFIG_TTL, else 5m), and the clock. */
  configCache?: ConfigCacheOptions;
  /**
   * How often the server sweeps every installation's repositories for what has fallen due (default
   * FIREBREAK_SWEEP_INTERVAL, e.g. `5m`; unset: no server sweeps, for teams that sweep from Actions).
   */
  sweepIntervalMs?: number;
  /** The clock sweeps run by (tests move it); the system clock by default. */
  now?: () => string;
  /** Called with the running server sweeps, to stop them. */
  onSweepsStarted?: (sweeps: { stop(): void }) => void;
  /** How long a readiness answer (`GET /readyz`) is reused (default 5 s). */
  readinessCacheMs?: number;
}

export const MISSING_SIGNING_KEY =
  "Firebreak needs FIREBREAK_SIGNING_KEY: a random secret (for example `openssl rand -hex 32`) that signs the records it keeps in issues. " +
  "It must not be the webhook secret, and every server and Actions run of this app must share it. See README › Security.";

/** The signing key is required and separate from the webhook secret: whoever holds that must not be able to forge verdicts. */
export function signingKeysFrom(options: FirebreakOptions, env: NodeJS.ProcessEnv): SigningKeys {
  const current = (options.signingKey ?? env.FIREBREAK_SIGNING_KEY ?? "").trim();
  if (!current) throw new Error(MISSING_SIGNING_KEY);
  if (env.WEBHOOK_SECRET && current === env.WEBHOOK_SECRET)
    throw new Error(`FIREBREAK_SIGNING_KEY is the webhook secret. ${MISSING_SIGNING_KEY}`);
  const previous = options.previousSigningKeys ?? (env.FIREBREAK_SIGNING_KEY_PREVIOUS ?? "").split(",");
  return { current, previous: previous.map((key) => key.trim()).filter((key) => key && key !== current) };
}

/** FIREBREAK_CONFIG_TTL (`30s`, `5m`, `0` for no caching), or the default. */
function configTtlMs(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.FIREBREAK_CONFIG_TTL?.trim();
  if (!text) return undefined;
  const parsed = text === "0" ? 0 : ms(text as ms.StringValue);
  if (typeof parsed !== "number" || !Number.isFinite(parsed) || parsed < 0)
    throw new Error(
      `FIREBREAK_CONFIG_TTL must be a duration such as 30s or 5m, or 0 to read the config every event; got ${text}`,
    );
  return parsed;
}

/** FIREBREAK_SWEEP_INTERVAL (`5m`, `15m`): how often the server sweeps; undefined when unset. */
function sweepIntervalMs(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.FIREBREAK_SWEEP_INTERVAL?.trim();
  if (!text) return undefined;
  const parsed = parseDuration(text);
  if (!parsed || parsed.ms < 60_000)
    throw new Error(`FIREBREAK_SWEEP_INTERVAL must be a duration of a minute or more, such as 5m; got ${text}`);
  return parsed.ms;
}

/** Builds the Probot app function: wires each webhook event family to its one handler, nothing else. */
export function createFirebreak(options: FirebreakOptions = {}) {
  return (app: Probot, probotOptions?: Partial<ApplicationFunctionOptions>): void => {
    // Probot loads the app only once APP_ID and the private key are set (before that it serves its setup page),
    // so a first run needs no signing key; a configured app with placeholder settings or no key handles nothing.
    const runtime = usableRuntime(app, options);
    if (typeof runtime === "string") {
      serveUnconfigured(app, probotOptions, runtime);
      return;
    }
    if (process.env.NODE_ENV === "production" && !process.env.LOG_FORMAT)
      app.log.warn("LOG_FORMAT is not set: `probot run` then logs text, not JSON; set LOG_FORMAT=json in production");
    app.on(
      "issue_comment",
      guarded((context) => onIssueComment(context, runtime)),
    );
    app.on(
      "issues",
      guarded((context) => onIssues(context, runtime)),
    );
    app.on(
      "repository_dispatch",
      guarded((context) => onRepositoryDispatch(context, runtime)),
    );
    app.on(
      "push",
      guarded(async (context) => {
        onPush(context, runtime);
        await onConfigPush(context, runtime);
      }),
    );
    app.on(
      "pull_request",
      guarded((context) => onPullRequest(context, runtime)),
    );
    app.on(
      "pull_request",
      guarded((context) => onConfigPull(context, runtime)),
    );
    app.on(
      "check_run",
      guarded((context) => onCheckRun(context, runtime)),
    );
    serveHealth(app, probotOptions, authenticated(app, options.readinessCacheMs));
    const intervalMs = options.sweepIntervalMs ?? sweepIntervalMs(process.env);
    if (intervalMs) {
      const now = options.now ?? (() => new Date().toISOString());
      options.onSweepsStarted?.(startServerSweeps(app, runtime, { intervalMs, now }));
    }
  };
}

/** The runtime, or why the settings cannot be used (placeholders, no signing key, an unreadable variable). */
function usableRuntime(app: Probot, options: FirebreakOptions): AppRuntime | string {
  try {
    if (process.env.APP_ID) assertNoPlaceholders(process.env);
    return appRuntime(app, options);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Settings that cannot be used stop every delivery, not the server: each webhook fails (GitHub keeps it, to be
 * redelivered once the settings are fixed), nothing is read, written or signed, `/readyz` answers 503 and the log
 * says what to fix. A crashed process would tell an operator less, and a silent one would lose the deliveries.
 */
function serveUnconfigured(
  app: Probot,
  probotOptions: Partial<ApplicationFunctionOptions> | undefined,
  problem: string,
): void {
  app.log.fatal(`Firebreak is not configured and handles no webhook: ${problem}`);
  app.onAny(async () => {
    throw new Error(`Firebreak is not configured: ${problem}`);
  });
  const notReady = { ready: false, reason: problem, publicReason: "not configured; see the app's log" };
  serveHealth(app, probotOptions, async () => notReady);
}

/** What every handler shares: who the app is, its signing keys, its locks and id claims, and the config cache. */
function appRuntime(app: Probot, options: FirebreakOptions): AppRuntime {
  const keys = signingKeysFrom(options, process.env);
  let login: Promise<string> | undefined = options.appLogin
    ? Promise.resolve(options.appLogin)
    : process.env.FIREBREAK_APP_LOGIN
      ? Promise.resolve(process.env.FIREBREAK_APP_LOGIN)
      : undefined;
  const locks = keyedLock(app, options, process.env);
  return {
    keys,
    locks,
    claims: new IncidentIdClaims(locks),
    secondaryLimits: options.secondaryLimits,
    configCache: new ConfigCache<LoadedConfig>({ ttlMs: configTtlMs(process.env), ...options.configCache }),
    appLogin() {
      login ??= app
        .auth()
        .then((octokit) => octokit.rest.apps.getAuthenticated())
        .then(({ data }) => `${data?.slug ?? "firebreak"}[bot]`)
        .catch((error: unknown) => {
          login = undefined;
          throw error;
        });
      return login;
    },
  };
}

/**
 * `GET /healthz` and `GET /readyz` on Probot's server. Probot only lends its server to apps it runs (`probot run`,
 * `new Server`); an app loaded into a bare Probot instance (tests) has none, and so no endpoints.
 */
function serveHealth(
  app: Probot,
  probotOptions: Partial<ApplicationFunctionOptions> | undefined,
  ready: () => Promise<Readiness>,
) {
  const handler = healthHandler(ready, (reason) => app.log.warn({ probe: "readyz" }, `not ready: ${reason}`));
  try {
    probotOptions?.addHandler?.(handler);
  } catch {
    app.log.debug("no HTTP server: /healthz and /readyz are not served");
  }
}

/** Ready when the app can authenticate with GitHub. */
function authenticated(app: Probot, cacheMs?: number): () => Promise<Readiness> {
  return readinessCheck({
    authenticate: () => app.auth().then((octokit) => octokit.rest.apps.getAuthenticated()),
    cacheMs,
  });
}

/** One lock for every replica when Redis is configured, else the in-process queue. */
function keyedLock(app: Probot, options: FirebreakOptions, env: NodeJS.ProcessEnv): KeyedLock {
  const redis = options.redis ?? (env.REDIS_URL?.trim() || undefined);
  if (redis === undefined) return new IssueLocks();
  const client = typeof redis === "string" ? new Redis(redis) : redis;
  if (typeof redis === "string")
    client.on("error", (error: Error) => app.log.error({ err: error, source: "firebreak-locks" }, "Redis error"));
  return new RedisLocks(client, {
    onLost: (key, error) =>
      app.log.error(
        { err: error, key },
        `lost the Redis lock on ${key} while holding it: another replica may be handling the same issue`,
      ),
    ...options.redisLocks,
  });
}

export default createFirebreak();
