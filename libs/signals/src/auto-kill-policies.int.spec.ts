import { randomBytes } from 'node:crypto';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { alertmanagerAlert, alertmanagerNotification } from '../../../test/support/alertmanager';

type User = Awaited<ReturnType<TestApi['userWith']>>;

describe('auto-kill policies (integration)', () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let signals: string;
  let author: User;
  let second: User;
  let v: SeededVendor;

  const fire = (alertname: string, firmware: string) =>
    api.request('POST', '/v1/signals/alertmanager', {
      token: signals,
      body: alertmanagerNotification([
        alertmanagerAlert(
          { killswitch_vendor: v.vendor, killswitch_integration: v.camera, killswitch_vendor_firmware: firmware },
          { alertname, summary: 'cameras leak' },
        ),
      ]),
    });

  /** A policy for alert `alertname` written by `author`, approved by `second`, allowing `max` devices. */
  async function activePolicy(alertname: string, max: number): Promise<string> {
    const created = await api.request('POST', '/v1/auto-kill-policies', {
      token: author.token,
      body: {
        name: `${alertname} kills cameras ${randomBytes(3).toString('hex')}`,
        match: { alertname, vendor: v.vendor },
        integration: v.camera,
        maxAffectedDevices: max,
      },
    });
    expect(created.status).toBe(201);
    expect((await api.request('POST', `/v1/auto-kill-policies/${created.body.id}/approve`, { token: second.token })).status).toBe(200);
    return created.body.id;
  }

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    const admin = await api.adminToken();
    signals = (await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'am', roles: ['signals'] } })).body.token;
    author = await api.userWith('admin');
    second = await api.userWith('admin');
    v = await seedVendor(api);
    for (const firmware of ['3.5.1_00.66', '3.5.1_00.66', '3.5.1_00.67', '3.5.1_00.68']) {
      await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: firmware }] });
    }
  });
  afterAll(async () => {
    await api.close();
    await prisma.$disconnect();
  });

  it('takes effect only when a second person approves it: its author, an API token and a responder are refused', async () => {
    const created = await api.request('POST', '/v1/auto-kill-policies', {
      token: author.token,
      body: {
        name: `pending ${randomBytes(3).toString('hex')}`,
        match: { alertname: 'Pending', vendor: v.vendor },
        integration: v.camera,
        maxAffectedDevices: 100,
      },
    });
    expect(created.body).toMatchObject({ state: 'pending', createdById: author.id, approvedById: null });
    // Not in force: a matching alert stays a proposal.
    expect((await fire('Pending', 'lt:3.5.1_00.68')).body.alerts[0].state).toBe('open');

    const self = await api.request('POST', `/v1/auto-kill-policies/${created.body.id}/approve`, { token: author.token });
    expect({ status: self.status, code: self.body.code }).toEqual({ status: 403, code: 'self_approval' });
    expect(self.body.message).toBe('you wrote this auto-kill policy: a second person must approve it (four eyes)');
    const token = (await api.request('POST', '/v1/api-tokens', { token: second.token, body: { name: 'ci', roles: ['admin'] } })).body.token;
    const viaToken = await api.request('POST', `/v1/auto-kill-policies/${created.body.id}/approve`, { token });
    expect({ status: viaToken.status, code: viaToken.body.code }).toEqual({ status: 403, code: 'api_token_cannot_decide' });
    const responder = await api.userWith('responder');
    expect((await api.request('POST', `/v1/auto-kill-policies/${created.body.id}/approve`, { token: responder.token })).status).toBe(403);
    const newer = await api.userWith('admin');
    const late = await api.request('POST', `/v1/auto-kill-policies/${created.body.id}/approve`, { token: newer.token });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 403, code: 'approver_newer_than_request' });
    expect((await api.request('GET', `/v1/auto-kill-policies/${created.body.id}`, { token: responder.token })).body.state).toBe('pending');

    const approved = await api.request('POST', `/v1/auto-kill-policies/${created.body.id}/approve`, { token: second.token });
    expect(approved.body).toMatchObject({ state: 'active', approvedById: second.id });
    const again = await api.request('POST', `/v1/auto-kill-policies/${created.body.id}/approve`, { token: second.token });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'auto_kill_policy_not_pending' });
  });

  it('kills a matching proposal at once when its kill stays within the limit, as the policy, naming both people', async () => {
    const policyId = await activePolicy('CameraLeakAuto', 3);
    const fired = await fire('CameraLeakAuto', 'lt:3.5.1_00.68');
    expect(fired.body.alerts[0]).toMatchObject({ outcome: 'proposed', state: 'auto-killed' });
    const proposal = await api.request('GET', `/v1/proposals/${fired.body.alerts[0].proposalId}`, { token: author.token });
    expect(proposal.body).toMatchObject({ state: 'auto-killed', policyId, killSwitchId: expect.any(String), affectedDevices: 3 });
    const kill = await api.request('GET', `/v1/kill-switches/${proposal.body.killSwitchId}`, { token: author.token });
    expect(kill.body).toMatchObject({ state: 'active', affectedDevices: 3, incidentId: proposal.body.incidentId, createdById: null });
    expect(kill.body.reason).toMatch(/^Auto-kill by policy CameraLeakAuto kills cameras \w+: alert CameraLeakAuto \(alertmanager, fingerprint/);
    const label = expect.stringMatching(new RegExp(`^policy CameraLeakAuto kills cameras \\w+ \\(enabled by ${author.email}, approved by ${second.email}\\)$`));
    const entry = await prisma.auditEntry.findFirstOrThrow({ where: { action: 'kill-switch.create', targetId: kill.body.id } });
    expect(entry).toMatchObject({ actorType: 'policy', actorId: policyId, actor: label });
    const event = await prisma.outboxMessage.findFirstOrThrow({ where: { topic: 'kill.created', payload: { path: ['killSwitchId'], equals: kill.body.id } } });
    expect(event.payload).toMatchObject({ actor: { type: 'policy', id: policyId, label } });
    const timeline = await prisma.timelineEntry.findFirstOrThrow({ where: { incidentId: proposal.body.incidentId, type: 'kill' } });
    expect(timeline).toMatchObject({ actorId: policyId, actor: label });
  });

  it('leaves a matching proposal open when its kill would affect more devices than the policy allows', async () => {
    const policyId = await activePolicy('CameraLeakBig', 2);
    const fired = await fire('CameraLeakBig', 'lt:3.5.1_00.68');
    expect(fired.body.alerts[0]).toMatchObject({ outcome: 'proposed', state: 'open' });
    const proposal = await api.request('GET', `/v1/proposals/${fired.body.alerts[0].proposalId}`, { token: author.token });
    expect(proposal.body).toMatchObject({ state: 'open', killSwitchId: null, policyId, affectedDevices: 3 });
    expect(proposal.body.policyNote).toMatch(/would affect 3 devices, more than its limit of 2/);
    expect(await prisma.killSwitch.count({ where: { incidentId: proposal.body.incidentId } })).toBe(0);
  });

  it('stops killing once one person disables it', async () => {
    const policyId = await activePolicy('CameraLeakOff', 100);
    const disabled = await api.request('DELETE', `/v1/auto-kill-policies/${policyId}`, { token: author.token });
    expect(disabled.body).toMatchObject({ state: 'disabled', disabledById: author.id });
    expect((await fire('CameraLeakOff', 'lt:3.5.1_00.68')).body.alerts[0].state).toBe('open');
    expect((await api.request('DELETE', `/v1/auto-kill-policies/${policyId}`, { token: author.token })).status).toBe(409);
  });

  it('refuses a policy naming an integration of another vendor, or an unknown vendor, writing nothing', async () => {
    const before = await prisma.autoKillPolicy.count();
    const foreign = await api.request('POST', '/v1/auto-kill-policies', {
      token: author.token,
      body: { name: 'foreign', match: { vendor: v.vendor }, integration: 'ring.chime', maxAffectedDevices: 5 },
    });
    expect({ status: foreign.status, message: foreign.body.message }).toEqual({
      status: 400,
      message: `integration must be a key of vendor ${v.vendor}, e.g. ${v.vendor}.camera-stream`,
    });
    const unknown = await api.request('POST', '/v1/auto-kill-policies', {
      token: author.token,
      body: { name: 'unknown', match: { vendor: 'no-such' }, integration: 'no-such.camera', maxAffectedDevices: 5 },
    });
    expect({ status: unknown.status, message: unknown.body.message }).toEqual({ status: 400, message: 'match.vendor: vendor no-such does not exist' });
    const zero = await api.request('POST', '/v1/auto-kill-policies', {
      token: author.token,
      body: { name: 'zero', match: { vendor: v.vendor }, integration: v.camera, maxAffectedDevices: 0 },
    });
    expect(zero.status).toBe(400);
    expect(await prisma.autoKillPolicy.count()).toBe(before);
  });
});
