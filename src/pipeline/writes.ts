/**
 * Writes of one run are independent: a comment GitHub refuses must not stop the labels, state and
 * dashboard from being projected, and the other way round. Each write is attempted; the first failure is
 * rethrown once all have been tried, so the delivery still shows as failed and the next event repairs it.
 */
export class IndependentWrites {
  private readonly failures: { what: string; error: unknown }[] = [];

  constructor(
    private readonly scope: string,
    private readonly log: { warn: (message: string) => void },
  ) {}

  async attempt<T>(what: string, write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (error) {
      this.failures.push({ what, error });
      this.log.warn(`[${this.scope}] ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Rethrows the first failure, if any write failed. */
  finish(): void {
    const first = this.failures[0];
    if (first) throw first.error;
  }
}
