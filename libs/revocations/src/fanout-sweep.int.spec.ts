import type { INestApplicationContext } from '@nestjs/common';
import { PrismaClient } from '@killswitch/db';
import { QueueService } from '@killswitch/queue';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { eventually } from '../../../test/support/eventually';
import { FanoutSweep } from './fanout-sweep';

/**
 * The sweep leaves a paused revocations queue alone: a fan-out held by the pause has not stopped, and queueing a
 * resume beside it would report it lost. (test/revocation-faults.spec.ts has the sweep finding a fan-out whose job
 * a Redis restart lost, with real processes.)
 */
describe(FanoutSweep.name, () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    prisma = testPrisma();
  }, 60_000);
  afterAll(async () => {
    await worker.get(QueueService).queueOf('revocation.fanout').resume();
    await worker.close();
    await api.close();
    await prisma.$disconnect();
  });

  it('queues no resume while the revocations queue is paused; the fan-out runs once it is resumed', async () => {
    const queue = worker.get(QueueService).queueOf('revocation.fanout');
    const sweep = worker.get(FanoutSweep);
    const v = await seedVendor(api);
    await queue.pause();
    const response = await api.request('POST', '/v1/kill-switches', {
      token: await api.adminToken(),
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'sweep under a pause' },
    });
    expect(response.status).toBe(201);
    const { revocationId } = response.body as { revocationId: string };
    // Relayed to the paused queue: the fan-out job waits there.
    await eventually(async () => (await queue.getJobs(['waiting'])).some((job) => job.data.revocationId === revocationId));

    expect(await sweep.sweep()).toEqual({ resumed: [], requeued: [] });
    expect(await sweep.sweep()).toEqual({ resumed: [], requeued: [] });
    expect(await queue.getJob(`fanout-resume-${revocationId}`)).toBeUndefined();
    expect((await prisma.revocation.findUniqueOrThrow({ where: { id: revocationId } })).fannedOutAt).toBeNull();

    await queue.resume();
    await eventually(async () => (await prisma.revocation.findUniqueOrThrow({ where: { id: revocationId } })).fannedOutAt, 30_000);
    expect(await queue.getJob(`fanout-resume-${revocationId}`)).toBeUndefined();
  }, 90_000);
});
