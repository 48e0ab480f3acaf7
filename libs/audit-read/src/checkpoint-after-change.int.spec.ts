// The window of the audit chain no signed checkpoint covers: besides the
// periodic checkpoint (AUDIT_CHECKPOINT_INTERVAL_SEC, here an hour), the
// worker signs one after every kill and lift, queued through the outbox
// relay, never inside the kill's own transaction.
import type { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Redis } from 'ioredis';
import { PrismaClient } from '@killswitch/db';
import { OutboxRelay } from '@killswitch/queue';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { seedVendor } from '../../../test/support/fleet';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { startTestWorker } from '../../../test/support/worker-harness';

describe(`${OutboxRelay.name}: a checkpoint after every kill and lift`, () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  let exportDir: string;
  const prefix = `${process.env.KILLSWITCH_QUEUE_PREFIX}-checkpoint-after`;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    exportDir = mkdtempSync(path.join(tmpdir(), 'killswitch-checkpoint-after-'));
    const env = { DATABASE_URL: scratch.url, KILLSWITCH_QUEUE_PREFIX: prefix, AUDIT_CHECKPOINT_DIR: exportDir, AUDIT_CHECKPOINT_INTERVAL_SEC: '3600' };
    api = await startTestApi(env);
    worker = await startTestWorker(env);
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: scratch.url, max: 2 }) });
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await prisma?.$disconnect();
    await scratch?.drop();
    rmSync(exportDir, { recursive: true, force: true });
    const redis = new Redis(process.env.REDIS_URL!);
    const keys = await redis.keys(`{${prefix}}*`);
    if (keys.length) await redis.unlink(...keys);
    redis.disconnect();
  });

  const checkpointCovers = (action: string) =>
    eventually(async () => {
      const entry = await prisma.auditEntry.findFirst({ where: { action }, orderBy: { seq: 'desc' }, select: { seq: true } });
      const checkpoint = await prisma.auditCheckpoint.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } });
      return entry && checkpoint && checkpoint.seq >= entry.seq;
    });

  it('signs a checkpoint covering a kill, and then its lift, long before the periodic one is due', async () => {
    const token = await api.adminToken();
    const v = await seedVendor(api, 'checkpoint');
    const kill = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor }, reason: 'feeds' } });
    expect(kill.status).toBe(201);
    await checkpointCovers('kill-switch.create');
    const lift = await api.request('POST', `/v1/kill-switches/${kill.body.id}/lift-requests`, { token, body: { reason: 'fixed', breakGlass: true } });
    expect(lift.status).toBe(201);
    await checkpointCovers('kill-switch.lift');
    expect(await api.request('GET', '/v1/audit/verify', { token })).toMatchObject({ status: 200, body: { ok: true } });
  }, 120_000);
});
