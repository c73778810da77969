import { setTimeout as sleepFor } from "node:timers/promises";

/**
 * POSTs one message to a webhook. Retried with exponential backoff on 5xx, 429 (waiting `Retry-After` seconds
 * when it says) and timeouts or network errors; a 4xx other than 429 is the receiver refusing this message
 * (a bad payload, a deleted channel) and is not retried.
 */

export interface DeliveryOptions {
  /** Each attempt is abandoned after this long (default 10 s). */
  timeoutMs?: number;
  /** At most this many attempts (default 4). */
  attempts?: number;
  /** The first backoff (default 1 s), doubled each retry. */
  backoffMs?: number;
  /** The longest wait between attempts, `Retry-After` included (default 60 s). */
  maxWaitMs?: number;
  /** How waits happen (tests make them instant). */
  sleep?: (ms: number) => Promise<void>;
  /** All of a run's deliveries end within this long (default 30 s): the run holds its issue's lock meanwhile. */
  totalMs?: number;
  /** When this delivery must end (`Date.now()` milliseconds): no attempt or wait goes past it. */
  deadline?: number;
}

export type DeliveryOutcome =
  | { ok: true; status: number; attempts: number }
  | { ok: false; status?: number; error: string; attempts: number; retriable: boolean };

export async function deliver(url: string, body: unknown, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms));
  let failure: DeliveryOutcome & { ok: false } = { ok: false, error: "not attempted", attempts: 0, retriable: true };
  const left = () => (options.deadline ?? Number.POSITIVE_INFINITY) - Date.now();
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const answer = await post(url, JSON.stringify(body), Math.max(1, Math.min(options.timeoutMs ?? 10_000, left())));
    if ("status" in answer && answer.status < 300) return { ok: true, status: answer.status, attempts: attempt };
    failure = failed(answer, attempt);
    if (!failure.retriable || attempt === attempts) break;
    const wait = waitBefore(attempt + 1, answer, options);
    // A wait the deadline would cut short leaves no time for the attempt after it.
    if (wait >= left()) break;
    await sleep(wait);
  }
  return failure;
}

function failed(answer: Answer, attempts: number): DeliveryOutcome & { ok: false } {
  if (!("status" in answer)) return { ok: false, error: answer.error, attempts, retriable: true };
  const { status, detail } = answer;
  const error = `HTTP ${status}${detail ? `: ${detail}` : ""}`;
  return { ok: false, status, error, attempts, retriable: status === 429 || status >= 500 };
}

/** `Retry-After` when the receiver said it, else the backoff doubled per attempt; never above `maxWaitMs`. */
function waitBefore(attempt: number, answer: Answer, options: DeliveryOptions): number {
  const backoff = (options.backoffMs ?? 1_000) * 2 ** (attempt - 2);
  const asked = "retryAfterMs" in answer ? answer.retryAfterMs : undefined;
  return Math.min(asked ?? backoff, options.maxWaitMs ?? 60_000);
}

type Answer = { status: number; detail: string; retryAfterMs?: number } | { error: string };

async function post(url: string, body: string, timeoutMs: number): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    // Slack answers errors as text (`invalid_payload`, `channel_not_found`): worth a line in the log.
    const detail = (await response.text().catch(() => "")).slice(0, 200);
    const retryAfterMs = retryAfter(response.headers.get("retry-after"));
    return { status: response.status, detail, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  } catch (error) {
    // Checked by shape: fetch's errors may come from another realm than this module's `Error`.
    const { name, message, cause } = errorParts(error);
    if (name === "TimeoutError" || name === "AbortError") return { error: `no answer within ${timeoutMs} ms` };
    const why = errorParts(cause).message;
    return { error: why ? `${message}: ${why}` : message };
  }
}

function errorParts(error: unknown): { name?: string; message: string; cause?: unknown } {
  if (typeof error !== "object" || error === null) return { message: error === undefined ? "" : String(error) };
  const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: unknown };
  return { ...(typeof name === "string" ? { name } : {}), message: String(message ?? ""), cause };
}

/** `Retry-After` in seconds (an HTTP date is read too). */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
