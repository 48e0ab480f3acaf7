import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { Prisma, PrismaService } from '@killswitch/db';
import { DevicePushMessage, Jobs, RedisService, devicePushChannel } from '@killswitch/queue';

type DeliverJob = Jobs['revocation.deliver'];

function rangeOf(job: DeliverJob): Prisma.Sql {
  return Prisma.sql`"revocationId" = ${job.revocationId}::uuid AND "deviceId" <= ${job.lastId}::uuid ${job.afterId ? Prisma.sql`AND "deviceId" > ${job.afterId}::uuid` : Prisma.empty}`;
}

/**
 * One page of deliveries: published to every API instance, which pushes the
 * new answer down the streams of the devices connected to it, then marked
 * sent. A device that is offline gets it at its next poll. Re-running a page
 * is harmless: only queued deliveries are pushed, and a device ignores a
 * revision it already has.
 */
@Injectable()
export class DeliverService {
  private readonly channel: string;

  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    config: EnvConfig,
  ) {
    this.channel = devicePushChannel(config.KILLSWITCH_QUEUE_PREFIX);
  }

  async deliver(job: DeliverJob): Promise<void> {
    const rows = await this.prisma.$queryRaw<{ deviceId: string }[]>`
      SELECT "deviceId"::text AS "deviceId" FROM deliveries WHERE ${rangeOf(job)} AND state = 'queued'`;
    if (rows.length === 0) return;
    const deviceIds = rows.map((row) => row.deviceId);
    const message: DevicePushMessage = { rev: job.rev, deviceIds };
    await this.redis.client.publish(this.channel, JSON.stringify(message));
    await this.prisma.$executeRaw`
      UPDATE deliveries SET state = 'sent', "sentAt" = now(), "updatedAt" = now(), attempts = attempts + 1
      WHERE "revocationId" = ${job.revocationId}::uuid AND "deviceId" = ANY(${deviceIds}::uuid[]) AND state = 'queued'`;
  }

  /** The job's last attempt failed: its deliveries still queued are failed, visible as such (and a later ack still closes them). */
  async fail(job: DeliverJob, reason: string): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE deliveries SET state = 'failed', "lastError" = ${reason.slice(0, 500)}, "updatedAt" = now(), attempts = attempts + 1
      WHERE ${rangeOf(job)} AND state = 'queued'`;
  }
}
