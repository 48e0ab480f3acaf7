import { Webhook } from 'standardwebhooks';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from './support/api-harness';
import { testPrisma } from './support/db';
import { eventually } from './support/eventually';
import { seedVendor } from './support/fleet';
import { appEnv, built, run, RunningProcess } from './support/processes';
import { ReceivedWebhook, WebhookReceiver } from './support/webhook-receiver';

/**
 * Webhook deliveries survive a real worker crash (kill -9) while an attempt is in flight: sent again by the next worker
 * under the same webhook-id, recorded as delivered once, never lost.
 */
describe('webhook delivery faults (real processes)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  const receivers: WebhookReceiver[] = [];
  const workers: RunningProcess[] = [];
  // A receiver may keep an attempt 5 s (the crash lands well inside it); a refused retry waits 1 s, then doubles.
  const startWorker = () => {
    const worker = run(
      [built('dist/apps/worker/src/main.js')],
      appEnv({
        DATABASE_URL: process.env.DATABASE_URL,
        REDIS_URL: process.env.REDIS_URL,
        LOG_LEVEL: 'info',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_TIMEOUT_MS: '5000',
        WEBHOOK_RETRY_BASE_MS: '1000',
      }),
    );
    workers.push(worker);
    return worker;
  };
  const outputs = () => workers.map((w, i) => `--- worker ${i + 1}\n${w.output().slice(-2000)}`).join('\n');

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
  });
  // A test that failed left its worker running: a retry must not find it taking the retry's delivery.
  afterEach(() => {
    for (const worker of workers.splice(0)) worker.child.kill('SIGKILL');
  });
  afterAll(async () => {
    for (const receiver of receivers) await receiver.stop();
    await api.close();
    await prisma.$disconnect();
  });

  const verify = (secret: string, request: ReceivedWebhook) =>
    new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });

  /**
   * A kill's webhook delivery, with the worker killed (kill -9) during each of its first `crashes` attempts, each while
   * the receiver holds the request open, and a new worker started after each; answered 204 thereafter.
   */
  async function deliverThroughCrashes(crashes: number): Promise<void> {
    const admin = await api.adminToken();
    const v = await seedVendor(api);
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const created = await api.request('POST', '/v1/webhooks', { token: admin, body: { url: receiver.url, events: ['kill.created'] } });
    expect(created.status).toBe(201);
    const { id: subscriptionId, secret } = created.body as { id: string; secret: string };

    // The kills earlier test files left in the outbox reach this subscription too when this worker relays them: only this
    // test's kill (its vendor's) counts, and only its delivery's attempts are cut off.
    const ours = (body: Record<string, unknown>) => (body.data as { scope?: { vendor?: string } } | undefined)?.scope?.vendor === v.vendor;
    const oursReceived = () => receiver.matching(ours);
    await startWorker().waitForOutput(/worker started/);
    receiver.answer = (request) => {
      if (!ours(JSON.parse(request.body) as Record<string, unknown>) || oursReceived().length >= crashes) return { status: 204 };
      workers.at(-1)!.child.kill('SIGKILL');
      return 'hang';
    };
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: admin,
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'webhook fault test' },
    });
    expect(kill.status).toBe(201);

    const deliveryOf = () => prisma.webhookDelivery.findFirstOrThrow({ where: { subscriptionId }, include: { attempts: true } });
    for (let crash = 1; crash <= crashes; crash++) {
      expect((await workers.at(-1)!.exited).signal).toBe('SIGKILL');
      // The crash really landed mid-attempt: claimed and sent, its outcome never recorded.
      expect(await deliveryOf()).toMatchObject({ state: 'pending', attemptCount: crash, attemptStartedAt: expect.any(Date), attempts: [] });
      expect(oursReceived()).toHaveLength(crash);
      startWorker();
    }
    await eventually(async () => (await deliveryOf()).state === 'succeeded', 120_000 * crashes).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${JSON.stringify(await deliveryOf())}\n${outputs()}`);
    });
    const row = await deliveryOf();

    // Sent once more than it was cut off, every time as the same message, signed for the receiver's secret.
    expect(oursReceived()).toHaveLength(crashes + 1);
    for (const request of oursReceived()) {
      expect([request.headers['webhook-id'], request.body]).toEqual([row.webhookId, row.body]);
      expect(verify(secret, request)).toMatchObject({ id: row.webhookId, type: 'dev.killswitch.kill.created' });
    }
    // Recorded once as delivered: one delivery for the event, one attempt that succeeded, and no claim left behind.
    expect(await prisma.webhookDelivery.count({ where: { subscriptionId } })).toBe(1);
    expect(row).toMatchObject({ state: 'succeeded', lastStatusCode: 204, attemptStartedAt: null, deliveredAt: expect.any(Date) });
    expect(row.attempts.map((a) => [a.attempt, a.statusCode])).toEqual([[crashes + 1, 204]]);

    const last = workers.at(-1)!;
    last.child.kill('SIGTERM');
    expect((await last.exited).code).toBe(0);
    expect((await api.request('DELETE', `/v1/webhooks/${subscriptionId}`, { token: admin })).status).toBe(204);
  }

  it('kill -9 of the worker while a delivery attempt is in flight: the next worker delivers it, same webhook-id, recorded once', async () => {
    await deliverThroughCrashes(1);
  }, 300_000);

  it('kill -9 during two attempts of one delivery, the retry too: still delivered, not given up by the queue', async () => {
    await deliverThroughCrashes(2);
  }, 400_000);
});
