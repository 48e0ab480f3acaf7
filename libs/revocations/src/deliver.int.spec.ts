// Delivery jobs against the real database and Redis: which rows a page marks
// sent, what it publishes, and that a page whose publish fails stays queued.
import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { PrismaClient, PrismaService } from '@killswitch/db';
import { DevicePushMessage, Jobs, RedisService, devicePushChannel } from '@killswitch/queue';
import { testPrisma } from '../../../test/support/db';
import { startOwnRedis } from '../../../test/support/own-servers';
import { eventually } from '../../../test/support/eventually';
import { startTestWorker } from '../../../test/support/worker-harness';
import { DeliverService } from './deliver.service';

type State = 'queued' | 'sent' | 'acknowledged' | 'failed';

describe(DeliverService.name, () => {
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  let deliver: DeliverService;
  let config: EnvConfig;
  let subscriber: Redis;
  const received: DevicePushMessage[] = [];

  beforeAll(async () => {
    worker = await startTestWorker();
    prisma = testPrisma();
    deliver = worker.get(DeliverService, { strict: false });
    config = worker.get(EnvConfig, { strict: false });
    subscriber = new Redis(config.REDIS_URL);
    await subscriber.subscribe(devicePushChannel(config.KILLSWITCH_QUEUE_PREFIX));
    subscriber.on('message', (_channel, message: string) => received.push(JSON.parse(message) as DevicePushMessage));
  });
  afterAll(async () => {
    subscriber.disconnect();
    await worker.close();
    await prisma.$disconnect();
  });

  /** A revocation's deliveries in the given states, for devices in id order; the job covers the middle four: (ids[0], ids[4]]. */
  async function page(states: State[]): Promise<{ job: Jobs['revocation.deliver']; ids: string[] }> {
    const revocationId = randomUUID();
    const ids = states.map(() => randomUUID()).sort();
    await prisma.delivery.createMany({ data: ids.map((deviceId, i) => ({ revocationId, deviceId, rev: 7n, state: states[i] })) });
    return { job: { revocationId, rev: '7', afterId: ids[0], lastId: ids[4] }, ids };
  }

  async function states(revocationId: string): Promise<State[]> {
    const rows = await prisma.delivery.findMany({ where: { revocationId }, orderBy: { deviceId: 'asc' }, select: { state: true } });
    return rows.map((row) => row.state as State);
  }

  const publishedTo = (ids: string[]) => received.filter((m) => m.deviceIds.some((id) => ids.includes(id)));

  it('marks the queued deliveries of its range sent and publishes exactly those, once', async () => {
    const { job, ids } = await page(['queued', 'queued', 'acknowledged', 'queued', 'queued', 'queued']);

    expect(await deliver.deliver(job)).toBe(3);

    expect(await states(job.revocationId)).toEqual(['queued', 'sent', 'acknowledged', 'sent', 'sent', 'queued']);
    const [message] = await eventually(() => publishedTo(ids).length > 0 && publishedTo(ids));
    expect(message).toEqual({ rev: '7', deviceIds: [ids[1], ids[3], ids[4]] });
    // A re-run of the page (a retried or duplicated job) finds nothing queued: nothing is marked or published twice.
    expect(await deliver.deliver(job)).toBe(0);
    expect(await states(job.revocationId)).toEqual(['queued', 'sent', 'acknowledged', 'sent', 'sent', 'queued']);
  });

  it('a page whose publish fails stays queued (its marking is rolled back), and the retried job sends it', async () => {
    const { job, ids } = await page(['queued', 'queued', 'queued', 'queued', 'queued', 'queued']);
    // A real client of a Redis that is not there: the publish fails after the rows were marked, as a crash there would.
    const unreachable = new RedisService({ ...config, REDIS_URL: 'redis://127.0.0.1:1' } as EnvConfig);
    const broken = new DeliverService(worker.get(PrismaService, { strict: false }), unreachable, config);
    try {
      await expect(broken.deliver(job)).rejects.toThrow();
    } finally {
      await unreachable.onModuleDestroy();
    }
    expect(await states(job.revocationId)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued', 'queued']);

    expect(await deliver.deliver(job)).toBe(4);
    expect(await states(job.revocationId)).toEqual(['queued', 'sent', 'sent', 'sent', 'sent', 'queued']);
    const [message] = await eventually(() => publishedTo(ids).length > 0 && publishedTo(ids));
    expect(message.deviceIds).toEqual(ids.slice(1, 5));
  });

  it('a page whose publish stalls (Redis frozen) is given up: rolled back and its rows free while Redis stays frozen, then sent on retry', async () => {
    const { job, ids } = await page(['queued', 'queued', 'queued', 'queued', 'queued', 'queued']);
    const ownRedis = await startOwnRedis();
    const stalling = new RedisService({ ...config, REDIS_URL: ownRedis.url } as EnvConfig);
    try {
      await eventually(() => stalling.client.status === 'ready');
      await stalling.ping();
      ownRedis.freeze();
      const stalled = new DeliverService(worker.get(PrismaService, { strict: false }), stalling, config);
      // Not the transaction's own 30 s timeout: the publish is given up on its own.
      await expect(stalled.deliver(job)).rejects.toThrow(/publish took more than/);
      // Redis is still frozen, and the page's rows are queued and not locked: an ack closes one at once.
      expect(await states(job.revocationId)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued', 'queued']);
      await prisma.delivery.updateMany({ where: { revocationId: job.revocationId, deviceId: ids[2] }, data: { state: 'acknowledged' } });
    } finally {
      ownRedis.thaw();
      await stalling.onModuleDestroy();
      await ownRedis.destroy();
    }

    expect(await deliver.deliver(job)).toBe(3);
    expect(await states(job.revocationId)).toEqual(['queued', 'sent', 'acknowledged', 'sent', 'sent', 'queued']);
  });

  it('a job given up marks its still-queued deliveries failed, and leaves sent and acknowledged ones as they are', async () => {
    const { job } = await page(['queued', 'queued', 'sent', 'acknowledged', 'queued', 'queued']);

    expect(await deliver.fail(job, 'redis: connection refused')).toBe(2);

    expect(await states(job.revocationId)).toEqual(['queued', 'failed', 'sent', 'acknowledged', 'failed', 'queued']);
  });
});
