import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { LiftProgressionService } from './lift-progression.service';

const TICK_MS = 1000;

/**
 * Moves staged lifts on when their stageIntervalSec is up. The due time lives
 * in the database (nextStageAt), not in a timer, so a worker restart loses no
 * stage and several workers advance each stage once (the row lock decides).
 */
@Injectable()
export class LiftStageTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiftStageTimer.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly progression: LiftProgressionService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.progression
        .advanceDue()
        .then((advanced) => {
          if (advanced > 0) this.logger.log(`advanced ${advanced} staged lift(s)`);
        })
        .catch((error: Error) => this.logger.warn(`stage timer: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, TICK_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
