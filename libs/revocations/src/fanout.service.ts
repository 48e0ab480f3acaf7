import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EnvConfig } from '@killswitch/config';
import { PrismaService, analyzeUnlessColumnHasStatistics } from '@killswitch/db';
import { compileRules, storedScope } from '@killswitch/evaluation';
import { Jobs, QueueService } from '@killswitch/queue';
import { findEnforcedKills, findKillRule, killRule } from './enforced-rules';
import { FanoutPage, PageTarget, RangedTarget, rangedPage, scopePage } from './fanout-pages';
import { AckedRevocation, ProgressService } from './progress.service';

/** A scan covers this many delivery jobs' worth of devices: fewer round trips, jobs still about a thousand devices each. */
const PAGES_PER_SCAN = 10;

type DeliverJob = Jobs['revocation.deliver'];

/**
 * Pages through a revocation's devices by keyset, writes their deliveries and
 * adds their delivery jobs in bulk, one job a page of devices. Resumable: the
 * cursor is saved with each page's rows, and a restarted fan-out first queues
 * again whatever is still queued behind the cursor.
 */
@Injectable()
export class FanoutService {
  private readonly logger = new Logger(FanoutService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly queue: QueueService,
    private readonly progress: ProgressService,
    private readonly config: EnvConfig,
  ) {}

  async fanOut(revocationId: string): Promise<void> {
    const revocation = await this.prisma.revocation.findUnique({ where: { id: revocationId }, include: { killSwitch: true } });
    if (!revocation) {
      this.logger.error(`revocation ${revocationId} does not exist: nothing to fan out`);
      return;
    }
    if (revocation.fannedOutAt) return;
    const kill = revocation.killSwitch;
    const rev = revocation.rev.toString();
    const base: PageTarget = {
      revocationId,
      rev: revocation.rev,
      scope: storedScope(kill),
      cursor: revocation.fanoutCursor,
      size: this.config.FANOUT_PAGE_SIZE * PAGES_PER_SCAN,
    };
    const ranged = revocation.bucketFrom !== null && revocation.bucketTo !== null;
    const target: PageTarget | RangedTarget = ranged
      ? { ...base, ...(await this.rules(kill.id)), killSwitchId: kill.id, from: revocation.bucketFrom!, to: revocation.bucketTo! }
      : base;
    // Delivery job ids carry this run's own id: a fan-out resumed after a crash, or after the database was restored
    // from a backup beside a Redis that still holds the jobs of the first run, must not have its jobs ignored as duplicates.
    const run = randomUUID();
    if (target.cursor) await this.requeue(revocationId, run, rev, target.cursor);
    const timing = { started: Date.now(), pages: 0, rows: 0, dbMs: 0, queueMs: 0 };
    const held: DeliverJob[] = [];
    let analyzed = false;
    for (;;) {
      const start = target.cursor;
      const t0 = Date.now();
      // A page is a few statements over ten thousand rows: allow it more than Prisma's 5 s default on a loaded machine.
      const page: FanoutPage = await this.prisma.$transaction((tx) => (ranged ? rangedPage(tx, target as RangedTarget) : scopePage(tx, target)), {
        timeout: 60_000,
      });
      const t1 = Date.now();
      timing.dbMs += t1 - t0;
      timing.pages++;
      timing.rows += page.delivered.length;
      target.cursor = page.upTo;
      // The first page's jobs go at once; later pages' wait for the end of the fan-out, so a large
      // fan-out does not write rows while its own delivery jobs update them on the same cores.
      // Connected devices were pushed already (DeviceStreams' early push); a crash before the end
      // loses none of these jobs: the resumed fan-out re-queues every delivery still queued.
      held.push(...this.deliverJobs(revocationId, rev, start, page.delivered));
      if (timing.pages === 1) await this.addDeliverJobs(revocationId, run, held.splice(0));
      const reconciled = page.delivered.length > 0 ? await this.reconcileAcks(revocationId, revocation.rev, page.delivered) : [];
      await this.progress.checkMilestones([...page.touched, ...reconciled]);
      if (!analyzed && page.delivered.length > 0) analyzed = await this.analyzeDeliveries();
      timing.queueMs += Date.now() - t1;
      if (page.upTo === null) break;
    }
    await this.addDeliverJobs(revocationId, run, held);
    await this.prisma.revocation.update({ where: { id: revocationId }, data: { fannedOutAt: new Date() } });
    await this.progress.settle(revocationId);
    this.logger.log(
      `revocation ${revocationId}: ${timing.rows} deliveries queued in ${Date.now() - timing.started} ms (${timing.pages} pages: ${timing.dbMs} ms writing rows, ${timing.queueMs} ms adding jobs)`,
    );
  }

