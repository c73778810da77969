/**
 * Runs work for one key (an issue, an alert's dedup key, a repository's id claims) strictly one after another.
 * webhooks.js runs handlers concurrently, and GitHub promises no order: serialising per key removes
 * check-then-create races. In one process that is `IssueLocks`; across replicas it is `RedisLocks`.
 */
export interface KeyedLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** The in-process queue: one promise chain per key, dropped once it drains. */
export class IssueLocks implements KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.tails.set(key, next);
    const cleanup = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(cleanup, cleanup);
    return next;
  }
}
