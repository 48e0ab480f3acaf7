import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';
import { MAX_REVOCATION_SERIES, QUEUE_JOB_STATES, StateReader, StateSnapshot } from './state-reader';

/** A scrape reuses a snapshot this young: several scrapers (or one that retries) cost one read. */
export const STATE_CACHE_MS = 5_000;

/** The process's StateMetrics (a test may start the API and the worker in one process: the last one started answers). */
const sources: StateMetrics[] = [];

const collectErrors = new Counter({
  name: 'killswitch_metrics_collect_errors_total',
  help: 'Scrapes whose state gauges could not be read (PostgreSQL or Redis did not answer): they show the last values read',
  registers: [metricsRegistry],
});

/** A gauge set on scrape from the current snapshot; the first gauge of a scrape reads it, the others reuse it. */
function stateGauge<L extends string>(name: string, help: string, labelNames: readonly L[], set: (gauge: Gauge<L>, state: StateSnapshot) => void): Gauge<L> {
  return new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect() {
      const state = await sources[sources.length - 1]?.snapshot();
      if (state) set(this, state);
    },
  });
}

stateGauge('killswitch_kill_switches_in_force', 'Kill switches enforced now (every state but lifted)', [], (g, s) => g.set(s.killSwitchesInForce));
stateGauge('killswitch_revocations_in_flight', 'Revocations neither complete nor past DELIVERY_TTL_SEC', [], (g, s) => g.set(s.revocationsInFlight));
stateGauge(
  'killswitch_revocation_acknowledged_ratio',
  `Acknowledged share (0..1) of each revocation in flight, the ${MAX_REVOCATION_SERIES} newest`,
  ['revocation_id', 'kind', 'kill_switch_id'],
  (g, s) => {
    g.reset(); // a revocation that completed drops its series
    for (const r of s.revocations) g.set({ revocation_id: r.id, kind: r.kind, kill_switch_id: r.killSwitchId }, r.ratio);
  },
);
stateGauge(
  'killswitch_revocation_age_seconds',
  `Age of each revocation in flight, the ${MAX_REVOCATION_SERIES} newest`,
  ['revocation_id', 'kind', 'kill_switch_id'],
  (g, s) => {
    g.reset();
    for (const r of s.revocations) g.set({ revocation_id: r.id, kind: r.kind, kill_switch_id: r.killSwitchId }, r.ageSeconds);
  },
);
stateGauge('killswitch_outbox_lag_seconds', 'Age of the oldest outbox row not yet relayed to the queues (0 when none)', [], (g, s) =>
  g.set(s.outboxLagSeconds),
);
stateGauge('killswitch_outbox_pending', 'Outbox rows not yet relayed (counted up to 100000)', [], (g, s) => g.set(s.outboxPending));
stateGauge('killswitch_queue_depth', 'Jobs waiting to run (waiting, prioritized, delayed) by queue', ['queue'], (g, s) => {
  for (const [queue, c] of Object.entries(s.queues)) g.set({ queue }, c.waiting + c.prioritized + c.delayed);
});
stateGauge('killswitch_queue_failed_jobs', 'Jobs failed for good and kept (the dead-letter view) by queue', ['queue'], (g, s) => {
  for (const [queue, c] of Object.entries(s.queues)) g.set({ queue }, c.failed);
});
stateGauge('killswitch_queue_jobs', 'Jobs by queue and state', ['queue', 'state'], (g, s) => {
  for (const [queue, c] of Object.entries(s.queues)) for (const state of QUEUE_JOB_STATES) g.set({ queue, state }, c[state]);
});
stateGauge('killswitch_queue_paused', 'Whether the queue is paused (1), e.g. from the queue dashboard: its jobs wait and none runs', ['queue'], (g, s) => {
  for (const [queue, paused] of Object.entries(s.paused)) g.set({ queue }, paused ? 1 : 0);
});
stateGauge('killswitch_audit_head_seq', 'Sequence number of the newest audit entry', [], (g, s) => g.set(s.auditHeadSeq));
stateGauge('killswitch_audit_checkpoint_seq', 'Sequence number the last signed checkpoint covers', [], (g, s) => g.set(s.checkpointSeq));
stateGauge('killswitch_audit_checkpoint_age_seconds', 'Age of the last signed audit checkpoint (with none yet: of the oldest audit entry)', [], (g, s) =>
  g.set(s.checkpointAgeSeconds),
);
stateGauge('killswitch_signing_key_age_seconds', 'Time since the current snapshot signing key became current', [], (g, s) => g.set(s.signingKeyAgeSeconds));
stateGauge('killswitch_webhook_subscriptions_failing', 'Enabled webhook subscriptions whose every attempt fails since failingSince', [], (g, s) =>
  g.set(s.webhookSubscriptionsFailing),
);

/**
 * The state gauges of /metrics (kill switches in force, revocations in flight,
 * outbox lag, queues, audit chain, signing key), read on scrape rather than
 * kept up to date by every writer: they are facts of the database, the same
 * whichever instance is scraped, and cost a few indexed queries each
 * STATE_CACHE_MS at most. A failed read keeps the last values and counts.
 */
@Injectable()
export class StateMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StateMetrics.name);
  private last?: StateSnapshot;
  /** When the last read ended, whether it succeeded or failed: a database that does not answer is not asked again by every scrape. */
  private readEndedAt = Number.NEGATIVE_INFINITY;
  private reading?: Promise<StateSnapshot | undefined>;

  constructor(private readonly reader: StateReader) {}

  onModuleInit(): void {
    sources.push(this);
  }

  onModuleDestroy(): void {
    sources.splice(sources.indexOf(this), 1);
  }

  /**
   * The state, read at most once every STATE_CACHE_MS however many scrapes ask (one read in flight, shared by the
   * scrapes that arrive meanwhile); a read that failed is not tried again before STATE_CACHE_MS either.
   */
  snapshot(): Promise<StateSnapshot | undefined> {
    if (!this.reading && Date.now() - this.readEndedAt < STATE_CACHE_MS) return Promise.resolve(this.last);
    this.reading ??= this.reader
      .read()
      .then((state) => {
        this.last = state;
        return state;
      })
      .catch((error: unknown) => {
        collectErrors.inc();
        this.logger.warn(`state metrics not read: ${error instanceof Error ? error.message : String(error)}`);
        return this.last;
      })
      .finally(() => {
        this.readEndedAt = Date.now();
        this.reading = undefined;
      });
    return this.reading;
  }
}
