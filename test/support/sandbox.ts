import { type SweepOptions, type SweepStats, sweepRepository } from "../../src/sweep/sweep.js";
import { generateKeyPairSync } from "node:crypto";
import { setTimeout as sleepFor } from "node:timers/promises";
import Bottleneck from "bottleneck";
import ms from "ms";
import { type Options as ProbotOptions, Probot, ProbotOctokit } from "probot";
import { GitHubStandIn, type Delivery, type RepoHandle } from "../../github-standin/index.js";
import { createFirebreak } from "../../src/index.js";

/**
 * The real Probot app with its real Octokit, talking over HTTP to the GitHub stand-in. Used by the
 * end-to-end tests and by `npm run demo`.
 */

/** The team in every sandbox repository, one person per permission level. */
export const TEAM = { alice: "write", bob: "maintain", erin: "admin", dave: "triage", carol: "read" } as const;

export const SIGNING_KEY = "sandbox-signing-key";

let privateKey: string | undefined;
function appPrivateKey(): string {
  privateKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return privateKey;
}

export interface SandboxOptions {
  files?: Record<string, string>;
  /** Keep Octokit's retry and throttle plugins on, with delays in milliseconds (fault-injection tests). */
  realRetries?: boolean;
  /**
   * Octokit exactly as Probot ships it: retries, and throttling at GitHub's real spacing (a second between writes,
   * three between content creations, per installation, in the plugin's per-process queues). For `npm run bench`.
   */
  productionThrottle?: boolean;
  /** The stand-in's simulated round trip in milliseconds (default 0). */
  latencyMs?: number;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  now?: string;
  /** The config cache's TTL runs on the stand-in's clock (default: the real one, so it never runs out in a test). */
  configTtl?: string;
  /** The server sweeps every this many real milliseconds, by the stand-in's clock; stopped when the sandbox closes. */
  sweepEveryMs?: number;
}

export const WEBHOOK_SECRET = "sandbox-webhook-secret";

/** A second of GitHub's time, in milliseconds, for the real retry and throttle plugins in `realRetries` sandboxes. */
const FAST_SECOND_MS = 5;

/** How many requests started through each of the throttle plugin's queues. */
export type ThrottleCounts = Record<"global" | "auth" | "write" | "search" | "notifications", number>;

const noneThrottled = (): ThrottleCounts => ({ global: 0, auth: 0, write: 0, search: 0, notifications: 0 });

/**
 * The throttle plugin's queues as GitHub asks for them (one write at a time, a second apart; searches two
 * seconds apart; writes that notify people three seconds apart), each second lasting `FAST_SECOND_MS`.
 * Fresh per sandbox, so one test's queue never holds up the next (the plugin's own groups are per process).
 */
function fastThrottleGroups(counts: ThrottleCounts) {
  const group = (name: keyof ThrottleCounts, options: Bottleneck.ConstructorOptions) => {
    const created = new Bottleneck.Group(options);
    created.on("created", (limiter) => limiter.on("executing", () => void counts[name]++));
    return created;
  };
  return {
    global: group("global", { maxConcurrent: 10 }),
    auth: group("auth", { maxConcurrent: 1 }),
    write: group("write", { maxConcurrent: 1, minTime: 1 * FAST_SECOND_MS }),
    search: group("search", { maxConcurrent: 1, minTime: 2 * FAST_SECOND_MS }),
    notifications: group("notifications", { maxConcurrent: 1, minTime: 3 * FAST_SECOND_MS }),
  };
}

type OctokitOptions = { throttle?: object };

// Probot replaces the `throttle` object it is given with its own (its rate-limit handlers), which would switch
// throttling back on and drop our queues: both variants merge into whatever it passes.

/** Both plugins off, so tests are not spaced a second per write. */
const withoutRetriesOrThrottle = (instance: OctokitOptions) => ({
  ...instance,
  retry: { enabled: false },
  throttle: { ...instance.throttle, enabled: false },
});

