import { Logger } from '@nestjs/common';
import { Prisma, PrismaService } from '@killswitch/db';
import { hasWebhookFanout, isEventName } from '@killswitch/queue';
import { webhookFanoutsRequeued } from './webhook-metrics';

/**
 * A webhook fan-out given up, still not done a whole retry window (WEBHOOK_RETRY_WINDOW_SEC) after its event's
 * dispatch: an error in the log, counted as `abandoned`. By the sweep (a row still owed) or by the fan-out job itself
 * (a retry that outlived the window), whichever marks the row.
 */
function reportFanoutGivenUp(logger: Logger, row: { id: bigint; topic: string }, windowSec: number): void {
  if (!isEventName(row.topic) || !hasWebhookFanout(row.topic)) return;
  logger.error(
    `webhook fan-out of ${row.topic} (outbox ${row.id}): not done ${windowSec} s (WEBHOOK_RETRY_WINDOW_SEC) after dispatch; given up, its subscribers do not get it`,
  );
  webhookFanoutsRequeued.inc({ outcome: 'abandoned' });
}

/**
 * Marks given up (at the epoch) the outbox rows matching `where` still owed their fan-out a whole retry window after
 * their dispatch, each reported once (by whichever marks it); returns how many it marked.
 */
export async function giveUpFanoutsPastWindow(prisma: PrismaService, where: Prisma.Sql, windowSec: number, logger: Logger): Promise<number> {
  const abandoned = await prisma.$queryRaw<{ id: bigint; topic: string }[]>`
    UPDATE outbox SET "webhooksFannedOutAt" = 'epoch' WHERE ${where} AND "webhooksFannedOutAt" IS NULL
      AND "dispatchedAt" < now() - ${windowSec}::int * interval '1 second'
    RETURNING id, topic`;
  for (const row of abandoned) reportFanoutGivenUp(logger, row, windowSec);
  return abandoned.length;
}
