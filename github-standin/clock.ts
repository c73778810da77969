import ms from "ms";

/** GitHub reports timestamps with second resolution, e.g. `2026-11-25T12:00:00Z`. */
export function toGitHubTimestamp(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

function parseInstant(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`Clock: not an ISO timestamp: ${iso}`);
  return t;
}

/**
 * The single source of time for the stand-in. Tests move it explicitly so timelines, `updated_at`
 * and rate-limit reset headers are deterministic.
 */
export class Clock {
  #now: number;

  constructor(start = "2026-11-25T12:00:00Z") {
    this.#now = parseInstant(start);
  }

  now(): Date {
    return new Date(this.#now);
  }

  nowMs(): number {
    return this.#now;
  }

  /** Current time as GitHub would print it. */
  iso(): string {
    return toGitHubTimestamp(this.#now);
  }

  set(iso: string): void {
    this.#now = parseInstant(iso);
  }

  /** `advance(90_000)` or `advance("5m")` (any `ms` duration string). */
  advance(by: number | string): void {
    const delta = typeof by === "number" ? by : ms(by as ms.StringValue);
    if (typeof delta !== "number" || Number.isNaN(delta)) throw new Error(`Clock: bad duration ${String(by)}`);
    this.#now += delta;
  }
}
