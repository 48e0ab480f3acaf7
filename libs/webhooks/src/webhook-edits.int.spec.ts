// Editing a subscription, as the red team tried it: two edits at once, an edit of one the worker disabled, a test send
// to a disabled one, a pagerduty webhook without its routing key. Real API and database.
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';

describe('editing webhook subscriptions', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  const create = async (body: Record<string, unknown>) => {
    const created = await api.request('POST', '/v1/webhooks', { token: admin, body: { url: 'http://127.0.0.1:9/hook', events: ['kill.created'], ...body } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const patch = (id: string, body: Record<string, unknown>) => api.request('PATCH', `/v1/webhooks/${id}`, { token: admin, body });
  const row = (id: string) => prisma.webhookSubscription.findUniqueOrThrow({ where: { id } });

  it('takes two edits at once one after the other: enabling it and adding a type at once as a rename starts each type at the enabling', async () => {
    for (let trial = 0; trial < 10; trial++) {
      const id = await create({});
      expect((await patch(id, { enabled: false })).status).toBe(200);
      const disabledAt = Date.now();
      const [enabled, renamed] = await Promise.all([
        patch(id, { enabled: true, events: ['kill.created', 'kill.lifted'] }),
        patch(id, { description: `renamed ${trial}` }),
      ]);
      expect([enabled.status, renamed.status]).toEqual([200, 200]);
      const after = await row(id);
      expect(after).toMatchObject({ enabled: true, events: ['kill.created', 'kill.lifted'], description: `renamed ${trial}` });
      const since = after.eventsSince as Record<string, number>;
      expect(Object.keys(since).sort()).toEqual(['kill.created', 'kill.lifted']);
      // Both from the enabling edit, not from before the subscription was disabled.
      for (const at of Object.values(since)) expect(at).toBeGreaterThanOrEqual(disabledAt);
    }
  });

  it('keeps why the worker disabled it through an edit that leaves it disabled; enabling it clears it, a person disabling it too', async () => {
    const id = await create({});
    const failingSince = new Date(Date.now() - 90_000_000);
    await prisma.webhookSubscription.update({ where: { id }, data: { enabled: false, disabledReason: 'every delivery failed for 86400 s', failingSince } });

    for (const body of [{ enabled: false, description: 'muted' }, { description: 'still muted' }]) {
      const edited = await patch(id, body);
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ enabled: false, disabledReason: 'every delivery failed for 86400 s', failingSince: failingSince.toISOString() });
    }
    expect((await patch(id, { enabled: true })).body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await prisma.webhookSubscription.update({ where: { id }, data: { failingSince } });
    expect((await patch(id, { enabled: false })).body).toMatchObject({ enabled: false, disabledReason: null, failingSince: null });
  });

  it('refuses a test send to a disabled webhook with a 409, writing nothing', async () => {
    const id = await create({});
    expect((await patch(id, { enabled: false })).status).toBe(200);
    const deliveries = await prisma.webhookDelivery.count({ where: { subscriptionId: id } });
    const audit = await prisma.auditEntry.count({ where: { action: 'webhook.test', targetId: id } });

    const sent = await api.request('POST', `/v1/webhooks/${id}/test`, { token: admin });
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ code: 'conflict', message: `webhook ${id} is disabled: enable it (PATCH enabled: true) before sending a test` });
    expect(await prisma.webhookDelivery.count({ where: { subscriptionId: id } })).toBe(deliveries);
    expect(await prisma.auditEntry.count({ where: { action: 'webhook.test', targetId: id } })).toBe(audit);

    expect((await patch(id, { enabled: true })).status).toBe(200);
    expect((await api.request('POST', `/v1/webhooks/${id}/test`, { token: admin })).status).toBe(201);
  });

  it('refuses a pagerduty webhook without its routing key, made or edited so, changing nothing', async () => {
    const message = 'a pagerduty webhook needs its integration key in its url: add ?routing_key=<integration key> (PagerDuty ignores the query)';
    const subscriptions = await prisma.webhookSubscription.count();
    const made = await api.request('POST', '/v1/webhooks', {
      token: admin,
      body: { url: 'http://127.0.0.1:9/enqueue', events: ['kill.created'], format: 'pagerduty' },
    });
    expect([made.status, made.body.code, made.body.message]).toEqual([400, 'invalid_input', message]);
    expect(await prisma.webhookSubscription.count()).toBe(subscriptions);

    const plain = await create({});
    const toPagerDuty = await patch(plain, { format: 'pagerduty' });
    expect([toPagerDuty.status, toPagerDuty.body.message]).toEqual([400, message]);
    expect((await row(plain)).format).toBe('cloudevents');

    const paged = await create({ url: 'http://127.0.0.1:9/enqueue?routing_key=R0UT1NGK3Y', format: 'pagerduty' });
    const keyDropped = await patch(paged, { url: 'http://127.0.0.1:9/enqueue' });
    expect([keyDropped.status, keyDropped.body.message]).toEqual([400, message]);
    expect((await row(paged)).url).toBe('http://127.0.0.1:9/enqueue?routing_key=R0UT1NGK3Y');
    expect((await patch(plain, { format: 'pagerduty', url: 'http://127.0.0.1:9/enqueue?routing_key=K' })).status).toBe(200);
  });
});