/** Both plugins on with their real logic, queues and retry delays scaled from seconds to `FAST_SECOND_MS`. */
function withFastRetriesAndThrottle(counts: ThrottleCounts) {
  const groups = fastThrottleGroups(counts);
  return (instance: OctokitOptions) => ({
    ...instance,
    retry: { retryAfterBaseValue: FAST_SECOND_MS },
    throttle: { ...instance.throttle, ...groups, retryAfterBaseValue: FAST_SECOND_MS },
  });
}

/** A Probot instance (not yet running any app) whose Octokit talks to the stand-in. */
export function sandboxProbot(
  gh: GitHubStandIn,
  options: SandboxOptions = {},
  throttled: ThrottleCounts = noneThrottled(),
): Probot {
  return new Probot(sandboxProbotOptions(gh, options, throttled));
}

/** The options of `sandboxProbot`, for `Probot.defaults` (Probot's own `Server` makes its instance). */
export function sandboxProbotOptions(
  gh: GitHubStandIn,
  options: SandboxOptions = {},
  throttled: ThrottleCounts = noneThrottled(),
): ProbotOptions {
  return {
    appId: gh.appId,
    privateKey: appPrivateKey(),
    secret: WEBHOOK_SECRET,
    baseUrl: gh.baseUrl,
    Octokit: options.productionThrottle
      ? ProbotOctokit
      : ProbotOctokit.defaults(options.realRetries ? withFastRetriesAndThrottle(throttled) : withoutRetriesOrThrottle),
    logLevel: options.logLevel ?? (process.env.FIREBREAK_TEST_LOG as SandboxOptions["logLevel"]) ?? "fatal",
  };
}

/** One wait the app spent on a rate-limit answer. */
export interface LimitWait {
  /** How long the app asked to wait, in GitHub's milliseconds. */
  ms: number;
  /** The stand-in's clock when the wait began (it moves on by `ms` during the wait). */
  at: string;
  /** Requests the stand-in had logged when the wait began, and when it ended. */
  requestsBefore: number;
  requestsAfter: number;
}

/**
 * The app's waits on rate limits, recorded: GitHub's clock (the stand-in's) moves on by the whole wait, which
 * lasts `FAST_SECOND_MS` per second of it in real time.
 */
function recordedLimitWaits(gh: GitHubStandIn, waits: LimitWait[]) {
  return {
    async sleep(ms: number): Promise<void> {
      const wait: LimitWait = { ms, at: gh.clock.iso(), requestsBefore: gh.requests.length, requestsAfter: -1 };
      waits.push(wait);
      gh.clock.advance(ms);
      await sleepFor((ms / 1000) * FAST_SECOND_MS);
      wait.requestsAfter = gh.requests.length;
    },
  };
}

