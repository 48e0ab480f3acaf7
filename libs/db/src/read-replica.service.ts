import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { ChangeListener } from './change-listener.service';
import type { PrismaClient, Prisma } from './generated/prisma/client';
import { PrismaService } from './prisma.service';
import { ReplayFence } from './replay-fence';
import { ReplicaLag } from './replica-lag';
import { replicaLag, replicaReads } from './replica-metrics';
import { ReplicaPrismaService } from './replica-prisma.service';
import { parseLsn } from './wal-position';

/** How often the replica's lag is measured (and an unavailable one tried again), at most. */
const CHECK_INTERVAL_MS = 1_000;

type Reason = 'replica' | 'unavailable' | 'lagging' | 'fence' | 'miss' | 'error';

/**
 * Routes the reads that may be a moment stale to DATABASE_REPLICA_URL, and
 * everything else stays on PrismaService. Without a replica configured every
 * read here simply uses the primary client.
 *
 * - read(): admin lists, audit reads and exports. Served by the replica while
 *   it answers and has replayed what the primary had at most
 *   DATABASE_REPLICA_MAX_LAG_MS ago (measured every second by comparing WAL
 *   positions, not per request); otherwise, or if the read fails, by the primary.
 * - readDevice(): cold-cache loads of a device's credential or facts, which
 *   guard what a device is told. Used from the replica only if it had replayed
 *   every change of that device this process was told about (ReplayFence);
 *   a row the replica lacks (a device enrolled a moment ago) is read again
 *   from the primary.
 *
 * A replica that fails is said once in the log and left alone until a check
 * finds it answering again (said once too).
 */
