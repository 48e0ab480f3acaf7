import { Injectable } from '@nestjs/common';
import { PrismaService } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { AckedRevocation, ProgressService } from './progress.service';

/**
 * An ack { rev } means "verified and applied": it closes the device's open
 * deliveries up to rev. Idempotent; a rev above the current one is a conflict.
 *
 * Two statements, because a whole fleet acks within seconds of a push: the
 * first checks the revision and raises the device's ackedRev; the second
 * closes its deliveries and adds them to their revocations' counters. Their
 * order matters: a delivery the fan-out writes after the first is born
 * acknowledged, and one it was writing meanwhile is closed by the fan-out's
 * reconciliation (see FanoutService).
 */
@Injectable()
export class AcksService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly progress: ProgressService,
  ) {}

  async ack(deviceId: string, rev: number): Promise<{ rev: number; acknowledged: number }> {
    const [{ current }] = await this.prisma.$queryRaw<{ current: bigint }[]>`
      WITH cur AS (SELECT rev FROM "revision" WHERE id = 1),
      raised AS (
        UPDATE devices SET "ackedRev" = ${rev} WHERE id = ${deviceId}::uuid AND "ackedRev" < ${rev} AND ${rev} <= (SELECT rev FROM cur) RETURNING 1
      )
      SELECT coalesce((SELECT rev FROM cur), 0) AS current, (SELECT count(*) FROM raised) AS raised`;
    if (BigInt(rev) > current) throw new AppError('conflict', `rev ${rev} is ahead of the current revision ${current}`);
    const revocations = await this.prisma.$queryRaw<AckedRevocation[]>`
      WITH closed AS (
        UPDATE deliveries SET state = 'acknowledged', "acknowledgedAt" = now(), "updatedAt" = now()
        WHERE "deviceId" = ${deviceId}::uuid AND rev <= ${rev} AND state IN ('queued', 'sent', 'failed', 'expired')
        RETURNING "revocationId"
      ), counted AS (
        SELECT "revocationId", count(*)::int AS n FROM closed GROUP BY "revocationId"
      )
      UPDATE revocations r SET acknowledged = r.acknowledged + c.n FROM counted c WHERE r.id = c."revocationId"
      RETURNING r.id, c.n AS closed, r.acknowledged, r.canceled, r.target, r.milestones, r."killSwitchId", (r."bucketFrom" IS NOT NULL AND r."fannedOutAt" IS NULL) AS open`;
    await this.progress.checkMilestones(revocations);
    return { rev, acknowledged: revocations.reduce((sum, r) => sum + r.closed, 0) };
  }
}
