import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SweepTimer } from '@killswitch/queue';
import { ProgressService } from './progress.service';

const SWEEP_MS = 30_000;

/**
 * Writes the milestones (50, 90, 99, 100 %) an ack batch reached but could not
 * record (ProgressService.writeMissedMilestones): within SWEEP_MS of the
 * database answering again, the incident timeline, the webhooks and
 * completedAt catch up.
 */
@Injectable()
export class MilestoneSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MilestoneSweep.name);
  private readonly timer = new SweepTimer('milestone sweep', SWEEP_MS, () => this.sweep(), this.logger);

  constructor(private readonly progress: ProgressService) {}

  onApplicationBootstrap(): void {
    this.timer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.timer.stop();
  }

  /** Returns how many milestones it wrote. */
  async sweep(): Promise<number> {
    const written = await this.progress.writeMissedMilestones();
    if (written > 0) this.logger.log(`${written} revocation milestones written by the sweep`);
    return written;
  }
}
