import { Counter } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/**
 * Polls answered from memory on Node's request event (PollFastPath), counted
 * with two plain increments: they never reach Fastify, so they are not in
 * killswitch_http_request_duration_seconds, and prom-client's labelled
 * observe would cost the hot path more than the answer does.
 */
export const answeredFromMemory = { ok: 0, notModified: 0 };

const reported = { ok: 0, notModified: 0 };

/** Read on scrape. */
new Counter({
  name: 'killswitch_device_polls_from_memory_total',
  help: 'Device polls answered from memory before Fastify, by status (200 or 304)',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
  collect() {
    this.inc({ status: '200' }, answeredFromMemory.ok - reported.ok);
    this.inc({ status: '304' }, answeredFromMemory.notModified - reported.notModified);
    reported.ok = answeredFromMemory.ok;
    reported.notModified = answeredFromMemory.notModified;
  },
});
