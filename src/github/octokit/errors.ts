/** A server error or a dropped connection: the write may or may not have been saved. */
export function mayHaveLanded(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

export function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number"
    ? error.status
    : undefined;
}
