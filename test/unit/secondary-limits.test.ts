import { ProbotOctokit } from "probot";
import {
  limitDelaySeconds,
  RateLimitRetriesExhausted,
  rateLimitOf,
  withSecondaryLimitRetry,
} from "../../src/github/octokit/secondary-limits.js";

const SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
const NOW = Date.parse("2026-11-25T12:00:00Z");

/** What Octokit throws for an answer: a status, the response's headers and GitHub's message. */
function answer(status: number, headers: Record<string, string> = {}, message = "Error") {
  return Object.assign(new Error(message), { status, response: { status, headers, data: { message } } });
}

describe("rateLimitOf tells a rate limit from other refusals", () => {
  it.each([
    ["a secondary limit (403) with retry-after", answer(403, { "retry-after": "7" }, SECONDARY), { seconds: 7 }],
    ["a secondary limit (429) without retry-after", answer(429, {}, SECONDARY), {}],
    ["a secondary limit (403) without retry-after", answer(403, {}, SECONDARY), {}],
    ["an older abuse-detection answer", answer(403, {}, "You have triggered an abuse detection mechanism."), {}],
    ["a bare 429", answer(429), {}],
    ["a retry-after given as a date", answer(429, { "retry-after": "Wed, 25 Nov 2026 12:00:30 GMT" }), { seconds: 30 }],
    [
      "a primary limit that says when it resets",
      answer(
        403,
        { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(NOW / 1000 + 120) },
        "API rate limit exceeded",
      ),
      { seconds: 121 },
    ],
  ])("%s is a limit", (_, error, limit) => {
    expect(rateLimitOf(error, NOW)).toEqual(limit);
  });

  it.each([
    [
      "a plain 403 (a permission)",
      answer(403, { "x-ratelimit-remaining": "4999" }, "Resource not accessible by integration"),
    ],
    [
      "a primary limit that does not say when",
      answer(403, { "x-ratelimit-remaining": "0" }, "API rate limit exceeded"),
    ],
    ["a 404", answer(404, {}, SECONDARY)],
    ["a 502", answer(502, { "retry-after": "1" })],
    ["an error without a status", new Error(SECONDARY)],
  ])("%s is not", (_, error) => {
    expect(rateLimitOf(error, NOW)).toBeUndefined();
  });
});

describe("limitDelaySeconds", () => {
  it("waits a minute without retry-after, doubling for each further limit up to 15 minutes", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => limitDelaySeconds({}, n))).toEqual([60, 120, 240, 480, 900, 900]);
  });

  it("waits retry-after, doubling it for each further limit, and never less than GitHub asked", () => {
    expect([1, 2, 3].map((n) => limitDelaySeconds({ seconds: 7 }, n))).toEqual([7, 14, 28]);
    expect(limitDelaySeconds({ seconds: 3600 }, 1)).toBe(3600);
    expect(limitDelaySeconds({ seconds: 0 }, 1)).toBe(1);
  });

  it("takes the base delay as an option", () => {
    expect([1, 2].map((n) => limitDelaySeconds({}, n, { baseDelaySeconds: 2 }))).toEqual([2, 4]);
  });
});

/** A real Probot Octokit (plugins off) over a fake fetch that answers `answers` in turn, then 200. */
function octokitAnswering(answers: Response[]) {
  const sent: string[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    sent.push(`${init?.method ?? "GET"} ${String(url)}`);
    return answers.shift() ?? ok();
  };
  const octokit = new ProbotOctokit({
    request: { fetch },
    throttle: { enabled: false },
    retry: { enabled: false },
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
  return { octokit, sent };
}

const json = { "content-type": "application/json" };
const ok = () => new Response(JSON.stringify({ id: 1 }), { status: 200, headers: json });
const limited = (headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ message: SECONDARY }), { status: 403, headers: { ...json, ...headers } });

describe("withSecondaryLimitRetry", () => {
  it("sends the same request again after each wait, and gives up loudly after the last attempt", async () => {
    const { octokit, sent } = octokitAnswering(Array.from({ length: 10 }, () => limited()));
    const waits: number[] = [];
    withSecondaryLimitRetry(octokit, { sleep: async (ms) => void waits.push(ms) });
    const request = octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: "acme",
      repo: "checkout",
      issue_number: 1,
      title: "x",
    });
    const error: unknown = await request.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitRetriesExhausted);
    expect((error as RateLimitRetriesExhausted).status).toBe(403);
    expect((error as Error).message).toMatch(
      /^GitHub answered PATCH https:\/\/api\.github\.com\/repos\/acme\/checkout\/issues\/1 with a rate limit 10 times in a row \(waited 5400 s in all\); giving up, the request was not performed\. Last answer: You have exceeded a secondary rate limit/,
    );
    expect(sent).toHaveLength(10);
    expect(new Set(sent)).toEqual(new Set(["PATCH https://api.github.com/repos/acme/checkout/issues/1"]));
    expect(waits).toEqual([60, 120, 240, 480, 900, 900, 900, 900, 900].map((s) => s * 1000));
  });

  it("installs one hook per Octokit however often it is asked, until the last caller releases it", async () => {
    const { octokit, sent } = octokitAnswering([limited({ "retry-after": "3" }), ok(), limited(), ok(), limited()]);
    const waits: number[] = [];
    const outer = withSecondaryLimitRetry(octokit, { sleep: async (ms) => void waits.push(ms) });
    const inner = withSecondaryLimitRetry(octokit, { sleep: async () => {} });
    await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "checkout" });
    // One wait for one limit: the hooks do not nest, and the first caller's options apply.
    expect(waits).toEqual([3000]);
    inner();
    inner();
    await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "checkout" });
    expect(waits).toEqual([3000, 60_000]);
    outer();
    await expect(octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "checkout" })).rejects.toThrow(
      /secondary rate limit/,
    );
    expect(sent).toHaveLength(5);
  });

  it("holds the Octokit's other requests while one waits out a limit", async () => {
    const { octokit, sent } = octokitAnswering([limited({ "retry-after": "5" })]);
    let endWait = () => {};
    const sleep = () =>
      new Promise<void>((resolve) => {
        endWait = resolve;
      });
    withSecondaryLimitRetry(octokit, { sleep });
    const first = octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "one" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "two" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual(["GET https://api.github.com/repos/acme/one"]);
    endWait();
    await Promise.all([first, second]);
    expect(sent.slice(1).sort()).toEqual([
      "GET https://api.github.com/repos/acme/one",
      "GET https://api.github.com/repos/acme/two",
    ]);
  });
});