export class Sandbox {
  private constructor(
    readonly gh: GitHubStandIn,
    readonly repo: RepoHandle,
    readonly probot: Probot,
    /** Requests that went through each throttle queue (only a `realRetries` sandbox throttles). */
    readonly throttled: ThrottleCounts,
    /** Every wait the app spent on a rate-limit answer, in order. */
    readonly limitWaits: LimitWait[],
  ) {}

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const gh = new GitHubStandIn({
      validateResponses: true,
      latencyMs: options.latencyMs ?? 0,
      ...(options.now ? { now: options.now } : {}),
    });
    const repo = gh.addRepo("acme/checkout", { collaborators: { ...TEAM }, files: options.files ?? {} });
    await gh.listen();
    const throttled = noneThrottled();
    const probot = sandboxProbot(gh, options, throttled);
    const limitWaits: LimitWait[] = [];
    // With production throttling the app waits on rate limits as it would in production (real seconds).
    const secondaryLimits = options.productionThrottle ? {} : { secondaryLimits: recordedLimitWaits(gh, limitWaits) };
    const configCache = options.configTtl
      ? { configCache: { ttlMs: ms(options.configTtl as ms.StringValue), now: () => gh.clock.nowMs() } }
      : {};
    const sweeps: { stop(): void }[] = [];
    const serverSweeps = options.sweepEveryMs
      ? {
          sweepIntervalMs: options.sweepEveryMs,
          now: () => gh.clock.iso(),
          onSweepsStarted: (s: { stop(): void }) => sweeps.push(s),
        }
      : {};
    await probot.load(
      createFirebreak({ signingKey: SIGNING_KEY, ...secondaryLimits, ...configCache, ...serverSweeps }),
    );
    const sandbox = new Sandbox(gh, repo, probot, throttled, limitWaits);
    sandbox.onClose = () => {
      for (const running of sweeps) running.stop();
    };
    return sandbox;
  }

  /** A person's actions in GitHub's UI; each returns the webhooks GitHub would send. */
  as(login: string) {
    return this.gh.as(login);
  }

  /** Delivers webhooks to the app one after another, as GitHub would. */
  async deliver(deliveries: readonly Delivery[]): Promise<void> {
    for (const delivery of deliveries) await this.probot.receive(delivery as Parameters<Probot["receive"]>[0]);
  }

  /** A person's action, delivered, then the clock moves on a minute (GitHub stamps events by the second). */
  async act<T extends readonly Delivery[]>(deliveries: T, advance = "1m"): Promise<T> {
    await this.deliver(deliveries);
    this.gh.clock.advance(advance);
    return deliveries;
  }

  /** Delivers the webhooks the app's own writes caused (GitHub sends those too); returns how many. */
  async deliverEchoes(): Promise<number> {
    const echoes = this.gh.takeDeliveries();
    await this.deliver(echoes);
    return echoes.length;
  }

  /**
   * Delivers the echoes of the app's writes, then the echoes those cause, until none come (a push to a post-mortem
   * branch starts its check run); at most `rounds` rounds. Returns how many were delivered.
   */
  async settle(rounds = 6): Promise<number> {
    let delivered = 0;
    for (let round = 0; round < rounds; round++) {
      const echoes = await this.deliverEchoes();
      if (echoes === 0) break;
      delivered += echoes;
    }
    return delivered;
  }

  issue(number: number) {
    return this.repo.issue(number);
  }

  /** A scheduled sweep of the repository as of the stand-in's clock, as the Action or the server runs it. */
  async sweep(options: Partial<Pick<SweepOptions, "dryRun" | "budget" | "now">> = {}): Promise<SweepStats> {
    const octokit = (await this.probot.auth(this.gh.installationId)) as SweepOptions["octokit"];
    const [owner = "", repo = ""] = this.repo.fullName.split("/");
    return sweepRepository({
      octokit,
      owner,
      repo,
      now: options.now ?? this.gh.clock.iso(),
      keys: { current: SIGNING_KEY, previous: [] },
      appLogin: "firebreak[bot]",
      log: { info: () => undefined, warn: () => undefined, debug: () => undefined },
      ...options,
    });
  }

  /** Requests the app made since the last reset, as `METHOD route`. */
  requestsSince(reset = true): string[] {
    const made = this.gh.requests.map((entry) => `${entry.method} ${entry.route ?? entry.path}`);
    if (reset) this.gh.resetRequestLog();
    return made;
  }

  /** Requests that change something (anything but GET) since the last reset. */
  writesSince(reset = true): string[] {
    return this.requestsSince(reset).filter((request) => !request.startsWith("GET "));
  }

  /** Stops what runs on its own (server sweeps) before the stand-in goes away. */
  private onClose: () => void = () => undefined;

  async close(): Promise<void> {
    this.onClose();
    await this.gh.close();
  }

  /** Ends a test: no request the app made may have been one GitHub would reject. */
  async closeExpectingNoViolations(): Promise<void> {
    expect(this.gh.violations).toEqual([]);
    await this.close();
  }
}