  /**
   * Acks close a device's deliveries by its id: once this fan-out has written some, PostgreSQL is given statistics
   * for them if it has none (analyzeUnlessColumnHasStatistics), before the acks arrive in their thousands. Checked
   * once a fan-out (true once checked, whatever came of it); a failure only costs the acks speed, so it is logged and
   * the fan-out goes on.
   */
  private async analyzeDeliveries(): Promise<true> {
    try {
      if (await analyzeUnlessColumnHasStatistics(this.prisma, 'deliveries', 'deviceId')) this.logger.log('deliveries analyzed: the table had no statistics');
    } catch (error) {
      this.logger.warn(`could not analyze deliveries: ${(error as Error).message}`);
    }
    return true;
  }

  /**
   * Devices are pushed as soon as the rules change, so many ack while their page is being
   * written. An ack that committed after the page read `ackedRev` but before the page
   * committed found no row to close; this pass, after the commit, closes those. (An ack
   * later than this pass sees the committed rows itself.)
   */
  private async reconcileAcks(revocationId: string, rev: bigint, deviceIds: string[]): Promise<AckedRevocation[]> {
    // Usually none of the page has acked yet: find those that have first, and touch deliveries only for them. By the page's
    // primary-key range, one index range scan: a list of ten thousand ids is planned as a (parallel) scan of the whole fleet.
    // A device in the range but not in the page has no delivery of this revocation to close.
    const acked = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM devices
      WHERE id >= ${deviceIds[0]}::uuid AND id <= ${deviceIds[deviceIds.length - 1]}::uuid AND "ackedRev" >= ${rev}`;
    if (acked.length === 0) return [];
    // The counter moves in the same statement, by the rows this statement closed: an ack batch closing some of them meanwhile counts those itself.
    return this.prisma.$queryRaw<AckedRevocation[]>`
      WITH closed AS (
        UPDATE deliveries SET state = 'acknowledged', "acknowledgedAt" = now(), "updatedAt" = now()
        WHERE "revocationId" = ${revocationId}::uuid AND "deviceId" = ANY(${acked.map((row) => row.id)}::uuid[]) AND state IN ('queued', 'sent', 'failed', 'expired')
        RETURNING 1
      )
      UPDATE revocations r SET acknowledged = r.acknowledged + (SELECT count(*)::int FROM closed)
      WHERE r.id = ${revocationId}::uuid AND EXISTS (SELECT 1 FROM closed)
      RETURNING r.id, (SELECT count(*)::int FROM closed) AS closed, r.acknowledged, r.canceled, r.target, r.milestones, r."killSwitchId",
                (r."bucketFrom" IS NOT NULL AND r."fannedOutAt" IS NULL) AS open`;
  }

  /** The kills in force other than this one, compiled with and without it fully enforced. */
  private async rules(killSwitchId: string): Promise<Pick<RangedTarget, 'withKill' | 'withoutKill'>> {
    const others = (await findEnforcedKills(this.prisma)).filter((k) => k.id !== killSwitchId).map((k) => killRule(k));
    const lifted = killRule(await findKillRule(this.prisma, killSwitchId), 0);
    return { withKill: compileRules([...others, lifted]), withoutKill: compileRules(others) };
  }

  private async addDeliverJobs(revocationId: string, run: string, jobs: DeliverJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 500) {
      await this.queue.addBulk(
        jobs.slice(i, i + 500).map((data) => ({ name: 'revocation.deliver', data, jobId: `deliver-${revocationId}-${run}-${data.lastId}` })),
      );
    }
  }

  /** Delivery jobs of about a page each, by device id range (after, last], so a payload stays small. */
  private deliverJobs(revocationId: string, rev: string, start: string | null, deviceIds: string[]): DeliverJob[] {
    const jobs: DeliverJob[] = [];
    let after = start;
    for (let i = 0; i < deviceIds.length; i += this.config.FANOUT_PAGE_SIZE) {
      const lastId = deviceIds[Math.min(i + this.config.FANOUT_PAGE_SIZE, deviceIds.length) - 1];
      jobs.push({ revocationId, rev, afterId: after, lastId });
      after = lastId;
    }
    return jobs;
  }

  /**
   * Queue again the delivery jobs of whatever is still queued, up to the cursor (null: all of it): resuming after a crash,
   * when the last page's jobs may never have been added, or for a fan-out whose delivery jobs Redis lost (FanoutSweep).
   * A delivery job sends only what is still queued, so a range queued twice sends once.
   */
  async requeue(revocationId: string, run: string, rev: string, cursor: string | null): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const rows: { deviceId: string }[] = await this.prisma.delivery.findMany({
        where: { revocationId, state: 'queued', deviceId: { ...(cursor ? { lte: cursor } : {}), ...(after ? { gt: after } : {}) } },
        select: { deviceId: true },
        orderBy: { deviceId: 'asc' },
        take: this.config.FANOUT_PAGE_SIZE,
      });
      if (rows.length === 0) return;
      const lastId = rows[rows.length - 1].deviceId;
      await this.queue.add('revocation.deliver', { revocationId, rev, afterId: after, lastId }, `deliver-${revocationId}-${run}-resume-${lastId}`);
      after = lastId;
    }
  }
}
