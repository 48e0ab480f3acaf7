import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const load = () => import('../scripts/demo-keys.mjs');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue as the API and worker make it for a demo run (libs/queue's queuePrefix: the prefix in a hash tag). */
function demoQueue(prefix: string): Queue {
  const { hostname, port } = new URL(REDIS_URL);
  return new Queue('revocations', { connection: { host: hostname, port: Number(port || 6379), maxRetriesPerRequest: null }, prefix: `{${prefix}}` });
}

describe('demo Redis keys (scripts/demo-keys.mjs)', () => {
  it('gives each run its own prefix, valid as KILLSWITCH_QUEUE_PREFIX', async () => {
    const { demoQueuePrefix } = await load();
    const a = demoQueuePrefix();
    const b = demoQueuePrefix();
    expect(a).not.toBe(b);
    for (const prefix of [a, b]) expect(prefix).toMatch(/^killswitch-demo-[0-9a-f]{12}$/);
    expect(a).toMatch(/^[A-Za-z0-9_-]{1,64}$/); // libs/config's rule for KILLSWITCH_QUEUE_PREFIX
  });

  it('two demos on one Redis: one run deleting its keys leaves the other run\u2019s queue and jobs intact', async () => {
    const { deleteDemoKeys, demoQueuePrefix } = await load();
    const first = demoQueuePrefix();
    const second = demoQueuePrefix();
    const queues = [demoQueue(first), demoQueue(second)];
    try {
      for (const queue of queues) await queue.addBulk([1, 2, 3].map((n) => ({ name: 'deliver', data: { n } })));
      expect(await Promise.all(queues.map((q) => q.getWaitingCount()))).toEqual([3, 3]);

      await deleteDemoKeys(REDIS_URL, first);

      expect(await queues[0].getWaitingCount()).toBe(0);
      expect(await queues[1].getWaitingCount()).toBe(3);
      expect((await queues[1].getJobs(['waiting'])).map((j) => j.data.n).sort()).toEqual([1, 2, 3]);
      const redis = new Redis(REDIS_URL);
      try {
        expect(await redis.keys(`{${first}}:*`)).toEqual([]);
        expect((await redis.keys(`{${second}}:*`)).length).toBeGreaterThan(0);
      } finally {
        redis.disconnect();
      }
    } finally {
      await deleteDemoKeys(REDIS_URL, second);
      await Promise.all(queues.map((q) => q.close()));
    }
  });
});
