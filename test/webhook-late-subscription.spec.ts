import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from './support/api-harness';
import { testPrisma } from './support/db';
import { eventually } from './support/eventually';
import { seedVendor } from './support/fleet';
import { appEnv, built, run, RunningProcess } from './support/processes';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * A subscription made while the worker lags (here: not running at all) is not sent the events written before it
 * existed, once the worker catches up; the events written after it reach it as they reach the older ones. A receiver
 * set up at 10:05 is never told of a kill from 10:00; nor is one enabled again at 10:05, or given kill.created at
 * 10:05 (its eventsSince). An edit of anything else leaves it the events it wanted.
 */
describe('webhook subscriptions made while the worker lags (real worker process)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let admin: string;
  const receivers: WebhookReceiver[] = [];
  const subscriptions: string[] = [];
  const workers: RunningProcess[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
  });
  // A test that failed left its worker running: a retry must start from a worker that is not there.
  afterEach(async () => {
    for (const worker of workers.splice(0)) worker.child.kill('SIGKILL');
    for (const id of subscriptions.splice(0)) await api.request('DELETE', `/v1/webhooks/${id}`, { token: admin });
    for (const receiver of receivers.splice(0)) await receiver.stop();
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  async function subscribe(events = ['kill.created']): Promise<{ id: string; receiver: WebhookReceiver }> {
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const created = await api.request('POST', '/v1/webhooks', { token: admin, body: { url: receiver.url, events } });
    expect(created.status).toBe(201);
    subscriptions.push(created.body.id);
    return { id: created.body.id as string, receiver };
  }

  async function kill(vendor: string, integration: string): Promise<string> {
    const made = await api.request('POST', '/v1/kill-switches', { token: admin, body: { scope: { vendor, integration }, reason: 'late subscription test' } });
    expect(made.status).toBe(201);
    return made.body.id as string;
  }

  /** The kill's kill.created outbox row (the fan-out's source event id is its jobId). */
  const eventOf = (killSwitchId: string) =>
    prisma.outboxMessage.findFirstOrThrow({ where: { topic: 'kill.created', payload: { path: ['killSwitchId'], equals: killSwitchId } } });

  /** What `receiver` was sent about this kill; other test files' kills are relayed by this worker too. */
  const about = (receiver: WebhookReceiver, killSwitchId: string) =>
    receiver.matching((body) => (body.data as { killSwitchId?: string } | undefined)?.killSwitchId === killSwitchId);

  async function edit(id: string, body: Record<string, unknown>): Promise<void> {
    const edited = await api.request('PATCH', `/v1/webhooks/${id}`, { token: admin, body });
    expect(edited.status).toBe(200);
  }

  function startWorker(): RunningProcess {
    const worker = run(
      [built('dist/apps/worker/src/main.js')],
      appEnv({ DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, LOG_LEVEL: 'info', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }),
    );
    workers.push(worker);
    return worker;
  }

  it('a subscription made after a kill, before the worker relayed it, is not sent that kill; a later kill reaches both', async () => {
    const v = await seedVendor(api);
    const a = await subscribe();
    const early = await kill(v.vendor, v.camera);
    // The premise: nothing has relayed the kill yet, and B is made strictly after it was written.
    expect(await eventOf(early)).toMatchObject({ dispatchedAt: null });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const b = await subscribe();
    const bRow = await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: b.id } });
    expect(bRow.createdAt.getTime()).toBeGreaterThan((await eventOf(early)).createdAt.getTime());

    const worker = startWorker();
    await worker.waitForOutput(/worker started/);
    const late = await kill(v.vendor, v.plug);

    await eventually(() => about(a.receiver, early).length > 0 && about(a.receiver, late).length > 0, 60_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${worker.output().slice(-3000)}`);
    });
    await eventually(() => about(b.receiver, late).length > 0, 60_000);
    // The early kill's fan-out wrote every delivery it was going to in one statement, before A's was sent: B has none.
    const earlyEvent = await eventOf(early);
    expect(await prisma.webhookDelivery.count({ where: { sourceEventId: earlyEvent.jobId, subscriptionId: b.id } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { sourceEventId: earlyEvent.jobId, subscriptionId: a.id } })).toBe(1);
    expect(about(b.receiver, early)).toHaveLength(0);
    expect(about(a.receiver, late)).toHaveLength(1);
    expect(about(b.receiver, late)).toHaveLength(1);

    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 120_000);

  it('one enabled again, or given kill.created, after a kill the worker had not relayed is not sent it; one only renamed is', async () => {
    const v = await seedVendor(api);
    const reEnabled = await subscribe();
    await edit(reEnabled.id, { enabled: false });
    const newType = await subscribe(['kill.lifted']);
    const renamed = await subscribe();
    const early = await kill(v.vendor, v.camera);
    expect(await eventOf(early)).toMatchObject({ dispatchedAt: null });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await edit(reEnabled.id, { enabled: true });
    await edit(newType.id, { events: ['kill.lifted', 'kill.created'] });
    await edit(renamed.id, { description: 'the pager, renamed', url: `${renamed.receiver.url}?edited=1` });

    const worker = startWorker();
    await worker.waitForOutput(/worker started/);
    const late = await kill(v.vendor, v.plug);

    const everyone = [reEnabled, newType, renamed];
    await eventually(() => everyone.every((s) => about(s.receiver, late).length > 0) && about(renamed.receiver, early).length > 0, 60_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${worker.output().slice(-3000)}`);
    });
    const earlyEvent = await eventOf(early);
    // The early kill's fan-out wrote all its deliveries in one statement, before any was sent.
    expect(await prisma.webhookDelivery.count({ where: { sourceEventId: earlyEvent.jobId, subscriptionId: reEnabled.id } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { sourceEventId: earlyEvent.jobId, subscriptionId: newType.id } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { sourceEventId: earlyEvent.jobId, subscriptionId: renamed.id } })).toBe(1);
    expect(about(reEnabled.receiver, early)).toHaveLength(0);
    expect(about(newType.receiver, early)).toHaveLength(0);
    for (const s of everyone) expect(about(s.receiver, late)).toHaveLength(1);

    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }, 120_000);
});
