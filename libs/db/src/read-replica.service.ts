import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { QueryResultRow } from 'pg';
import { EnvConfig } from '@killswitch/config';
import { ChangeListener } from './change-listener.service';
import type { PrismaClient } from './generated/prisma/client';
import { PrismaService, Statement } from './prisma.service';
import { ReplayFence } from './replay-fence';
import { plainArrayParameter } from './array-literal';
import { ReplicaLag } from './replica-lag';
import { replicaLag, replicaReads } from './replica-metrics';
import { ReplicaPrismaService } from './replica-prisma.service';
import { parseLsn } from './wal-position';

/** The replica's lag is measured (and an unavailable one tried again) a quarter of the bound apart, within these. */
const CHECK_INTERVAL_MS = { min: 50, max: 1_000 };

type Reason = 'replica' | 'unavailable' | 'lagging' | 'fence' | 'miss' | 'error';
/** `stale`: a read that may be a moment behind (lists, audit); `device`: a device's credential or facts, fenced. */
type ReadKind = 'stale' | 'device';

/**
 * Routes the reads that may be a moment stale to DATABASE_REPLICA_URL, and
 * everything else stays on PrismaService. Without a replica configured every
 * read here simply uses the primary client.
 *
 * - read(): admin lists, audit reads and exports. Served by the replica while
 *   it answers and has replayed what the primary had at most
 *   DATABASE_REPLICA_MAX_LAG_MS ago (WAL positions compared a quarter of that
 *   bound apart, at most every second, not per request); otherwise, or if the
 *   read fails, by the primary.
 * - readDeviceRows(): cold-cache loads of a device's credential or facts, which
 *   guard what a device is told. Used from the replica only if it had replayed
 *   every change of that device this process was told about (ReplayFence);
 *   a row the replica lacks (a device enrolled a moment ago) is read again
 *   from the primary.
 *
 * A replica that fails is said once in the log and left alone until a check
 * finds it answering again (said once too).
 */
@Injectable()
export class ReadReplica implements OnModuleDestroy {
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
  private checking = false;
  private started = false;
  private readonly checkEveryMs: number;

  constructor(
    private readonly primary: PrismaService,
    private readonly changes: ChangeListener,
    config: EnvConfig,
  ) {
    this.lag = new ReplicaLag(config.DATABASE_REPLICA_MAX_LAG_MS);
    // Well inside the bound: a replica that keeps up must not look over it between two checks.
    this.checkEveryMs = Math.min(CHECK_INTERVAL_MS.max, Math.max(CHECK_INTERVAL_MS.min, Math.floor(config.DATABASE_REPLICA_MAX_LAG_MS / 4)));
    if (config.DATABASE_REPLICA_URL) this.replica = new ReplicaPrismaService({ ...config, DATABASE_REPLICA_URL: config.DATABASE_REPLICA_URL });
  }

  /**
   * Starts following changes and measuring the replica at the first read that could use it, so a process
   * that never makes one (the worker) holds no replica connection. Reads go to the primary until it is done.
   */
  private startOnce(): void {
    if (this.started || !this.replica || this.stopped) return;
    this.started = true;
    this.begin().catch((error: Error) => {
      this.started = false; // tried again at the next read
      this.logger.warn(`read replica not started: ${error.message.split('\n')[0]}`);
    });
  }

  private async begin(): Promise<void> {
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
    // The floor is a primary position taken once LISTEN is in place: every change committed before is below it.
    this.fence.resync();
    await this.sampleFence();
    await this.check();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.check(), this.checkEveryMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.replica?.close();
  }

  /** A read that may be up to DATABASE_REPLICA_MAX_LAG_MS stale. `query` must only read. */
  async read<T>(query: (db: PrismaClient) => Promise<T>): Promise<T> {
    const replica = this.usableReplica('stale');
    if (!replica) return query(this.primary);
    try {
      const result = await query(replica);
      replicaReads.inc({ read: 'stale', served: 'replica', reason: 'replica' });
      return result;
    } catch (error) {
      return this.afterReplicaError('stale', error as Error, query);
    }
  }

