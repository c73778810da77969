import { setTimeout as sleepFor } from "node:timers/promises";
import type { Octokit } from "./base.js";
import { statusOf } from "./errors.js";

/**
 * GitHub's rate-limit answers are waited out and the same request is sent again, never dropped.
 *
 * What GitHub asks (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api, "Exceeding the rate
 * limit"; github/docs content/rest/using-the-rest-api/rate-limits-for-the-rest-api.md): a secondary limit is a
 * `403` or `429` "and an error message that indicates that you exceeded a secondary rate limit. If the
 * `retry-after` response header is present, you should not retry your request until after that many seconds has
 * elapsed. If the `x-ratelimit-remaining` header is `0`, you should not retry your request until after the time
 * … specified by the `x-ratelimit-reset` header. Otherwise, wait for at least one minute before retrying. If your
 * request continues to fail due to a secondary rate limit, wait for an exponentially increasing amount of time
 * between retries, and throw an error after a specific number of retries." A primary limit is the same statuses
 * with `x-ratelimit-remaining: 0`: retried only when `x-ratelimit-reset` says when.
 *
 * Creates are retried too, and that does not duplicate them: a rate-limit answer is GitHub refusing the request
 * (the same page tells clients to "retry your request" once the wait is over, which only makes sense for a
 * request that was not carried out), unlike a 5xx, after which a write may have landed (see `mayHaveLanded` and
 * the read-before-retry in `OctokitIssues.createComment`/`createIssue`).
 *
 * Why a request hook and not Probot's `throttle.onSecondaryRateLimit`: @octokit/plugin-throttling does retry a
 * secondary limit when that handler returns true (waiting `retry-after`, else 60 s, the same wait every time), but
 * Probot 14 installs its own handler, which only logs (lib/octokit/get-octokit-throttle-options.js), and the app
 * cannot replace it: `probot run` (our `npm start`) builds the Probot itself, with `ProbotOctokit`, and even a
 * `new Probot({ Octokit: ProbotOctokit.defaults({ throttle }) })` loses that `throttle` to Probot's, which
 * `getProbotOctokitWithDefaults` assigns over it (only a function passed to `defaults` could win, and only where
 * the app constructs the Probot). The plugin also recognises a secondary limit by its message alone. A hook on the
 * Octokit the app is given works however Probot was started, and for any Octokit handed to the runner (sweeps).
 */

export interface SecondaryLimitOptions {
  /** Seconds to wait after a limit answer that does not say how long: GitHub asks for at least a minute. */
  baseDelaySeconds?: number;
  /** The longest wait of the backoff (GitHub's own `retry-after` or reset time is always honoured in full). */
  maxDelaySeconds?: number;
  /** Sends of one request that may meet a limit; after the last, the request fails loudly. */
  maxAttempts?: number;
  /** How a wait is spent (tests pass one that records it and moves the stand-in's clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Epoch milliseconds, for `x-ratelimit-reset` and a `retry-after` given as a date. */
  now?: () => number;
}

const DEFAULTS = {
  baseDelaySeconds: 60,
  maxDelaySeconds: 15 * 60,
  // 60 + 120 + 240 + 480 + 5 × 900 s: an hour and a half of limits before a request is given up.
  maxAttempts: 10,
  sleep: (ms: number) => sleepFor(ms),
  now: () => Date.now(),
} satisfies Required<SecondaryLimitOptions>;

type Settings = Required<SecondaryLimitOptions>;

interface RequestOptions {
  method?: string;
  url?: string;
  request?: { fetch?: typeof fetch; retries?: number; [key: string]: unknown };
  [key: string]: unknown;
}
type Send = (options: RequestOptions) => Promise<unknown>;
type Wrap = (send: Send, options: RequestOptions) => Promise<unknown>;

/** A limit answer: `seconds` when GitHub said how long to wait. */
interface Limit {
  seconds?: number;
}

const SECONDARY = /\bsecondary rate limit|\babuse detection\b/i;

/** A rate-limit answer, or undefined for anything else (a plain 403 is a permission, not a limit). */
export function rateLimitOf(error: unknown, nowMs: number): Limit | undefined {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return undefined;
  const headers = headersOf(error);
  const retryAfter = retryAfterSeconds(headers["retry-after"], nowMs);
  if (retryAfter !== undefined) return { seconds: retryAfter };
  const reset = Number(headers["x-ratelimit-reset"]);
  if (headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset) && reset > 0)
    return { seconds: Math.max(0, Math.ceil(reset - nowMs / 1000)) + 1 };
  // GitHub answers 429 only for limits; a 403 is one only when its message says so.
  if (status === 429 || SECONDARY.test(messageOf(error))) return {};
  return undefined;
}

