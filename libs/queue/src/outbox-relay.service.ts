import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { BackoffPolicy, PrismaService, backoffDelay } from '@killswitch/db';
import { JobItem } from './jobs';
import { hasWebhookFanout, jobsOf, readOutboxRow } from './outbox';
import { QueueService } from './queue.service';

const BATCH = 500;
// Idle poll of the outbox: an indexed probe, cheap enough to run often, and the delay it adds sits on every kill's path to the devices.
const IDLE_MS = 50;
/**
 * While PostgreSQL or Redis is down: capped backoff instead of a try every IDLE_MS. The cap bounds how
 * long after the outage the first kill waits to be relayed.
 */
export const RELAY_RETRY: BackoffPolicy = { initialMs: 100, maxMs: 2_000 };

/**
 * Moves committed domain events from the outbox into the jobs that hang on
 * them (EVENT_JOBS in outbox.ts), job ids derived from the row's jobId: a crash
 * between adding and marking adds the same ids again, which BullMQ ignores,
 * and the consumers are idempotent in the database besides. Rows are claimed
 * with SKIP LOCKED, so several workers can relay side by side.
 *
 * The job id is a random UUID stored with the row, not the row's sequence
 * number: a database restored from a backup, a replica promoted after it
 * lagged, or a new database beside the same Redis and prefix counts its
 * sequence again from where it was, and BullMQ would silently drop every job
 * whose id it still keeps (completed jobs stay a day), so kills were never
 * fanned out.
 *
 * Every rule change (kill, lift stage, lift and abort) also asks for an audit
 * checkpoint (EVENT_JOBS); one checkpoint a batch is enough, the others would
 * find nothing new.
 *
 * An outage is logged twice, when it starts and when it ends, not at every
 * retry; retries back off (RELAY_RETRY).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private stopped = false;
  private loop?: Promise<void>;
  /** Ends the current wait early, so that stopping does not wait out a backoff. */
  private wake?: () => void;

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
        if (failures > 0) this.logger.log(`outbox relay resumed after ${failures} failed attempts`);
        failures = 0;
      } catch (error) {
        if (failures === 0) this.logger.warn(`outbox relay failing, retrying with backoff: ${(error as Error).message}`);
        failures++;
      }
      if (failures > 0) await this.sleep(backoffDelay(failures - 1, RELAY_RETRY));
      else if (moved < BATCH) await this.sleep(IDLE_MS);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** One batch; returns how many rows it moved. */
  async relayOnce(): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: bigint; jobId: string; topic: string; payload: unknown; createdAt: Date }[]>`
        SELECT id, "jobId"::text AS "jobId", topic, payload, "createdAt" FROM outbox WHERE "dispatchedAt" IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      const events = rows.map((row) => ({ row, event: readOutboxRow(row.topic, row.payload) }));
      const unknown = events.filter((e) => e.event === null).map((e) => e.row);
      if (unknown.length > 0) this.logger.error(`outbox rows with unknown topics left in place: ${unknown.map((r) => `${r.id}:${r.topic}`).join(', ')}`);
      const known = events.flatMap(({ row, event }) => (event ? [{ row, event, jobs: jobsOf(event, row.jobId, row.createdAt, row.id) }] : []));
      await this.queue.addBulk(oneCheckpoint(known.flatMap((k) => k.jobs)));
      // An event with no webhook fan-out (a person's send of one delivery) owes none: marked so at once (WebhookFanoutSweep).
      const owingNone = known.filter((k) => !hasWebhookFanout(k.event.name)).map((k) => k.row.id);
      await tx.$executeRaw`UPDATE outbox SET "dispatchedAt" = now(), attempts = attempts + 1,
        "webhooksFannedOutAt" = CASE WHEN id = ANY(${owingNone}::bigint[]) THEN now() END
        WHERE id = ANY(${known.map((k) => k.row.id)}::bigint[])`;
      return known.length;
    });
  }
}

function oneCheckpoint(jobs: JobItem[]): JobItem[] {
  const first = jobs.findIndex((j) => j.name === 'audit.checkpoint');
  return jobs.filter((j, i) => j.name !== 'audit.checkpoint' || i === first);
}
