import { Injectable } from '@nestjs/common';
import { PrismaService } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { currentRevision } from '@killswitch/kill-switches';
import { ProgressService } from './progress.service';

/**
 * An ack { rev } means "verified and applied": it closes the device's open
 * deliveries up to rev. Idempotent; a rev above the current one is a conflict.
 */
@Injectable()
export class AcksService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly progress: ProgressService,
  ) {}

  async ack(deviceId: string, rev: number): Promise<{ rev: number; acknowledged: number }> {
    const current = await currentRevision(this.prisma);
    if (BigInt(rev) > current) throw new AppError('conflict', `rev ${rev} is ahead of the current revision ${current}`);
    // ackedRev first: a delivery the fan-out inserts from now on is born acknowledged (see FanoutService).
    await this.prisma.device.updateMany({ where: { id: deviceId, ackedRev: { lt: rev } }, data: { ackedRev: rev } });
    const closed = await this.prisma.$queryRaw<{ revocationId: string }[]>`
      UPDATE deliveries SET state = 'acknowledged', "acknowledgedAt" = now(), "updatedAt" = now()
      WHERE "deviceId" = ${deviceId}::uuid AND rev <= ${rev} AND state IN ('queued', 'sent', 'failed', 'expired')
      RETURNING "revocationId"::text AS "revocationId"`;
    const perRevocation = new Map<string, number>();
    for (const row of closed) perRevocation.set(row.revocationId, (perRevocation.get(row.revocationId) ?? 0) + 1);
    await this.progress.recordAcks(perRevocation);
    return { rev, acknowledged: closed.length };
  }
}
