/**
 * GitHub has no idempotency keys, and retrying a POST that failed after GitHub saved it duplicates what it made.
 * So a create is never retried blindly: after a 5xx or a dropped connection, look for what it would have made
 * (every body the app writes carries a unique record) and post again only if it is absent.
 */
export async function createOnce<T>(post: () => Promise<T>, findLanded: () => Promise<T | undefined>): Promise<T> {
  try {
    return await post();
  } catch (error) {
    if (!mayHaveLanded(error)) throw error;
    return (await findLanded()) ?? post();
  }
}

/** A server error or a dropped connection: the write may or may not have been saved. */
function mayHaveLanded(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

export function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number"
    ? error.status
    : undefined;
}
