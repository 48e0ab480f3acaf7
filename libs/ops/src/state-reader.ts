import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { EnvConfig } from '@killswitch/config';
import { PrismaService } from '@killswitch/db';
import { QUEUE_NAMES, QueueName, RedisService, queuePrefix } from '@killswitch/queue';

/** Revocations given a series of their own: the newest in flight, so a mass event cannot blow up the series count. */
export const MAX_REVOCATION_SERIES = 20;
export const QUEUE_JOB_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;
export type QueueJobState = (typeof QUEUE_JOB_STATES)[number];

export interface RevocationInFlight {
  id: string;
  kind: string;
  killSwitchId: string;
  ratio: number;
  ageSeconds: number;
}

/** What the state gauges show: read from PostgreSQL and Redis in a handful of indexed queries. */
export interface StateSnapshot {
  killSwitchesInForce: number;
  revocationsInFlight: number;
  revocations: RevocationInFlight[];
  outboxLagSeconds: number;
  outboxPending: number;
  auditHeadSeq: number;
  checkpointSeq: number;
  checkpointAgeSeconds: number;
  signingKeyAgeSeconds: number;
  webhookSubscriptionsFailing: number;
  queues: Record<QueueName, Record<QueueJobState, number>>;
  /** Queues paused (from the queue dashboard): their jobs wait, none runs. */
  paused: Record<QueueName, boolean>;
}

interface Row {
  in_force: bigint;
  in_flight: bigint;
  outbox_lag: number | null;
  outbox_pending: bigint;
  head_seq: bigint | null;
  checkpoint_seq: bigint | null;
  checkpoint_age: number | null;
  unsigned_age: number | null;
  key_age: number | null;
  webhooks_failing: bigint;
}

/**
 * Reads the system's state for /metrics. Every query is on an index or a
 * small table: kill switches by state, the outbox's (dispatchedAt, id) index,
 * the audit log's and checkpoints' seq, the current signing key. A revocation
 * is in flight until it completes or its deliveries expire (DELIVERY_TTL_SEC).
 */
@Injectable()
export class StateReader implements OnModuleDestroy {
  private queues?: Map<QueueName, Queue>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    private readonly config: EnvConfig,
  ) {}

  async read(): Promise<StateSnapshot> {
    const ttl = this.config.DELIVERY_TTL_SEC;
    const [[row], revocations, queues, paused] = await Promise.all([
      this.prisma.$queryRaw<Row[]>`
        SELECT
          (SELECT count(*) FROM kill_switches WHERE state <> 'lifted') AS in_force,
          (SELECT count(*) FROM revocations WHERE "completedAt" IS NULL AND "createdAt" > now() - make_interval(secs => ${ttl})) AS in_flight,
          (SELECT extract(epoch FROM now() - "createdAt")::float8 FROM outbox WHERE "dispatchedAt" IS NULL ORDER BY id LIMIT 1) AS outbox_lag,
          (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE "dispatchedAt" IS NULL LIMIT 100000) o) AS outbox_pending,
          (SELECT max(seq) FROM audit_log) AS head_seq,
          (SELECT seq FROM audit_checkpoints ORDER BY seq DESC, id DESC LIMIT 1) AS checkpoint_seq,
          (SELECT extract(epoch FROM now() - max("at"))::float8 FROM audit_checkpoints) AS checkpoint_age,
          (SELECT extract(epoch FROM now() - "at")::float8 FROM audit_log ORDER BY seq LIMIT 1) AS unsigned_age,
          (SELECT extract(epoch FROM now() - coalesce("activatedAt", "createdAt"))::float8 FROM signing_keys WHERE state = 'current' LIMIT 1) AS key_age,
          (SELECT count(*) FROM webhook_subscriptions WHERE enabled AND "failingSince" IS NOT NULL) AS webhooks_failing`,
      this.prisma.$queryRaw<{ id: string; kind: string; killSwitchId: string; ratio: number; age: number }[]>`
        SELECT id::text, kind::text, "killSwitchId"::text AS "killSwitchId",
          CASE WHEN target - canceled <= 0 THEN 1 ELSE least(1, acknowledged::float8 / (target - canceled)) END AS ratio,
          extract(epoch FROM now() - "createdAt")::float8 AS age
        FROM revocations WHERE "completedAt" IS NULL AND "createdAt" > now() - make_interval(secs => ${ttl})
        ORDER BY "createdAt" DESC LIMIT ${MAX_REVOCATION_SERIES}`,
      this.queueCounts(),
      this.pausedQueues(),
    ]);
    return {
      killSwitchesInForce: Number(row.in_force),
      revocationsInFlight: Number(row.in_flight),
      revocations: revocations.map((r) => ({ id: r.id, kind: r.kind, killSwitchId: r.killSwitchId, ratio: r.ratio, ageSeconds: r.age })),
      outboxLagSeconds: Math.max(0, row.outbox_lag ?? 0),
      outboxPending: Number(row.outbox_pending),
      auditHeadSeq: Number(row.head_seq ?? 0n),
      checkpointSeq: Number(row.checkpoint_seq ?? 0n),
      // No checkpoint yet: how long the chain has gone unsigned (0 while it is empty).
      checkpointAgeSeconds: Math.max(0, row.checkpoint_age ?? row.unsigned_age ?? 0),
      signingKeyAgeSeconds: Math.max(0, row.key_age ?? 0),
      webhookSubscriptionsFailing: Number(row.webhooks_failing),
      queues,
      paused: Object.fromEntries(QUEUE_NAMES.map((name) => [name, paused.includes(name)])) as Record<QueueName, boolean>,
    };
  }

  /** The queues paused now: one Redis command a queue, cheap enough for every readiness probe. */
  async pausedQueues(): Promise<QueueName[]> {
    const flags = await Promise.all([...this.queueMap()].map(async ([name, queue]) => [name, await queue.isPaused()] as const));
    return flags.filter(([, paused]) => paused).map(([name]) => name);
  }

  /** Queues on the process's shared Redis client: counting needs no blocking connection of its own. */
  private queueMap(): Map<QueueName, Queue> {
    this.queues ??= new Map(QUEUE_NAMES.map((name) => [name, new Queue(name, { connection: this.redis.client, prefix: queuePrefix(this.config) })]));
    return this.queues;
  }

  private async queueCounts(): Promise<Record<QueueName, Record<QueueJobState, number>>> {
    const entries = await Promise.all(
      [...this.queueMap()].map(async ([name, queue]) => {
        const counts = await queue.getJobCounts(...QUEUE_JOB_STATES);
        return [name, Object.fromEntries(QUEUE_JOB_STATES.map((state) => [state, counts[state] ?? 0]))] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<QueueJobState, number>>;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...(this.queues?.values() ?? [])].map((queue) => queue.close()));
  }
}
