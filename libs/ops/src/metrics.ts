import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

export const httpRequestDuration = new Histogram({
  name: 'killswitch_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

export const httpErrors = new Counter({
  name: 'killswitch_http_errors_total',
  help: 'HTTP responses with status >= 500',
  labelNames: ['route'] as const,
  registers: [metricsRegistry],
});
