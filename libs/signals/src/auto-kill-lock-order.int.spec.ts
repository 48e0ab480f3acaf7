// An alert storm's auto-kills beside responders' kills: each auto-kill raises the revision inside the signal's
// transaction, which has written audit entries before it; a responder's kill takes the revision's row and then the audit
// chain's lock. Both orders must be one, or the two wait on each other in a circle (PostgreSQL then aborts one: a kill
// or a notification lost to a deadlock). Every request must succeed.
import { randomBytes } from 'node:crypto';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { alertmanagerAlert, alertmanagerNotification } from '../../../test/support/alertmanager';
import { SeededVendor, enroll, seedVendor } from '../../../test/support/fleet';

describe('auto-kills beside responders’ kills (lock order)', () => {
  let api: TestApi;
  let signals: string;
  let responder: string;
  let v: SeededVendor;
  const alertname = `Storm${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    api = await startTestApi();
    const admin = await api.adminToken();
    signals = (await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'storm', roles: ['signals'] } })).body.token;
    responder = (await api.userWith('responder')).token;
    const author = await api.userWith('admin');
    const second = await api.userWith('admin');
    v = await seedVendor(api);
    for (let i = 0; i < 3; i++) {
      await enroll(api, {
        model: 'hub',
        firmware: '1.0',
        inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: `3.5.1_00.6${i}` }],
      });
    }
    const policy = await api.request('POST', '/v1/auto-kill-policies', {
      token: author.token,
      body: { name: `storm ${alertname}`, match: { alertname, vendor: v.vendor }, integration: v.camera, maxAffectedDevices: 1_000_000 },
    });
    expect(policy.status).toBe(201);
    expect((await api.request('POST', `/v1/auto-kill-policies/${policy.body.id}/approve`, { token: second.token })).status).toBe(200);
  });
  afterAll(() => api.close());

  it('writes every notification and every kill when both come at once', async () => {
    const notification = (i: number) =>
      alertmanagerNotification(
        Array.from({ length: 3 }, (_, j) =>
          alertmanagerAlert({ killswitch_vendor: v.vendor, killswitch_integration: v.camera, killswitch_region: `r${i}-${j}` }, { alertname }),
        ),
      );
    const kill = (i: number) =>
      api.request('POST', '/v1/kill-switches', {
        token: responder,
        body: { scope: { vendor: v.vendor, integration: v.camera, region: `k${i}` }, reason: 'storm' },
      });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => [api.request('POST', '/v1/signals/alertmanager', { token: signals, body: notification(i) }), kill(i)]).flat(),
    );
    const refused = answers.filter((a) => a.status >= 300).map((a) => `${a.status} ${a.text}`);
    expect(refused).toEqual([]);
    expect(answers.filter((a) => a.body?.alerts).flatMap((a) => a.body.alerts.map((alert: { state: string }) => alert.state))).toEqual(
      Array(36).fill('auto-killed'),
    );
  });
});
