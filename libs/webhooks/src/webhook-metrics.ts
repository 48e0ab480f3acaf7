import { Counter } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/** Failed webhook attempts (`retrying`: another attempt is scheduled; `given-up`: the delivery failed for good). Counted by the worker. */
export const webhookDeliveryFailures = new Counter({
  name: 'killswitch_webhook_delivery_failures_total',
  help: 'Failed webhook delivery attempts, by outcome (retrying, given-up)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/**
 * Pending deliveries whose one job was gone (`added`: lost, with a Redis that kept nothing on disk) or had finished
 * (`restarted`), queued again by the sweep (WebhookDeliverySweep). Counted by the worker.
 */
export const webhookDeliveriesRequeued = new Counter({
  name: 'killswitch_webhook_deliveries_requeued_total',
  help: 'Pending webhook deliveries found without a live job and queued again by the sweep, by outcome (added, restarted)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});
// Every outcome's series exists from 0: Prometheus's increase() does not count a series' first sample, so one born at 1
// would never fire the KillswitchWebhookDeliveriesRequeued alert on it.
for (const outcome of ['added', 'restarted']) webhookDeliveriesRequeued.inc({ outcome }, 0);

/**
 * Webhook fan-outs of committed events found not done with their job gone (`added`: lost, with a Redis that kept
 * nothing on disk) or failed (`restarted`: out of attempts), queued again by the sweep (WebhookFanoutSweep), or given up
 * still not done a whole retry window after dispatch (`abandoned`). Counted by the worker.
 */
export const webhookFanoutsRequeued = new Counter({
  name: 'killswitch_webhook_fanouts_requeued_total',
  help: 'Webhook fan-outs of committed events found without a live job and queued again by the sweep, or given up past the retry window, by outcome (added, restarted, abandoned)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});
for (const outcome of ['added', 'restarted', 'abandoned']) webhookFanoutsRequeued.inc({ outcome }, 0);
