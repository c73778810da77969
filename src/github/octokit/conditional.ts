import type { Validated } from "../../config/cache.js";
import { statusOf } from "./errors.js";
import type { Octokit } from "./index.js";

/**
 * File reads (`GET …/contents/{path}`) made while `read` runs are sent with `If-None-Match` when an earlier answer
 * for the same URL and media type carried an `ETag`; GitHub's 304 (which does not count against the rate limit)
 * then stands for that earlier answer. Other requests pass untouched.
 */
export async function withConditionalReads<T>(
  octokit: Octokit,
  validators: Map<string, Validated>,
  read: () => Promise<T>,
): Promise<T> {
  const { endpoint } = octokit.request;
  const wrap = async (send: (options: unknown) => Promise<unknown>, options: Parameters<typeof endpoint.parse>[0]) => {
    const parsed = endpoint.parse(options);
    if (parsed.method !== "GET" || !/\/repos\/[^/]+\/[^/]+\/contents\//.test(parsed.url)) return send(options);
    const key = `${parsed.url} ${parsed.headers.accept ?? ""}`;
    const known = validators.get(key);
    // In place: before-after-hook hands inner hooks the request's own options object, whatever is passed on.
    if (known) options.headers = { ...options.headers, "if-none-match": known.etag };
    try {
      const response = (await send(options)) as { headers?: Record<string, string | undefined> };
      const etag = response.headers?.etag;
      if (etag) validators.set(key, { etag, response });
      else validators.delete(key);
      return response;
    } catch (error) {
      if (known && statusOf(error) === 304) return known.response;
      validators.delete(key);
      throw error;
    }
  };
  octokit.hook.wrap("request", wrap as never);
  try {
    return await read();
  } finally {
    octokit.hook.remove("request", wrap as never);
  }
}
