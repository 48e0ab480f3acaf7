import { Injectable, Logger } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { Prisma, PrismaService } from '@killswitch/db';
import { Scope } from '@killswitch/evaluation';
import { matchingDevicesWhere } from '@killswitch/kill-switches';
import { QueueService } from '@killswitch/queue';
import { ProgressService } from './progress.service';

/**
 * Pages through a revocation's devices by keyset and queues one delivery job
 * a page. Resumable: the cursor is saved with each page, deliveries are
 * unique per (revocation, device), and deliver jobs have ids, so a crash
 * anywhere repeats at most one page and duplicates nothing.
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
    const scope = revocation.killSwitch.scope as unknown as Scope;
    const where = matchingDevicesWhere(scope);
    let cursor = revocation.fanoutCursor;
    // Resuming after a crash: the last page's job may never have been added. Queue again whatever is still queued.
    if (cursor) await this.requeue(revocationId, revocation.rev.toString(), cursor);
    for (;;) {
      const page = await this.prisma.$queryRaw<{ id: string }[]>`
        SELECT d.id::text AS id FROM devices d WHERE ${where} ${cursor ? Prisma.sql`AND d.id > ${cursor}::uuid` : Prisma.empty} ORDER BY d.id LIMIT ${this.config.FANOUT_PAGE_SIZE}`;
      if (page.length === 0) break;
      const deviceIds = page.map((row) => row.id);
      cursor = deviceIds[deviceIds.length - 1];
      // Deliveries first, then their job: a job never runs ahead of the rows it marks sent.
      // A device that already acknowledged this revision is recorded as acknowledged.
      const [inserted] = await this.prisma.$transaction([
        this.prisma.$queryRaw<{ state: string }[]>`
          INSERT INTO deliveries ("revocationId", "deviceId", rev, state, "queuedAt", "updatedAt", "acknowledgedAt")
          SELECT ${revocationId}::uuid, d.id, ${revocation.rev},
                 CASE WHEN d."ackedRev" >= ${revocation.rev} THEN 'acknowledged'::"DeliveryState" ELSE 'queued'::"DeliveryState" END,
                 now(), now(), CASE WHEN d."ackedRev" >= ${revocation.rev} THEN now() END
          FROM devices d WHERE d.id = ANY(${deviceIds}::uuid[])
          ON CONFLICT ("revocationId", "deviceId") DO NOTHING
          RETURNING state::text AS state`,
        this.prisma.revocation.update({ where: { id: revocationId }, data: { fanoutCursor: cursor } }),
      ]);
      await this.queue.add('revocation.deliver', { revocationId, rev: revocation.rev.toString(), deviceIds }, `deliver-${revocationId}-${deviceIds[0]}`);
      const alreadyAcked = inserted.filter((row) => row.state === 'acknowledged').length;
      if (alreadyAcked > 0) await this.progress.recordAcks(new Map([[revocationId, alreadyAcked]]));
      if (page.length < this.config.FANOUT_PAGE_SIZE) break;
    }
    await this.prisma.revocation.update({ where: { id: revocationId }, data: { fannedOutAt: new Date() } });
  }

  /** Delivery jobs for the deliveries up to `cursor` still queued; repeats are harmless (deliver is idempotent). */
  private async requeue(revocationId: string, rev: string, cursor: string): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const rows = await this.prisma.delivery.findMany({
        where: { revocationId, state: 'queued', deviceId: { lte: cursor, ...(after ? { gt: after } : {}) } },
        select: { deviceId: true },
        orderBy: { deviceId: 'asc' },
        take: this.config.FANOUT_PAGE_SIZE,
      });
      if (rows.length === 0) return;
      const deviceIds = rows.map((row) => row.deviceId);
      await this.queue.add('revocation.deliver', { revocationId, rev, deviceIds }, `deliver-${revocationId}-resume-${deviceIds[0]}`);
      after = deviceIds[deviceIds.length - 1];
    }
  }
}
