/**
 * The loaded configuration of each repository (its `.github/incident.yml`, what it `_extends`, and the templates it
 * names), kept per process so an event does not read it again. A `push` that touches one of those files drops the
 * entry; the TTL catches pushes whose webhook was lost. A result the user must fix (a ConfigError) is kept like a
 * valid one; a failed read (5xx, network) is not kept at all. Replicas each keep their own. The last valid value of
 * each repository is kept apart, for as long as the process runs: a broken file falls back on it.
 */

const DEFAULT_CONFIG_TTL_MS = 5 * 60_000;

const CONFIG_PATH = ".github/incident.yml";

export interface ConfigCacheOptions {
  /** How long an entry is used without a push saying it changed (default five minutes). */
  ttlMs?: number;
  /** Milliseconds since the epoch (default `Date.now`); tests pass GitHub's clock. */
  now?: () => number;
}

/** A raw file read GitHub may answer 304 to: its `ETag` and the answer it tagged. */
export interface Validated {
  etag: string;
  response: unknown;
}

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
  /** Repository paths a push must touch to drop this entry (the config and its templates). */
  paths: ReadonlySet<string>;
}

/** Where a repository lives: the API's base URL (GitHub or an Enterprise Server) and `owner/repo`. */
export interface RepositoryKey {
  baseUrl: string;
  owner: string;
  repo: string;
}

const keyOf = ({ baseUrl, owner, repo }: RepositoryKey) => `${baseUrl} ${owner}/${repo}`.toLowerCase();
const ownerKeyOf = ({ baseUrl, owner }: Pick<RepositoryKey, "baseUrl" | "owner">) =>
  `${baseUrl} ${owner}/`.toLowerCase();

export class ConfigCache<T> {
  readonly ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<T>>();
  /** The last value without a problem per repository, kept past expiry and invalidation: what a broken file falls back on. */
  readonly #lastValid = new Map<string, T>();
  /** ETags of raw file reads by URL, kept past expiry and invalidation (a tag names one content exactly). */
  readonly validators = new Map<string, Validated>();

  constructor(options: ConfigCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_CONFIG_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The repository's cached value, or `load()`'s (one load at a time per repository: concurrent events share it).
   * `paths` names the files, besides `.github/incident.yml`, whose change makes the value stale.
   */
  get(where: RepositoryKey, load: () => Promise<T>, paths: (value: T) => readonly string[]): Promise<T> {
    const key = keyOf(where);
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > this.#now()) return cached.value;
    const watched = new Set([CONFIG_PATH]);
    const entry: Entry<T> = {
      value: load().then((value) => {
        for (const path of paths(value)) watched.add(normalize(path));
        return value;
      }),
      expiresAt: this.#now() + this.ttlMs,
      paths: watched,
    };
    this.#entries.set(key, entry);
    entry.value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entry.value;
  }

  /** The repository's last valid value this process loaded, if any. */
  lastValid(where: RepositoryKey): T | undefined {
    return this.#lastValid.get(keyOf(where));
  }

  rememberValid(where: RepositoryKey, value: T): void {
    this.#lastValid.set(keyOf(where), value);
  }

  /** Drops the repository's entry when a push to its default branch touched a file it was loaded from. */
  pushed(where: RepositoryKey, changed: readonly string[]): boolean {
    const key = keyOf(where);
    const entry = this.#entries.get(key);
    if (!entry) return false;
    const touched = changed.some((path) => {
      const file = normalize(path);
      return [...entry.paths].some((watched) => file === watched || file.startsWith(`${watched}/`));
    });
    if (touched) this.#entries.delete(key);
    return touched;
  }

  /** Drops the repository's entry whatever changed. */
  invalidate(where: RepositoryKey): boolean {
    return this.#entries.delete(keyOf(where));
  }

  /** Drops every entry of an owner (its `.github` repository, which `_extends: .github` reads, changed). */
  invalidateOwner(where: Pick<RepositoryKey, "baseUrl" | "owner">): number {
    const prefix = ownerKeyOf(where);
    let dropped = 0;
    for (const key of [...this.#entries.keys()])
      if (key.startsWith(prefix)) {
        this.#entries.delete(key);
        dropped++;
      }
    return dropped;
  }
}

function normalize(path: string): string {
  return path.replace(/^\.?\/+/, "").replace(/\/+$/, "");
}
