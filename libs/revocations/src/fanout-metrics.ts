import { Counter } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/** Fan-outs the sweep found stopped and queued again (FanoutSweep), by what it did to their resume job. Counted by the worker. */
export const fanoutsResumed = new Counter({
  name: 'killswitch_fanouts_resumed_total',
  help: 'Fan-outs found stopped (their job lost or failed for good) and queued again by the sweep, by outcome (added, restarted)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});
// Every outcome's series exists from 0: Prometheus's increase() does not count a series' first sample, so one born at 1
// would never fire the alert on it.
for (const outcome of ['added', 'restarted']) fanoutsResumed.inc({ outcome }, 0);

/** Fanned-out revocations whose delivery jobs were lost (deliveries still queued, no job left) and queued again by the sweep. */
export const deliveriesRequeued = new Counter({
  name: 'killswitch_revocation_deliveries_requeued_total',
  help: 'Fanned-out revocations whose delivery jobs were lost (a Redis restart without persistence) and queued again by the sweep',
  registers: [metricsRegistry],
});
