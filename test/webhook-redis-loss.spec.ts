import { spawn } from 'node:child_process';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from './support/api-harness';
import { testPrisma } from './support/db';
import { eventually } from './support/eventually';
import { seedVendor } from './support/fleet';
import { parseMetrics, sampleValue } from './support/metrics-text';
import { appEnv, built, freePort, run, RunningProcess } from './support/processes';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * A webhook delivery waiting for its retry survives a Redis that keeps nothing on disk: its one job goes with the
 * restart, and the worker's sweep queues it again, so the receiver still gets the kill, once more and no more.
 */
describe('webhook delivery with its job lost (a Redis restart without persistence, real processes)', () => {
  let prisma: PrismaClient;
  const workers: RunningProcess[] = [];
  const receivers: WebhookReceiver[] = [];
  const startWorker = (env: Record<string, string>) => {
    const worker = run(
      [built('dist/apps/worker/src/main.js')],
      appEnv({
        DATABASE_URL: process.env.DATABASE_URL,
        LOG_LEVEL: 'info',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_TIMEOUT_MS: '2000',
        ...env,
      }),
    );
    workers.push(worker);
    return worker;
  };
  const outputs = () => workers.map((w, i) => `--- worker ${i + 1}\n${w.output().slice(-2000)}`).join('\n');

  beforeAll(() => {
    prisma = testPrisma();
  });
  // A test that failed left its workers running: a retry must not find them sending its delivery.
  afterEach(async () => {
    for (const worker of workers.splice(0)) worker.child.kill('SIGKILL');
    for (const receiver of receivers.splice(0)) await receiver.stop();
  });
  afterAll(async () => {
    await prisma.$disconnect();
  });

  it('a delivery waiting for its retry when the worker dies and Redis restarts empty: the next worker sends it once more, delivered', async () => {
    const port = await freePort();
    // No append-only file and no snapshots: a restart comes back empty, as the shared Redis on these machines does.
    const startRedis = () => spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'no', '--save', ''], { stdio: 'ignore' });
    let redis = startRedis();
    const redisUrl = `redis://127.0.0.1:${port}`;
    const api: TestApi = await startTestApi({ REDIS_URL: redisUrl });
    try {
      const admin = await api.adminToken();
      const v = await seedVendor(api);
      const receiver = await new WebhookReceiver().start();
      receivers.push(receiver);
      // Only this test's kill (its vendor's) counts: a worker relays and sends what other files left behind too.
      const ours = (body: Record<string, unknown>) => (body.data as { scope?: { vendor?: string } } | undefined)?.scope?.vendor === v.vendor;
      const oursReceived = () => receiver.matching(ours);
      let receiverUp = false;
      receiver.answer = (request) => (receiverUp || !ours(JSON.parse(request.body) as Record<string, unknown>) ? { status: 204 } : { status: 503 });
      const created = await api.request('POST', '/v1/webhooks', { token: admin, body: { url: receiver.url, events: ['kill.created'] } });
      expect(created.status).toBe(201);
      const { id: subscriptionId } = created.body as { id: string };
      const deliveryOf = () => prisma.webhookDelivery.findFirst({ where: { subscriptionId }, include: { attempts: { orderBy: { attempt: 'asc' } } } });

      // The first attempt fails; its retry waits a minute in the job's backoff, in Redis only (time enough to crash in).
      const first = startWorker({ REDIS_URL: redisUrl, WEBHOOK_RETRY_BASE_MS: '60000' });
      await first.waitForOutput(/worker started/);
      const kill = await api.request('POST', '/v1/kill-switches', {
        token: admin,
        body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'webhook redis-loss test' },
      });
      expect(kill.status).toBe(201);
      await eventually(async () => (await deliveryOf())?.attempts.length === 1, 30_000).catch((e: Error) => {
        throw new Error(`${e.message}\n${outputs()}`);
      });
      first.child.kill('SIGKILL');
      await first.exited;
      redis.kill('SIGKILL');
      await new Promise((resolve) => redis.once('exit', resolve));
      redis = startRedis();

      const waiting = await deliveryOf();
      // The crash landed while it waited for its retry: pending, no attempt under way, and nothing in Redis sends it.
      expect(waiting).toMatchObject({ state: 'pending', attemptCount: 1, attemptStartedAt: null, lastStatusCode: 503, nextRetryAt: expect.any(Date) });
      expect(oursReceived()).toHaveLength(1);
      // Its retry falls due long ago, so the next worker's sweep sees it overdue at once.
      await prisma.webhookDelivery.update({ where: { id: waiting!.id }, data: { nextRetryAt: new Date(Date.now() - 3_600_000) } });

      receiverUp = true;
      const metricsPort = await freePort();
      const second = startWorker({ REDIS_URL: redisUrl, WEBHOOK_RETRY_BASE_MS: '3000', WEBHOOK_SWEEP_SEC: '1', WORKER_METRICS_PORT: String(metricsPort) });
      await eventually(async () => (await deliveryOf())?.state === 'succeeded', 60_000).catch(async (e: Error) => {
        throw new Error(`${e.message}\n${JSON.stringify(await deliveryOf())}\n${outputs()}`);
      });
      const row = (await deliveryOf())!;
      expect(oursReceived()).toHaveLength(2);
      expect(oursReceived().map((r) => r.headers['webhook-id'])).toEqual([row.webhookId, row.webhookId]);
      expect(row).toMatchObject({ state: 'succeeded', attemptCount: 2, lastStatusCode: 204, attemptStartedAt: null, deliveredAt: expect.any(Date) });
      expect(row.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([
        [1, 503],
        [2, 204],
      ]);
      expect(await prisma.webhookDelivery.count({ where: { subscriptionId } })).toBe(1);
      expect(second.output()).toContain(`webhook delivery ${row.id}: pending and overdue`);
      // The operator sees it: the job was gone from Redis, so the sweep added it (other files' deliveries may count too).
      const metrics = parseMetrics(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
      expect(sampleValue(metrics, 'killswitch_webhook_deliveries_requeued_total', { outcome: 'added' })).toBeGreaterThanOrEqual(1);

      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
      expect((await api.request('DELETE', `/v1/webhooks/${subscriptionId}`, { token: admin })).status).toBe(204);
    } finally {
      await api.close();
      redis.kill('SIGKILL');
    }
  }, 180_000);
});
