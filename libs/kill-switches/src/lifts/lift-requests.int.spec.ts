import { PrismaClient } from '@killswitch/db';
import { isReleased } from '@killswitch/evaluation';
import { TestApi, startTestApi } from '../../../../test/support/api-harness';
import { testPrisma } from '../../../../test/support/db';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../../test/support/fleet';
import { foldRefusals, refusedAttempts } from '../../../../test/support/refusals';
import { LiftProgressionService } from './lift-progression.service';

type User = Awaited<ReturnType<TestApi['userWith']>>;

describe('lift requests (four eyes, stages, break glass)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  // Each test has a vendor and devices of its own: a kill left active by one test must not deny another's devices.
  let v: SeededVendor;
  let devices: EnrolledDevice[];
  let responder: User;
  let approver: User;
  let both: User;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    admin = await api.adminToken();
    responder = await api.userWith('responder');
    approver = await api.userWith('approver');
    both = await api.userWith('responder', 'approver');
  });
  beforeEach(async () => {
    v = await seedVendor(api);
    devices = [];
    for (let i = 0; i < 24; i++) {
      devices.push(
        await enroll(api, {
          model: 'hub',
          firmware: '1.0',
          inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
        }),
      );
    }
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  async function kill(extra: Record<string, unknown> = {}) {
    const r = await api.request('POST', '/v1/kill-switches', {
      token: admin,
      body: { scope: { vendor: v.vendor, integration: v.camera, ...extra }, reason: 'strangers feeds' },
    });
    expect(r.status).toBe(201);
    return r.body as { id: string; revision: number };
  }
  const lift = (token: string, killId: string, body: Record<string, unknown>) =>
    api.request('POST', `/v1/kill-switches/${killId}/lift-requests`, { token, body });
  const act = (token: string, id: string, verb: string, body: Record<string, unknown> = {}) =>
    api.request('POST', `/v1/lift-requests/${id}/${verb}`, { token, body });
  const cameraOn = async (device: EnrolledDevice) =>
    (await api.request('GET', '/v1/device/flags', { token: device.credential })).body.integrations[v.camera].enabled as boolean;
  const refusals = async (action: string) => {
    await foldRefusals(api);
    return refusedAttempts(prisma, { action });
  };

  it('a responder requests, a second person approves: the kill is lifted for every device', async () => {
    const incident = await prisma.incident.create({ data: { title: 'feeds', severity: 'SEV1', reportedAt: new Date() } });
    const k = (
      await api.request('POST', '/v1/kill-switches', {
        token: admin,
        body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'feeds', incidentId: incident.id },
      })
    ).body;
    expect(await cameraOn(devices[0])).toBe(false);
    const requested = await lift(responder.token, k.id, { reason: 'fixed firmware shipped' });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      killSwitchId: k.id,
      state: 'pending',
      stages: [100],
      currentStage: -1,
      releasedPercent: 0,
      requestedById: responder.id,
    });
    expect((await api.request('GET', `/v1/kill-switches/${k.id}`, { token: admin })).body.state).toBe('lift-requested');
    expect(await cameraOn(devices[0])).toBe(false); // still enforced while the request waits

    const approved = await act(approver.token, requested.body.id, 'approve', { reason: 'checked the fix' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'completed', decidedById: approver.id, releasedPercent: 100 });
    const lifted = (await api.request('GET', `/v1/kill-switches/${k.id}`, { token: admin })).body;
    expect(lifted).toMatchObject({ state: 'lifted', releasedBelow: 10000 });
    expect(lifted.revision).toBeGreaterThan(k.revision);
    for (const device of devices) expect(await cameraOn(device)).toBe(true);

    const types = (await prisma.timelineEntry.findMany({ where: { incidentId: incident.id }, orderBy: { id: 'asc' } })).map((t) => t.type);
    expect(types).toEqual(['kill', 'lift_request', 'approval', 'lift']);
    const actions = (await prisma.auditEntry.findMany({ where: { targetId: { in: [k.id, requested.body.id] }, outcome: 'ok' }, orderBy: { seq: 'asc' } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(['kill-switch.create', 'lift-request.create', 'lift-request.approve', 'kill-switch.lift']);
    const revocations = await prisma.revocation.findMany({ where: { killSwitchId: k.id }, orderBy: { createdAt: 'asc' } });
    expect(revocations.map((r) => [r.kind, r.bucketFrom, r.bucketTo])).toEqual([
      ['kill', null, null],
      ['lift', 0, 10000],
    ]);

    // approving twice, and lifting a lifted kill: two 409s a client tells apart by their code
    expect((await act(approver.token, requested.body.id, 'approve')).body).toMatchObject({ statusCode: 409, code: 'lift_already_decided' });
    expect((await act(approver.token, requested.body.id, 'reject', { reason: 'too late' })).body).toMatchObject({
      statusCode: 409,
      code: 'lift_already_decided',
      message: `lift request ${requested.body.id} is completed: only a pending request can be rejected`,
    });
    expect((await lift(responder.token, k.id, { reason: 'again please' })).body).toMatchObject({ statusCode: 409, code: 'kill_not_active' });
  });

  it('nobody approves their own request, not even an admin, and no API token or newer account approves', async () => {
    const k = await kill();
    const own = await lift(both.token, k.id, { reason: 'fixed' });
    expect(own.status).toBe(201);
    const before = await refusals('lift-request.approve');
    const self = await act(both.token, own.body.id, 'approve');
    expect(self.body).toMatchObject({ statusCode: 403, code: 'self_approval' });
    expect(self.body.message).toMatch(/second person/);

    const adminRequest = await lift(admin, (await kill()).id, { reason: 'fixed' });
    expect((await act(admin, adminRequest.body.id, 'approve')).status).toBe(403);

    const token = (await api.request('POST', '/v1/api-tokens', { token: approver.token, body: { name: 'ci', roles: ['approver'] } })).body.token;
    const viaToken = await act(token, own.body.id, 'approve');
    expect(viaToken.body).toMatchObject({ statusCode: 403, code: 'api_token_cannot_decide' });
    expect(viaToken.body.message).toMatch(/API token/);

    const newcomer = await api.userWith('approver');
    const late = await act(newcomer.token, own.body.id, 'approve');
    expect(late.body).toMatchObject({ statusCode: 403, code: 'approver_newer_than_request' });
    expect(late.body.message).toMatch(/created after/);

    expect(await refusals('lift-request.approve')).toBe(before + 4);
    expect((await api.request('GET', `/v1/lift-requests/${own.body.id}`, { token: admin })).body.state).toBe('pending');
    expect(await cameraOn(devices[0])).toBe(false);
    expect((await act(responder.token, own.body.id, 'approve')).status).toBe(403); // a responder is not an approver
  });

  it('a rejection returns the kill to active; the requester cannot reject their own request either', async () => {
    const incident = await prisma.incident.create({ data: { title: 'feeds', severity: 'SEV2', reportedAt: new Date() } });
    const k = (
      await api.request('POST', '/v1/kill-switches', {
        token: admin,
        body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'feeds', incidentId: incident.id },
      })
    ).body;
    const r = await lift(responder.token, k.id, { reason: 'fixed' });
    expect((await act(responder.token, r.body.id, 'reject', { reason: 'no' })).status).toBe(403);
    expect((await act(approver.token, r.body.id, 'reject', {})).status).toBe(400); // a rejection needs a reason
    const rejected = await act(approver.token, r.body.id, 'reject', { reason: 'fix not verified' });
    expect(rejected.body).toMatchObject({ state: 'rejected', decisionReason: 'fix not verified' });
    expect((await api.request('GET', `/v1/kill-switches/${k.id}`, { token: admin })).body.state).toBe('active');
    expect((await act(approver.token, r.body.id, 'approve')).body).toMatchObject({
      statusCode: 409,
      message: `lift request ${r.body.id} is rejected: only a pending request can be approved`,
    });
    const rejection = await prisma.timelineEntry.findFirstOrThrow({ where: { incidentId: incident.id, type: 'rejection' } });
    expect(rejection.body).toMatch(/^Lift of .* rejected: fix not verified$/);
    expect((await lift(responder.token, k.id, { reason: 'try again' })).status).toBe(201); // active again: a new request is possible
  });

  it('a staged lift releases a stable, hash-chosen share at each step, and abort re-imposes it', async () => {
    const k = await kill();
    const r = await lift(responder.token, k.id, { reason: 'fixed', stages: [50, 100] });
    expect(r.body.stages).toEqual([50, 100]);
    const approved = await act(approver.token, r.body.id, 'approve');
    expect(approved.body).toMatchObject({ state: 'approved', currentStage: 0, releasedPercent: 50 });
    expect((await api.request('GET', `/v1/kill-switches/${k.id}`, { token: admin })).body).toMatchObject({ state: 'lifting', releasedBelow: 5000 });
    const expected = devices.map((d) => isReleased(k.id, d.id, 5000));
    expect(expected).toContain(true);
    expect(expected).toContain(false);
    expect(await Promise.all(devices.map(cameraOn))).toEqual(expected);

    const aborted = await act(responder.token, r.body.id, 'abort', { reason: 'crash reports' });
    expect(aborted.body.state).toBe('aborted');
    expect((await api.request('GET', `/v1/kill-switches/${k.id}`, { token: admin })).body).toMatchObject({ state: 'active', releasedBelow: 0 });
    for (const device of devices) expect(await cameraOn(device)).toBe(false);
    const abortRevocation = await prisma.revocation.findFirstOrThrow({ where: { killSwitchId: k.id }, orderBy: { createdAt: 'desc' } });
    expect([abortRevocation.kind, abortRevocation.bucketFrom, abortRevocation.bucketTo]).toEqual(['kill', 0, 5000]);
    expect((await act(responder.token, r.body.id, 'abort')).status).toBe(409);
    expect((await act(responder.token, r.body.id, 'advance')).status).toBe(409);
  });

  it('advances stage by stage by hand, and by itself when the stage interval is up', async () => {
    const k = await kill();
    const r = await lift(responder.token, k.id, { reason: 'fixed', stages: [1, 10, 100] });
    await act(approver.token, r.body.id, 'approve');
    const second = await act(responder.token, r.body.id, 'advance');
    expect(second.body).toMatchObject({ state: 'approved', currentStage: 1, releasedPercent: 10 });
    const third = await act(approver.token, r.body.id, 'advance');
    expect(third.body).toMatchObject({ state: 'completed', currentStage: 2, releasedPercent: 100 });
    expect((await act(responder.token, r.body.id, 'advance')).status).toBe(409);

    const timed = await kill();
    const t = await lift(responder.token, timed.id, { reason: 'fixed', stages: [10, 100], stageIntervalSec: 60 });
    const started = await act(approver.token, t.body.id, 'approve');
    const due = new Date(started.body.nextStageAt);
    expect(due.getTime() - Date.now()).toBeGreaterThan(50_000);
    const timer = api.app.get(LiftProgressionService);
    await timer.advanceDue(new Date(due.getTime() - 1000)); // not yet due
    expect((await api.request('GET', `/v1/lift-requests/${t.body.id}`, { token: admin })).body.currentStage).toBe(0);
    await timer.advanceDue(due);
    expect((await api.request('GET', `/v1/lift-requests/${t.body.id}`, { token: admin })).body).toMatchObject({ state: 'completed', currentStage: 1 });
    const stage = await prisma.auditEntry.findFirstOrThrow({ where: { targetId: timed.id, action: 'kill-switch.lift' } });
    expect(stage.actor).toBe('system:lift-stages');
  });

  it('break glass: an admin lifts alone at once, and a second person must sign the review off', async () => {
    const k = await kill();
    // The bootstrap admin made the approver: another admin breaks the glass, so the approver may review it.
    const breaker = (await api.userWith('admin')).token;
    expect((await lift(responder.token, k.id, { reason: 'emergency', breakGlass: true })).status).toBe(403);
    expect((await lift(breaker, k.id, { reason: 'emergency', breakGlass: true, stages: [10, 100] })).status).toBe(400);
    // Not through an API token, even an admin's: break glass is a person's override.
    const token = await api.request('POST', '/v1/api-tokens', { token: breaker, body: { name: 'automation', roles: ['admin'] } });
    expect(token.status).toBe(201);
    const requestsBefore = await prisma.liftRequest.count({ where: { killSwitchId: k.id } });
    const byToken = await lift(token.body.token as string, k.id, { reason: 'emergency', breakGlass: true });
    expect({ status: byToken.status, code: byToken.body.code }).toEqual({ status: 403, code: 'break_glass_person_only' });
    expect(await prisma.liftRequest.count({ where: { killSwitchId: k.id } })).toBe(requestsBefore);
    expect((await prisma.killSwitch.findUniqueOrThrow({ where: { id: k.id } })).state).toBe('active');
    expect(await cameraOn(devices[0])).toBe(false);
    const glass = await lift(breaker, k.id, { reason: 'vendor outage, lift now', breakGlass: true });
    expect(glass.status).toBe(201);
    expect(glass.body).toMatchObject({ state: 'completed', breakGlass: true, reviewPending: true });
    expect(await cameraOn(devices[0])).toBe(true);
    expect(await prisma.auditEntry.count({ where: { action: 'lift-request.break-glass', targetId: glass.body.id } })).toBe(1);
    expect((await act(breaker, glass.body.id, 'review')).status).toBe(403); // not by the one who broke the glass
    const reviewed = await act(approver.token, glass.body.id, 'review', { reason: 'justified' });
    expect(reviewed.body).toMatchObject({ reviewPending: false, reviewedById: approver.id });
    expect((await act(approver.token, glass.body.id, 'review')).status).toBe(409);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const k = await kill();
    const before = await prisma.liftRequest.count();
    const bad: [Record<string, unknown>, RegExp][] = [
      [{}, /reason/],
      [{ reason: 'x' }, /reason/],
      [{ reason: 'fixed', stages: [10, 50] }, /ending at 100/],
      [{ reason: 'fixed', stages: [50, 10, 100] }, /ascending/],
      [{ reason: 'fixed', stages: [0, 100] }, /from 1 to 100/],
      [{ reason: 'fixed', stages: 'all' }, /stages/],
      [{ reason: 'fixed', stageIntervalSec: -5 }, /stageIntervalSec/],
      [{ reason: 'fixed', breakGlass: 'yes' }, /breakGlass/],
      [{ reason: 'fixed', approver: 'me' }, /approver/],
    ];
    for (const [body, message] of bad) {
      const r = await lift(responder.token, k.id, body);
      expect([r.status, r.body.message]).toEqual([400, expect.stringMatching(message)]);
    }
    expect((await api.request('POST', `/v1/kill-switches/${k.id}/lift-requests`, { token: responder.token, rawBody: '{"reason":' })).status).toBe(400);
    expect((await lift(responder.token, 'not-a-uuid', { reason: 'fixed' })).status).toBe(400);
    expect((await lift(responder.token, '0190f3a0-0000-7000-8000-000000000000', { reason: 'fixed' })).status).toBe(404);
    expect((await act(approver.token, '0190f3a0-0000-7000-8000-000000000000', 'approve')).status).toBe(404);
    expect((await lift(devices[0].credential, k.id, { reason: 'fixed' })).status).toBe(403);
    expect((await lift((await api.userWith('auditor')).token, k.id, { reason: 'fixed' })).status).toBe(403);
    expect((await api.request('GET', '/v1/lift-requests?state=maybe', { token: admin })).status).toBe(400);
    expect(await prisma.liftRequest.count()).toBe(before);
    expect((await api.request('GET', `/v1/kill-switches/${k.id}`, { token: admin })).body.state).toBe('active');
  });

  it('lists lift requests by state and kill switch, with cursor paging', async () => {
    const k = await kill();
    const r = await lift(responder.token, k.id, { reason: 'fixed' });
    const byKill = await api.request('GET', `/v1/lift-requests?killSwitchId=${k.id}`, { token: (await api.userWith('auditor')).token });
    expect(byKill.body.items.map((i: { id: string }) => i.id)).toEqual([r.body.id]);
    const pending = await api.request('GET', '/v1/lift-requests?state=pending&limit=1', { token: admin });
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.nextCursor).toEqual(expect.any(String));
    const next = await api.request('GET', `/v1/lift-requests?state=pending&limit=1&cursor=${pending.body.nextCursor}`, { token: admin });
    expect(next.body.items[0].id).not.toBe(pending.body.items[0].id);
    expect(next.body.items[0].state).toBe('pending');
  });
});
