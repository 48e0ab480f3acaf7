import { Counter } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/** How this instance kept its rules current: `delta` read one changed kill, `full` read every rule (a missed revision, a reconnect, the periodic check). */
export const rulesLoads = new Counter({
  name: 'killswitch_rules_loads_total',
  help: 'Rule loads of this API instance: delta (the one kill a revision changed) or full (every enforced kill and the catalogue)',
  labelNames: ['kind'],
  registers: [metricsRegistry],
});
