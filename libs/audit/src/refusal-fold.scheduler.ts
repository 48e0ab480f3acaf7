import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RefusalFolder } from './refusal-folder.service';

/** Often enough that a refused attempt shows in the audit log within seconds of its minute closing. */
export const REFUSAL_FOLD_INTERVAL_MS = 10_000;

/**
 * Folds closed minutes of refused attempts into the audit chain, in the
 * worker. Every replica runs it; an advisory lock lets one fold at a time.
 */
@Injectable()
export class RefusalFoldScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RefusalFoldScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly folder: RefusalFolder) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.folder
        .fold()
        .then((entries) => {
          if (entries > 0) this.logger.log(`folded ${entries} minute(s) of refused attempts into the audit log`);
        })
        // The rows stay where they are: the next turn folds them.
        .catch((error: Error) => this.logger.warn(`folding refused attempts failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, REFUSAL_FOLD_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
