import type { Logger } from '@nestjs/common';

/**
 * A worker's periodic sweep: `sweep` every `everyMs`, one run at a time (a
 * tick while a run is still going is skipped), a failure logged and tried
 * again at the next tick. Every worker runs its own; a sweep must be safe to
 * run in several processes at once.
 */
export class SweepTimer {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly sweep: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: Error) => this.logger.warn(`${this.name}: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
  }

  /** Stops the ticks and waits for a run under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
