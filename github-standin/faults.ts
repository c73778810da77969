/** Scripted failures, consumed in the order they were added. */
import type { FaultSpec } from "./types.js";

export interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

const SECONDARY_RATE_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";

/** GitHub's bodies for the statuses tests usually inject. */
export function defaultFaultBody(status: number): Record<string, unknown> {
  const documentation_url = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";
  switch (status) {
    case 403:
    case 429:
      return { message: SECONDARY_RATE_LIMIT_MESSAGE, documentation_url };
    case 502:
      return { message: "Server Error" };
    case 503:
      return { message: "Service Unavailable" };
    default:
      return {
        message: status >= 500 ? "Server Error" : "Error",
        documentation_url: "https://docs.github.com/rest",
        status: String(status),
      };
  }
}

/** Which requests an interleaved action waits for. */
export interface RequestMatcher {
  method?: string;
  route?: string;
  path?: string | RegExp;
}

export class FaultInjector {
  readonly #active: ActiveFault[] = [];
  readonly #interleaved: { matcher: RequestMatcher; action: () => void }[] = [];

  /**
   * Runs `action` (a person acting in GitHub, say) once, just before the next matching request is handled:
   * the races that real timing makes rare, made certain.
   */
  interleave(matcher: RequestMatcher, action: () => void): this {
    this.#interleaved.push({ matcher, action });
    return this;
  }

  runInterleaved(method: string, route: string, path: string): void {
    const index = this.#interleaved.findIndex(({ matcher }) => matches(matcher, method, route, path));
    if (index < 0) return;
    const [hit] = this.#interleaved.splice(index, 1);
    hit?.action();
  }

  add(spec: FaultSpec): this {
    this.#active.push({ spec, remaining: spec.times ?? 1 });
    return this;
  }

  /**
   * A secondary rate limit, as GitHub sends for bursts of writes: 403 (or 429) with GitHub's message and a
   * `retry-after` (default 1 s; `null` sends none, and the client should wait at least a minute).
   */
  secondaryRateLimit(
    opts: {
      method?: string;
      route?: string;
      retryAfterSeconds?: number | null;
      status?: 403 | 429;
      times?: number;
    } = {},
  ): this {
    const { retryAfterSeconds = 1, status = 403, ...rest } = opts;
    return this.add({
      ...rest,
      status,
      headers: retryAfterSeconds === null ? {} : { "retry-after": String(retryAfterSeconds) },
      body: defaultFaultBody(status),
    });
  }

  /** A primary rate limit: 403 with `x-ratelimit-remaining: 0` and the reset epoch. */
  primaryRateLimit(opts: { method?: string; route?: string; resetEpochSeconds: number; times?: number }): this {
    const { resetEpochSeconds, ...rest } = opts;
    return this.add({
      ...rest,
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(resetEpochSeconds) },
      body: {
        message: "API rate limit exceeded for installation.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      },
    });
  }

  clear(): void {
    this.#active.length = 0;
    this.#interleaved.length = 0;
  }

  /** Faults not yet fully consumed. */
  pending(): (FaultSpec | RequestMatcher)[] {
    return [
      ...this.#active.filter((f) => f.remaining > 0).map((f) => f.spec),
      ...this.#interleaved.map((i) => i.matcher),
    ];
  }

  /** Returns (and consumes one use of) the first fault matching the request. */
  take(method: string, route: string, path: string): FaultSpec | undefined {
    const hit = this.#active.find((f) => f.remaining > 0 && matches(f.spec, method, route, path));
    if (!hit) return undefined;
    hit.remaining--;
    return hit.spec;
  }
}

function matches(matcher: RequestMatcher, method: string, route: string, path: string): boolean {
  return (
    (matcher.method === undefined || matcher.method.toUpperCase() === method.toUpperCase()) &&
    (matcher.route === undefined || matcher.route === route) &&
    (matcher.path === undefined || (typeof matcher.path === "string" ? matcher.path === path : matcher.path.test(path)))
  );
}