/**
 * The wait before the next send, after the `limits`-th consecutive limit answer for one request: what GitHub said
 * (else the base delay), doubled for each further limit and capped, but never less than GitHub said.
 */
export function limitDelaySeconds(limit: Limit, limits: number, settings: Partial<Settings> = {}): number {
  const { baseDelaySeconds, maxDelaySeconds } = { ...DEFAULTS, ...settings };
  const backoff = Math.max(limit.seconds ?? baseDelaySeconds, 1) * 2 ** (limits - 1);
  return Math.max(limit.seconds ?? 0, Math.min(maxDelaySeconds, backoff));
}

/** A request GitHub kept refusing with a rate limit: not performed; the next event or sweep does the work. */
export class RateLimitRetriesExhausted extends Error {
  /** The last answer's status (403 or 429): callers that ask whether a write may have landed see it did not. */
  readonly status: number | undefined;

  constructor(what: string, attempts: number, waitedSeconds: number, cause: unknown) {
    super(
      `GitHub answered ${what} with a rate limit ${attempts} times in a row (waited ${waitedSeconds} s in all); ` +
        `giving up, the request was not performed. Last answer: ${messageOf(cause)}`,
      { cause },
    );
    this.name = "RateLimitRetriesExhausted";
    this.status = statusOf(cause);
  }
}

const installed = new WeakMap<object, { users: number; wrap: Wrap }>();

/**
 * Makes every request of `octokit` wait out rate limits and retry, until the returned function is called. Installs
 * one hook per Octokit however often it is called (a dispatch handler and the run it starts share one), so waits
 * never nest; the first caller's options apply.
 */
export function withSecondaryLimitRetry(octokit: Octokit, options: SecondaryLimitOptions = {}): () => void {
  let entry = installed.get(octokit);
  if (!entry) {
    entry = { users: 0, wrap: retryingLimits(octokit, { ...DEFAULTS, ...options }) };
    installed.set(octokit, entry);
    octokit.hook.wrap("request", entry.wrap as never);
  }
  const mine = entry;
  mine.users++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--mine.users > 0) return;
    octokit.hook.remove("request", mine.wrap as never);
    installed.delete(octokit);
  };
}

function retryingLimits({ log, request: { endpoint } }: Octokit, settings: Settings): Wrap {
  // While one request waits out a limit, the others this Octokit sends wait too: GitHub asks for no requests at all.
  let pause: Promise<unknown> = Promise.resolve();
  return async (send, options) => {
    const request = options.request;
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      await pause;
      try {
        options.request = sentOnceOn429(request);
        return await send(options);
      } catch (error) {
        const limit = rateLimitOf(error, settings.now());
        if (!limit) throw error;
        const { method, url } = endpoint.parse(options as never);
        const what = `${method} ${url}`;
        if (attempt >= settings.maxAttempts) throw new RateLimitRetriesExhausted(what, attempt, waited, error);
        const seconds = limitDelaySeconds(limit, attempt, settings);
        waited += seconds;
        log.warn(
          `Rate limit on ${what} (${statusOf(error)}${limit.seconds === undefined ? "" : `, wait ${limit.seconds} s`}): ` +
            `sending it again in ${seconds} s (attempt ${attempt + 1} of ${settings.maxAttempts})`,
        );
        pause = Promise.all([pause, settings.sleep(seconds * 1000)]);
      }
    }
  };
}

/**
 * @octokit/plugin-retry, which Probot places between this hook and the network, sends a 429 again three times
 * after 1, 4 and 9 s whatever `retry-after` says, into the limit GitHub asked us to stay out of. It reads the
 * request's `retries` when the error passes it, so a fetch that sees the 429 first sets that to 0 and leaves the
 * wait to this hook. Other answers (5xx) keep plugin-retry's retries; a fresh copy per send keeps them per send.
 * The copy replaces `options.request` in place: before-after-hook hands every inner hook the request's own options
 * object, whatever an outer hook passes on.
 */
function sentOnceOn429(original: RequestOptions["request"]): RequestOptions["request"] {
  const request = { ...original };
  const fetchOnce = request.fetch ?? globalThis.fetch;
  request.fetch = async (...args: Parameters<typeof fetch>) => {
    const response = await fetchOnce(...args);
    if (response.status === 429) request.retries = 0;
    return response;
  };
  return request;
}

function headersOf(error: unknown): Record<string, string | undefined> {
  const response = typeof error === "object" && error !== null && "response" in error ? error.response : undefined;
  const headers = typeof response === "object" && response !== null && "headers" in response ? response.headers : {};
  return (headers ?? {}) as Record<string, string | undefined>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `retry-after` is seconds, or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterSeconds(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}
