// The real worker (apps/worker's WorkerModule) signs checkpoints on its own,
// every AUDIT_CHECKPOINT_INTERVAL_SEC, through the `audit` queue's job
// scheduler. On a scratch database and a queue prefix of its own: other
// suites' workers and checkpoints never meet this one.
import type { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AuditService } from '@killswitch/audit';
import { PrismaClient } from '@killswitch/db';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { startTestWorker } from '../../../test/support/worker-harness';
import { CHECKPOINT_FILE, ExportedCheckpoint } from './checkpoint-export';
import { AUDIT_QUEUE, CHECKPOINT_JOB, CHECKPOINT_SCHEDULER_ID, CheckpointScheduler } from './checkpoint-scheduler';
import { verifyCheckpoint } from './checkpoint-token';
import { eventually } from '../../../test/support/eventually';

const INTERVAL_SEC = 1;

describe(CheckpointScheduler.name, () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  let exportDir: string;
  const prefix = `${process.env.KILLSWITCH_QUEUE_PREFIX}-audit`;
  const exported = (): ExportedCheckpoint[] => {
    try {
      return readFileSync(path.join(exportDir, CHECKPOINT_FILE), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ExportedCheckpoint);
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    exportDir = mkdtempSync(path.join(tmpdir(), 'killswitch-audit-scheduler-'));
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: scratch.url, max: 2 }) });
    worker = await startTestWorker({
      DATABASE_URL: scratch.url,
      KILLSWITCH_QUEUE_PREFIX: prefix,
      AUDIT_CHECKPOINT_DIR: exportDir,
      AUDIT_CHECKPOINT_INTERVAL_SEC: String(INTERVAL_SEC),
    });
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await prisma?.$disconnect();
    await scratch?.drop();
    rmSync(exportDir, { recursive: true, force: true });
    const redis = new Redis(process.env.REDIS_URL!);
    const keys = await redis.keys(`{${prefix}}*`);
    if (keys.length) await redis.unlink(...keys);
    redis.disconnect();
  });

  it('schedules one job every interval on the audit queue', async () => {
    const queue = new Queue(AUDIT_QUEUE, { connection: { url: process.env.REDIS_URL }, prefix: `{${prefix}}` });
    try {
      const scheduler = await eventually(async () => (await queue.getJobScheduler(CHECKPOINT_SCHEDULER_ID)) ?? undefined);
      expect(scheduler).toMatchObject({ key: CHECKPOINT_SCHEDULER_ID, name: CHECKPOINT_JOB, every: INTERVAL_SEC * 1000 });
    } finally {
      await queue.close();
    }
  });

  it('makes the scheduler again when Redis has lost it (a restart that kept nothing on disk)', async () => {
    const queue = new Queue(AUDIT_QUEUE, { connection: { url: process.env.REDIS_URL }, prefix: `{${prefix}}` });
    try {
      await eventually(async () => (await queue.getJobScheduler(CHECKPOINT_SCHEDULER_ID)) ?? undefined);
      await queue.removeJobScheduler(CHECKPOINT_SCHEDULER_ID);
      expect(await queue.getJobScheduler(CHECKPOINT_SCHEDULER_ID)).toBeFalsy();
      // The worker's own check (every interval) finds it gone and makes it again.
      const again = await eventually(async () => (await queue.getJobScheduler(CHECKPOINT_SCHEDULER_ID)) ?? undefined, 10_000);
      expect(again).toMatchObject({ key: CHECKPOINT_SCHEDULER_ID, name: CHECKPOINT_JOB, every: INTERVAL_SEC * 1000 });
      expect(await worker.get(CheckpointScheduler).scheduleIfGone()).toBe(false);
    } finally {
      await queue.close();
    }
  });

  it('signs the head, stores and exports it, then skips intervals where nothing but its own entry was appended', async () => {
    // The line is appended inside the checkpoint's transaction, just before it commits: wait for the row too.
    const committed = async (n: number) => (exported().length >= n && (await prisma.auditCheckpoint.count()) >= n ? exported() : undefined);
    const [first] = await eventually(() => committed(1));
    const stored = await prisma.auditCheckpoint.findFirstOrThrow({ where: { seq: BigInt(first.seq) } });
    expect({ seq: stored.seq.toString(), headHash: stored.headHash, kid: stored.kid, jws: stored.signature }).toEqual({
      seq: first.seq,
      headHash: first.headHash,
      kid: first.kid,
      jws: first.jws,
    });
    expect((await prisma.auditEntry.findUniqueOrThrow({ where: { seq: BigInt(first.seq) } })).hash).toBe(first.headHash);
    const keys = (await prisma.signingKey.findMany()).map((key) => key.publicJwk as object);
    expect((await verifyCheckpoint(first.jws, keys)).claims).toEqual({ seq: first.seq, headHash: first.headHash, at: first.at });
    const own = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'audit.checkpoint' } });
    expect(own).toMatchObject({ seq: BigInt(first.seq) + 1n, actor: 'system:audit-checkpoints', targetId: stored.id.toString() });

    // Quiet: three more intervals, no new checkpoint.
    await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_SEC * 1000 + 500));
    expect(exported()).toHaveLength(1);
    expect(await prisma.auditCheckpoint.count()).toBe(1);

    // Something happens: the next interval covers it.
    const { seq } = await prisma.$transaction((tx) =>
      new AuditService().append(tx, { actor: { type: 'system', label: 'system:test' }, action: 'incident.note' }),
    );
    const [, second] = await eventually(() => committed(2));
    expect(second.seq).toBe(seq.toString());
  }, 30_000);
});
