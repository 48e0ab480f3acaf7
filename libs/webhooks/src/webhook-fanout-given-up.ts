import { Logger } from '@nestjs/common';
import { hasWebhookFanout, isEventName } from '@killswitch/queue';
import { webhookFanoutsRequeued } from './webhook-metrics';

/**
 * A webhook fan-out given up, still not done a whole retry window (WEBHOOK_RETRY_WINDOW_SEC) after its event's
 * dispatch: an error in the log, counted as `abandoned`. By the sweep (a row still owed) or by the fan-out job itself
 * (a retry that outlived the window), whichever marks the row.
 */
export function reportFanoutGivenUp(logger: Logger, row: { id: bigint; topic: string }, windowSec: number): void {
  if (!isEventName(row.topic) || !hasWebhookFanout(row.topic)) return;
  logger.error(
    `webhook fan-out of ${row.topic} (outbox ${row.id}): not done ${windowSec} s (WEBHOOK_RETRY_WINDOW_SEC) after dispatch; given up, its subscribers do not get it`,
  );
  webhookFanoutsRequeued.inc({ outcome: 'abandoned' });
}
