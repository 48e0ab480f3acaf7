import { Injectable } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { PrismaService } from '@killswitch/db';
import { DevicePushMessage, RedisService, devicePushChannel } from '@killswitch/queue';

/**
 * One page of deliveries: marked sent, then published to every API instance,
 * which pushes the new answer down the streams of the devices connected to it.
 * A device that is offline gets it at its next poll. Re-running a page is
 * harmless: only queued deliveries change, and a device ignores a revision it
 * already has.
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

  async deliver(revocationId: string, rev: string, deviceIds: string[]): Promise<void> {
    const message: DevicePushMessage = { rev, deviceIds };
    await this.redis.client.publish(this.channel, JSON.stringify(message));
    await this.prisma.$executeRaw`
      UPDATE deliveries SET state = 'sent', "sentAt" = now(), "updatedAt" = now(), attempts = attempts + 1
      WHERE "revocationId" = ${revocationId}::uuid AND "deviceId" = ANY(${deviceIds}::uuid[]) AND state = 'queued'`;
  }
}
