import { Counter } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/** Failed webhook attempts (`retrying`: another attempt is scheduled; `given-up`: the delivery failed for good). Counted by the worker. */
export const webhookDeliveryFailures = new Counter({
  name: 'killswitch_webhook_delivery_failures_total',
  help: 'Failed webhook delivery attempts, by outcome (retrying, given-up)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});
