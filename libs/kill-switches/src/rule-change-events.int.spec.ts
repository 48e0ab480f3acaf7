// Every path that changes the enforced rules goes through commitRuleChange: each writes, in
// its transaction, one domain event carrying the ids, actor, incident, scope and counts, and
// the revocation the event names is the one committed at that revision.
import { PrismaClient } from '@killswitch/db';
import { commitRuleChange } from '@killswitch/revocations';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';

type User = Awaited<ReturnType<TestApi['userWith']>>;

describe(commitRuleChange.name, () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let responder: User;
  let approver: User;
  let admin: string;
  let v: SeededVendor;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
    responder = await api.userWith('responder');
    approver = await api.userWith('approver');
  });
  beforeEach(async () => {
    v = await seedVendor(api);
    for (let i = 0; i < 8; i++) {
      await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] });
    }
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  /** The events about one kill switch, oldest first. */
  const eventsOf = async (killSwitchId: string): Promise<Record<string, unknown>[]> =>
    (await prisma.outboxMessage.findMany({ where: { payload: { path: ['killSwitchId'], equals: killSwitchId } }, orderBy: { id: 'asc' } })).map((row) => ({
      topic: row.topic,
      ...(row.payload as Record<string, unknown>),
    }));
  const incident = async () =>
    (await api.request('POST', '/v1/incidents', { token: responder.token, body: { title: 'feeds', severity: 'SEV1' } })).body.id as string;
  const kill = async (incidentId: string) => {
    const r = await api.request('POST', '/v1/kill-switches', {
      token: responder.token,
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'strangers feeds', incidentId },
    });
    expect(r.status).toBe(201);
    return r.body as { id: string; revision: number; revocationId: string; affectedDevices: number };
  };
  const act = (token: string, path: string, body: Record<string, unknown> = {}) => api.request('POST', path, { token, body });
  /** The revocation committed at an event's revision: the one the event names. */
  const revocationAt = async (killSwitchId: string, revision: string) =>
    prisma.revocation.findFirstOrThrow({ where: { killSwitchId, rev: BigInt(revision) }, select: { id: true, kind: true, bucketFrom: true, bucketTo: true } });

  it('a kill writes one kill.created event with its revocation, revision, scope, counts, incident and actor', async () => {
    const incidentId = await incident();
    const k = await kill(incidentId);
    const [event, ...others] = await eventsOf(k.id);
    expect(others).toEqual([]);
    expect(event).toEqual({
      topic: 'kill.created',
      at: expect.any(String),
      actor: { type: 'user', id: responder.id, label: responder.email },
      requestId: expect.any(String),
      killSwitchId: k.id,
      incidentId,
      scope: { vendor: v.vendor, integration: v.camera },
      revocationId: k.revocationId,
      revision: String(k.revision),
      affectedDevices: 8,
      reason: 'strangers feeds',
      deviceMessage: null,
    });
    expect((await revocationAt(k.id, event.revision as string)).id).toBe(k.revocationId);
    const audit = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'kill-switch.create', targetId: k.id } });
    expect(audit.requestId).toBe(event.requestId);
    expect(await prisma.timelineEntry.count({ where: { incidentId, type: 'kill' } })).toBe(1);
  });

  it('a staged lift writes requested, approved and one stage-advanced per stage, then an abort re-imposes with lift.aborted', async () => {
    const incidentId = await incident();
    const k = await kill(incidentId);
    const requested = await act(responder.token, `/v1/kill-switches/${k.id}/lift-requests`, { reason: 'fixed', stages: [10, 50, 100] });
    expect(requested.status).toBe(201);
    const liftRequestId = requested.body.id as string;
    expect((await act(approver.token, `/v1/lift-requests/${liftRequestId}/approve`, { reason: 'ok' })).status).toBe(200);
    expect((await act(responder.token, `/v1/lift-requests/${liftRequestId}/advance`)).status).toBe(200);
    expect((await act(responder.token, `/v1/lift-requests/${liftRequestId}/abort`, { reason: 'broke again' })).status).toBe(200);

    const events = await eventsOf(k.id);
    expect(events.map((e) => e.topic)).toEqual([
      'kill.created',
      'lift.requested',
      'lift.approved',
      'lift.stage-advanced',
      'lift.stage-advanced',
      'lift.aborted',
    ]);
    const [, req, approved, first, second, aborted] = events;
    const ref = { killSwitchId: k.id, incidentId, scope: { vendor: v.vendor, integration: v.camera } };
    expect(req).toMatchObject({ ...ref, liftRequestId, stages: [10, 50, 100], stageIntervalSec: null, breakGlass: false, reason: 'fixed' });
    expect(approved).toMatchObject({ ...ref, liftRequestId, reason: 'ok', actor: { id: approver.id } });
    expect(first).toMatchObject({ ...ref, liftRequestId, stage: 0, percent: 10, lifted: false, actor: { id: approver.id } });
    expect(second).toMatchObject({ ...ref, liftRequestId, stage: 1, percent: 50, lifted: false, actor: { id: responder.id } });
    expect(aborted).toMatchObject({ ...ref, liftRequestId, releasedPercent: 50, reason: 'broke again' });
    for (const step of [first, second, aborted]) expect((await revocationAt(k.id, step.revision as string)).id).toBe(step.revocationId);
    expect(await revocationAt(k.id, second.revision as string)).toMatchObject({ kind: 'lift', bucketFrom: 1000, bucketTo: 5000 });
    expect(await revocationAt(k.id, aborted.revision as string)).toMatchObject({ kind: 'kill', bucketFrom: 0, bucketTo: 5000 });
  });

  it('an abort before any device was released writes lift.aborted with no revision or revocation', async () => {
    const k = await kill(await incident());
    const requested = await act(responder.token, `/v1/kill-switches/${k.id}/lift-requests`, { reason: 'fixed' });
    const revocations = await prisma.revocation.count({ where: { killSwitchId: k.id } });
    expect((await act(responder.token, `/v1/lift-requests/${requested.body.id}/abort`, {})).status).toBe(200);
    const aborted = (await eventsOf(k.id)).at(-1);
    expect(aborted).toMatchObject({
      topic: 'lift.aborted',
      liftRequestId: requested.body.id,
      releasedPercent: 0,
      revision: null,
      revocationId: null,
      reason: null,
    });
    expect(await prisma.revocation.count({ where: { killSwitchId: k.id } })).toBe(revocations);
  });

  it('break glass writes lift.requested (breakGlass) and the lifting stage-advanced in the same transaction', async () => {
    const k = await kill(await incident());
    const r = await act(admin, `/v1/kill-switches/${k.id}/lift-requests`, { reason: 'now', breakGlass: true });
    expect(r.status).toBe(201);
    const events = await eventsOf(k.id);
    expect(events.map((e) => e.topic)).toEqual(['kill.created', 'lift.requested', 'lift.stage-advanced']);
    expect(events[1]).toMatchObject({ breakGlass: true, liftRequestId: r.body.id });
    expect(events[2]).toMatchObject({ stage: 0, percent: 100, lifted: true, liftRequestId: r.body.id });
    expect(await revocationAt(k.id, events[2].revision as string)).toMatchObject({ id: events[2].revocationId, kind: 'lift', bucketFrom: 0, bucketTo: 10000 });
  });
});
