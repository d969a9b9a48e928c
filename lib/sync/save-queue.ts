/**
 * One save at a time, running behind the caller: `start` begins a save without waiting for it, so
 * the caller can download the next topic meanwhile; `idle` waits for it and rethrows its failure.
 * A failure is held until asked for, never left as an unhandled rejection.
 */
export class SaveQueue {
  private current: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  /** Starts `save`; only call when idle. */
  start(save: () => Promise<void>): void {
    if (this.current) throw new Error('a save is already running');
    const running = save()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        if (this.current === running) this.current = null;
      });
    this.current = running;
  }

  /** Waits for the running save; throws the first failure of any save. */
  async idle(): Promise<void> {
    await this.current;
    if (this.failure) throw this.failure.error;
  }

  /** Waits for the running save, whatever its outcome. */
  async settled(): Promise<void> {
    await this.current;
  }
}
