import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/** Signal requests waiting on this API instance for the one being written (SignalQueue): a storm's backlog, as it grows and drains. */
export const signalRequestsWaiting = new Gauge({
  name: 'killswitch_signal_requests_waiting',
  help: 'Signal requests (Alertmanager notifications, POST /v1/signals) waiting on this API instance for the one being written',
  registers: [metricsRegistry],
});

/** Signal requests refused 503 signals_busy (their token had SIGNALS_QUEUE_MAX waiting): Alertmanager resends them, later. */
export const signalRequestsRefused = new Counter({
  name: 'killswitch_signal_requests_refused_total',
  help: 'Signal requests answered 503 signals_busy because their token already had SIGNALS_QUEUE_MAX requests waiting on this instance',
  registers: [metricsRegistry],
});