  /**
   * Reads of devices' rows that decide what those devices may do (the cold-cache loads of credentials
   * and facts, batched): `statement` with the keys as its one parameter, sent through the pool directly
   * (PrismaService.sql), since a fleet's first polls after a restart send thousands a second. A row the
   * replica has is kept only if the replica had replayed every change of that row's device this process
   * was told about (ReplayFence); the keys it lacked (a device enrolled a moment ago) or could not vouch
   * for are read again, together, from the primary. A primary that cannot be reached is a 503, as through
   * Prisma (the API's error mapping reads node-postgres's errors).
   */
  async readDeviceRows<K, T extends QueryResultRow>(keys: K[], statement: Statement, keyOf: (row: T) => K, deviceOf: (row: T) => string): Promise<T[]> {
    const replica = this.usableReplica('device');
    if (!replica) return this.primaryRows<T>(statement, keys);
    let kept: T[];
    try {
      // One connection, two statements: the read's snapshot is taken after the replay position was read, so it holds
      // at least everything replayed up to there; the fence is checked after the read, so a notice meanwhile turns it down.
      const { replayed, rows } = await replica.sqlAfterReplayPosition<T>(statement, [plainArrayParameter(keys)]);
      const at = replayed ? parseLsn(replayed) : undefined;
      kept = at !== undefined && this.changes.listening ? rows.filter((row) => this.fence.accepts(deviceOf(row), at)) : [];
      if (kept.length > 0) replicaReads.inc({ read: 'device', served: 'replica', reason: 'replica' }, kept.length);
      if (kept.length < rows.length) replicaReads.inc({ read: 'device', served: 'primary', reason: 'fence' }, rows.length - kept.length);
      if (rows.length < keys.length) replicaReads.inc({ read: 'device', served: 'primary', reason: 'miss' }, keys.length - rows.length);
    } catch (error) {
      return this.afterReplicaError('device', error as Error, () => this.primaryRows<T>(statement, keys));
    }
    const found = new Set(kept.map(keyOf));
    const rest = keys.filter((key) => !found.has(key));
    return rest.length === 0 ? kept : [...kept, ...(await this.primaryRows<T>(statement, rest))];
  }

  /** node-postgres's errors as they come: the API's error mapping answers an unreachable primary with 503. */
  private primaryRows<T extends QueryResultRow>(statement: Statement, keys: unknown[]): Promise<T[]> {
    return this.primary.sql<T>(statement, [plainArrayParameter(keys)]);
  }

  /**
   * A read the replica failed, read from the primary. The replica is set aside only if the primary
   * answers: a read that fails on both (a bad query) says nothing against the replica, and must not let
   * a caller make the replica look down at will.
   */
  private async afterReplicaError<T>(read: ReadKind, error: Error, query: (db: PrismaClient) => Promise<T>): Promise<T> {
    const result = await this.fromPrimary(read, 'error', query);
    this.lost(error);
    return result;
  }

  private fromPrimary<T>(read: ReadKind, reason: Reason, query: (db: PrismaClient) => Promise<T>): Promise<T> {
    replicaReads.inc({ read, served: 'primary', reason });
    return query(this.primary);
  }

  /** The replica if it may serve this read now; else undefined, counted as a primary read. */
  private usableReplica(read: ReadKind): ReplicaPrismaService | undefined {
    if (!this.replica) return undefined;
    this.startOnce();
    if (this.available && this.lag.withinBound(Date.now())) return this.replica;
    replicaReads.inc({ read, served: 'primary', reason: this.available ? 'lagging' : 'unavailable' });
    return undefined;
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
    // One at a time: a replica that does not answer takes up to its connect timeout, longer than the interval.
    if (!this.replica || this.stopped || this.checking) return;
    this.checking = true;
    try {
      await this.measure(this.replica);
    } finally {
      this.checking = false;
    }
  }

  private async measure(replica: ReplicaPrismaService): Promise<void> {
    if (this.fence.waiting) void this.sampleFence();
    let primaryLsn: bigint;
    const at = Date.now();
    try {
      primaryLsn = await this.primaryFlushed();
    } catch {
      return; // the primary's own trouble: nothing learnt about the replica
    }
    let replayed: string | null | undefined;
    try {
      const [row] = await replica.$queryRaw<{ lsn: string | null }[]>`SELECT pg_last_wal_replay_lsn()::text AS lsn`;
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

  /**
   * For the fence, the primary's WAL insert position: at or past every commit whose notice has been delivered,
   * even one made with synchronous_commit=off, whose notice may come before its WAL is flushed. On an idle
   * primary it can sit just past a page header the replica never replays; device reads then stay on the
   * primary until the next write, which is safe and costs nothing on an idle system.
   */
  private async primaryPosition(): Promise<bigint> {
    const [row] = await this.primary.$queryRaw<{ lsn: string }[]>`SELECT pg_current_wal_insert_lsn()::text AS lsn`;
    return parseLsn(row.lsn);
  }

  /**
   * For the lag, the primary's flushed position: a caught-up replica replays exactly up to it, even on an
   * idle primary. A commit made with synchronous_commit=off may be ahead of it by wal_writer_delay, which
   * the lag then leaves out.
   */
  private async primaryFlushed(): Promise<bigint> {
    const [row] = await this.primary.$queryRaw<{ lsn: string }[]>`SELECT pg_current_wal_flush_lsn()::text AS lsn`;
    return parseLsn(row.lsn);
  }
}