@Injectable()
export class ReadReplica implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReadReplica.name);
  private readonly replica?: ReplicaPrismaService;
  private readonly fence = new ReplayFence();
  private readonly lag: ReplicaLag;
  private available = false;
  /** Said in the log once: false after the replica failed, true after it answered. */
  private said?: boolean;
  private fenceFailing = false;
  private timer?: NodeJS.Timeout;
  private sampling = false;
  private stopped = false;

  constructor(
    private readonly primary: PrismaService,
    private readonly changes: ChangeListener,
    config: EnvConfig,
  ) {
    this.lag = new ReplicaLag(config.DATABASE_REPLICA_MAX_LAG_MS);
    if (config.DATABASE_REPLICA_URL) this.replica = new ReplicaPrismaService({ ...config, DATABASE_REPLICA_URL: config.DATABASE_REPLICA_URL });
  }

  get configured(): boolean {
    return this.replica !== undefined;
  }

  async onModuleInit(): Promise<void> {
    if (!this.replica) return;
    // The fence's floor is taken after LISTEN is in place: changes committed before are all below it.
    await this.changes.start();
    this.changes.subscribe((notice) => {
      if (notice.kind !== 'device') return;
      this.fence.noticed(notice.deviceId);
      void this.sampleFence();
    });
    this.changes.onResync(() => {
      this.fence.resync();
      void this.sampleFence();
    });
    await this.sampleFence();
    await this.check();
    this.timer = setInterval(() => void this.check(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.replica?.close();
  }

  /** A read that may be up to DATABASE_REPLICA_MAX_LAG_MS stale. `query` must only read. */
  async read<T>(query: (db: PrismaClient) => Promise<T>): Promise<T> {
    const replica = this.usableReplica();
    if (!replica) return query(this.primary);
    try {
      const result = await query(replica);
      replicaReads.inc({ served: 'replica', reason: 'replica' });
      return result;
    } catch (error) {
      this.lost(error as Error);
      return this.fromPrimary('error', query);
    }
  }

  /**
   * The client for a read that may be stale and cannot be retried once begun (a streamed export):
   * the replica when read() would use it, else the primary.
   */
  staleClient(): PrismaClient {
    const replica = this.usableReplica();
    replicaReads.inc(replica ? { served: 'replica', reason: 'replica' } : { served: 'primary', reason: this.whyPrimary() });
    return replica ?? this.primary;
  }

  /**
   * A read of one device's rows that decides what that device may do. `deviceOf` names the device a
   * result belongs to, or undefined when the replica had nothing (read again from the primary).
   */
  async readDevice<T>(query: (db: PrismaClient) => Prisma.PrismaPromise<T>, deviceOf: (result: T) => string | undefined): Promise<T> {
    const replica = this.usableReplica();
    if (!replica) return query(this.primary);
    let reason: Reason;
    try {
      // One connection, two statements: the second's snapshot is taken after the first read the replay
      // position, so it holds at least everything replayed up to there.
      const [position, result] = await replica.$transaction([
        replica.$queryRaw<{ lsn: string | null }[]>`SELECT pg_last_wal_replay_lsn()::text AS lsn`,
        query(replica),
      ]);
      const deviceId = deviceOf(result);
      const replayed = position[0]?.lsn;
      // Checked after the read: a notice that came while it ran turns it down too.
      if (deviceId !== undefined && replayed && this.changes.listening && this.fence.accepts(deviceId, parseLsn(replayed))) {
        replicaReads.inc({ served: 'replica', reason: 'replica' });
        return result;
      }
      reason = deviceId === undefined ? 'miss' : 'fence';
    } catch (error) {
      this.lost(error as Error);
      reason = 'error';
    }
    return this.fromPrimary(reason, query);
  }

  private fromPrimary<T>(reason: Reason, query: (db: PrismaClient) => Promise<T>): Promise<T> {
    replicaReads.inc({ served: 'primary', reason });
    return query(this.primary);
  }

  private usableReplica(): ReplicaPrismaService | undefined {
    if (!this.replica) return undefined;
    if (this.available && this.lag.withinBound(Date.now())) return this.replica;
    replicaReads.inc({ served: 'primary', reason: this.whyPrimary() });
    return undefined;
  }

  private whyPrimary(): Reason {
    return this.available ? 'lagging' : 'unavailable';
  }

  private lost(error: Error): void {
    replicaLag.set(-1);
    this.available = false;
    if (this.said === false) return;
    this.said = false;
    this.logger.warn(`read replica unavailable (${error.message.split('\n')[0]}): reads go to the primary until it answers again`);
  }

  /** Measures the lag: the primary's position first, then the replica's replay position. */
  private async check(): Promise<void> {
    if (!this.replica || this.stopped) return;
    if (this.fence.waiting) void this.sampleFence();
    let primaryLsn: bigint;
    const at = Date.now();
    try {
      primaryLsn = await this.primaryPosition();
    } catch {
      return; // the primary's own trouble: nothing learnt about the replica
    }
    let replayed: string | null | undefined;
    try {
      const [row] = await this.replica.$queryRaw<{ lsn: string | null }[]>`SELECT pg_last_wal_replay_lsn()::text AS lsn`;
      replayed = row?.lsn;
      if (!replayed) throw new Error('it is not a standby (pg_last_wal_replay_lsn() is null)');
    } catch (error) {
      this.lost(error as Error);
      return;
    }
    if (!this.available) {
      // What it had replayed before it went away says nothing now.
      this.lag.reset();
      this.available = true;
      this.said = true;
      this.logger.log('read replica available: stale-tolerant reads go to it');
    }
    this.lag.primaryAt(at, primaryLsn);
    this.lag.replicaReplayed(parseLsn(replayed));
    const lagMs = this.lag.lagAt(Date.now());
    replicaLag.set(Number.isFinite(lagMs) ? lagMs / 1000 : -1);
  }

  /** Takes primary positions for the fence until nothing waits for one; one at a time. */
  private async sampleFence(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      while (this.fence.waiting && !this.stopped) {
        const epoch = this.fence.begin();
        this.fence.covered(epoch, await this.primaryPosition());
      }
      this.fenceFailing = false;
    } catch (error) {
      // Tried again at the next check; meanwhile device reads stay on the primary.
      if (!this.fenceFailing) this.logger.warn(`could not read the primary's WAL position: ${(error as Error).message.split('\n')[0]}`);
      this.fenceFailing = true;
    } finally {
      this.sampling = false;
    }
  }

  /** The primary's WAL insert position: at or past every commit whose notice has been delivered. */
  private async primaryPosition(): Promise<bigint> {
    const [row] = await this.primary.$queryRaw<{ lsn: string }[]>`SELECT pg_current_wal_insert_lsn()::text AS lsn`;
    return parseLsn(row.lsn);
  }
}
