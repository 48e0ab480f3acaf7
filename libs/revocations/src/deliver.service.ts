import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { Prisma, PrismaService } from '@killswitch/db';
import { DevicePushMessage, Jobs, RedisService, devicePushChannel } from '@killswitch/queue';

type DeliverJob = Jobs['revocation.deliver'];

/** A page is one statement and one publish; on two loaded cores beside a fan-out, allow more than Prisma's 2 s / 5 s defaults. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 };
/** A stalled Redis must not hold the page's rows (and every ack for them) for the whole transaction. */
export const PUBLISH_TIMEOUT_MS = 5_000;

/** The publish, or an error once it has taken longer than `ms` (it may still arrive later: at least once). */
async function publishWithin(redis: RedisService, channel: string, message: string, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis: the publish took more than ${ms} ms; the page stays queued for the retry`)), ms);
  });
  try {
    await Promise.race([redis.client.publish(channel, message), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function rangeOf(job: DeliverJob): Prisma.Sql {
  return Prisma.sql`"revocationId" = ${job.revocationId}::uuid AND "deviceId" <= ${job.lastId}::uuid ${job.afterId ? Prisma.sql`AND "deviceId" > ${job.afterId}::uuid` : Prisma.empty}`;
}

/**
 * One page of deliveries: published to every API instance, which pushes the
 * new answer down the streams of the devices connected to it, and marked sent.
 * A device that is offline gets it at its next poll.
 *
 * One transaction: mark the page's queued deliveries sent (one range scan),
 * publish the ids it returned, commit. A crash before the commit rolls the
 * marking back, so the retried job publishes again: at least once, never a row
 * marked sent that was not published (publishing after the commit would lose
 * the page if the process died in between). Re-running a page is harmless: only
 * queued deliveries are pushed, and a device ignores a revision it already has.
 * The rows stay locked until the commit: an ack meanwhile waits the few
 * milliseconds of one publish, then closes them. A publish that stalls is
 * given up after PUBLISH_TIMEOUT_MS, which rolls the marking back and frees them.
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

  /** Returns how many deliveries it marked sent. */
  async deliver(job: DeliverJob): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ deviceId: string }[]>`
        UPDATE deliveries SET state = 'sent', "sentAt" = now(), "updatedAt" = now(), attempts = attempts + 1
        WHERE ${rangeOf(job)} AND state = 'queued'
        RETURNING "deviceId"::text AS "deviceId"`;
      if (rows.length === 0) return 0;
      const message: DevicePushMessage = { rev: job.rev, deviceIds: rows.map((row) => row.deviceId) };
      await publishWithin(this.redis, this.channel, JSON.stringify(message), PUBLISH_TIMEOUT_MS);
      return rows.length;
    }, TX_OPTIONS);
  }

  /** The job's last attempt failed: its deliveries still queued are failed, visible as such (and a later ack still closes them). */
  async fail(job: DeliverJob, reason: string): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE deliveries SET state = 'failed', "lastError" = ${reason.slice(0, 500)}, "updatedAt" = now(), attempts = attempts + 1
      WHERE ${rangeOf(job)} AND state = 'queued'`;
  }
}
