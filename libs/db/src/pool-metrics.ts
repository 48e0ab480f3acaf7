import { Gauge } from 'prom-client';
import type { Pool } from 'pg';
import { metricsRegistry } from '@killswitch/metrics';

/** This process's PostgreSQL pools, by their application_name (`<process>:<pool>`). */
const pools = new Map<Pool, string>();

/** Tracks `pool` in the pool gauges until it ends. */
export function watchPool(pool: Pool, name: string): void {
  pools.set(pool, name);
}

export function unwatchPool(pool: Pool): void {
  pools.delete(pool);
}

/**
 * Connections of this process's pools, by state: `busy` ones are lent to a
 * query or transaction, `idle` ones wait in the pool. A busy count that never
 * falls back to 0 on a quiet process is a connection that was never returned.
 */
export const dbPoolConnections = new Gauge({
  name: 'killswitch_db_pool_connections',
  help: "Connections of this process's PostgreSQL pools, by state (busy: lent to a query; idle: waiting in the pool)",
  labelNames: ['pool', 'state'],
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [pool, name] of pools) {
      this.inc({ pool: name, state: 'idle' }, pool.idleCount);
      this.inc({ pool: name, state: 'busy' }, pool.totalCount - pool.idleCount);
    }
  },
});

/** Queries waiting for a connection: above 0 for long, the pool (DATABASE_POOL_MAX) is too small for the load. */
export const dbPoolWaiting = new Gauge({
  name: 'killswitch_db_pool_waiting',
  help: 'Queries of this process waiting for a PostgreSQL connection from its pool',
  labelNames: ['pool'],
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [pool, name] of pools) this.inc({ pool: name }, pool.waitingCount);
  },
});
