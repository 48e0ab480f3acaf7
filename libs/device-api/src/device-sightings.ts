import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaService, Statement, plainArrayParameter } from '@killswitch/db';
import { CachedDevice, DeviceFactsCache } from './device-facts-cache';
import { sightingWindowOf } from './sighting-window';

/** How often sightings are written, in one statement for every device seen meanwhile. */
const FLUSH_MS = 2_000;

/**
 * The queued sightings written, $1 device ids and $2 times (ms since the epoch); rows are locked in id order, as
 * the ack batches lock them, so two writers of the same devices never deadlock; a lastSeenAt never moves backwards.
 */
export const RECORD_SIGHTINGS: Statement = {
  name: 'device-sightings',
  text: `
    WITH locked AS MATERIALIZED (SELECT id FROM devices WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE)
    UPDATE devices d SET "lastSeenAt" = to_timestamp(s.ms / 1000.0)
    FROM locked l, unnest($1::uuid[], $2::float8[]) AS s(id, ms)
    WHERE d.id = l.id AND d.id = s.id AND (d."lastSeenAt" IS NULL OR d."lastSeenAt" < to_timestamp(s.ms / 1000.0))`,
};

/**
 * Keeps each device's lastSeenAt (poll, stream, OFREP, ack) without a write per
 * request: the first sighting in each 5-minute window is queued, and the queue
 * is written every 2 s in one UPDATE. Memory: nothing per device but a number
 * on its cached facts (the window last queued); only devices seen here without
 * cached facts are kept in a set, for the current window. A device whose
 * facts were read with its lastSeenAt already in the window (seen by another
 * instance, or by this one before a restart) queues nothing more in it: a
 * fleet re-polling a restarted replica does not rewrite a million rows.
 */
@Injectable()
export class DeviceSightings implements OnModuleDestroy {
  private readonly logger = new Logger(DeviceSightings.name);
  private uncached = new Set<string>();
  private window = 0;
  private pending = new Map<string, number>();
  private flushing?: Promise<void>;
  private readonly timer = setInterval(() => void this.flush(), FLUSH_MS).unref();

  constructor(
    private readonly prisma: PrismaService,
    private readonly facts: DeviceFactsCache,
  ) {}

  seen(deviceId: string, now = Date.now()): void {
    const cached = this.facts.peek(deviceId);
    if (cached) return this.seenWithFacts(cached, now);
    const window = sightingWindowOf(now);
    if (window !== this.window) {
      this.window = window;
      this.uncached = new Set();
    }
    if (this.uncached.has(deviceId)) return;
    this.uncached.add(deviceId);
    this.pending.set(deviceId, now);
  }

  /** seen() for a device whose cached facts the caller already holds (the poll): one lookup fewer. */
  seenWithFacts(device: CachedDevice, now = Date.now()): void {
    const window = sightingWindowOf(now);
    if (device.sightingWindow === window) return;
    device.sightingWindow = window;
    this.pending.set(device.id, now);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Writes the queued sightings; never moves a lastSeenAt backwards. A failed write is retried with the next flush. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.write(batch)
      .catch((error: Error) => {
        this.logger.warn(`could not record ${batch.size} device sightings (${error.message}); retrying with the next flush`);
        for (const [id, at] of batch) if (!this.pending.has(id)) this.pending.set(id, at);
      })
      .finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /**
   * Straight through the pool (PrismaService.sql), not Prisma's query engine: its debug module keeps the
   * arguments of its last 100 queries, and a flush's arguments are every device seen in 2 s (tens of MB at
   * fleet size, held for as long as no other query pushes them out). The ids go as one array literal (plainArrayParameter).
   */
  private async write(batch: Map<string, number>): Promise<void> {
    await this.prisma.sql(RECORD_SIGHTINGS, [plainArrayParameter([...batch.keys()]), [...batch.values()]]);
  }
}
