import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/**
 * Reads that may go to the read replica, by kind (`stale`: lists, audit reads and exports; `device`: a
 * device's credential or facts), by where they went and why:
 * `replica`; or `primary` because the replica is `unavailable`, `lagging`
 * past DATABASE_REPLICA_MAX_LAG_MS, had not replayed a device's latest change
 * (`fence`), did not have the row (`miss`), or failed the read (`error`).
 */
export const replicaReads = new Counter({
  name: 'killswitch_db_replica_reads_total',
  help: 'Reads that may be served by the read replica, by kind (stale, device), where they were served (replica, primary) and why',
  labelNames: ['read', 'served', 'reason'] as const,
  registers: [metricsRegistry],
});

/** Seconds the replica's data is behind the primary at the last check; -1 while it is unavailable. */
export const replicaLag = new Gauge({
  name: 'killswitch_db_replica_lag_seconds',
  help: "How far the read replica's data is behind the primary, at the last check (-1: unavailable)",
  registers: [metricsRegistry],
});
