import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { IssueLocks, type KeyedLock } from "./issue-locks.js";

export interface RedisLockOptions {
  /** Prefix of every lock key in Redis (default `firebreak:lock:`). */
  prefix?: string;
  /** How long a lock outlives a replica that died holding it (default 30 s); renewed every third of it while held. */
  ttlMs?: number;
  /** How long to wait for another replica to release a lock before giving up loudly (default 30 s). */
  maxWaitMs?: number;
  /** The longest pause between two attempts (default 100 ms); the first pauses are shorter, all jittered. */
  maxRetryDelayMs?: number;
  /** Told when a held lock could not be renewed: another replica may now run the same key. */
  onLost?: (key: string, error?: unknown) => void;
}

/** Deletes the lock only if it still holds our token (it may have expired and been taken by another replica). */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Extends the lock only if it still holds our token. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * The lock shared by every replica through Redis: `SET key token NX PX ttl`, retried with short jittered pauses
 * until it is ours (at most `maxWaitMs`, then an error), renewed while the work runs, released by compare-and-delete.
 * Waiters of this process queue locally first, so one replica polls Redis once per key, in arrival order.
 */
export class RedisLocks implements KeyedLock {
  private readonly local = new IssueLocks();
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLockOptions = {},
  ) {
    this.prefix = options.prefix ?? "firebreak:lock:";
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 100;
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(key, async () => {
      const name = this.prefix + key.toLowerCase();
      const token = randomBytes(16).toString("hex");
      await this.acquire(name, token, key);
      const renewal = setInterval(() => this.renew(name, token, key), Math.max(1, Math.floor(this.ttlMs / 3)));
      renewal.unref();
      try {
        return await work();
      } finally {
        clearInterval(renewal);
        await this.redis.eval(RELEASE, 1, name, token).catch((error: unknown) => this.options.onLost?.(key, error));
      }
    });
  }

  private async acquire(name: string, token: string, key: string): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if ((await this.redis.set(name, token, "PX", this.ttlMs, "NX")) === "OK") return;
      const waited = Date.now() - started;
      if (waited >= this.maxWaitMs)
        throw new Error(
          `Firebreak waited ${waited} ms for the lock on ${key} in Redis and gave up: another replica holds it ` +
            `(it expires ${this.ttlMs} ms after its holder stops renewing it). The event is not handled; GitHub's redelivery or the next event on it will be.`,
        );
      const ceiling = Math.min(this.maxRetryDelayMs, 5 * 2 ** attempt);
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
    }
  }

  private renew(name: string, token: string, key: string): void {
    this.redis.eval(RENEW, 1, name, token, String(this.ttlMs)).then(
      (renewed) => {
        if (renewed !== 1) this.options.onLost?.(key);
      },
      (error: unknown) => this.options.onLost?.(key, error),
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
