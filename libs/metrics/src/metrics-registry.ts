import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry a process, served at the API's /metrics and at the
 * worker's own metrics port. A lib of its own, importing nothing of ours, so
 * every domain lib can register its metrics on it (identity, audit and queue
 * cannot import @killswitch/ops, which imports them).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });
