// Proposals decided while their alerts fire again: a repeat updates its proposal's row inside the notification's
// transaction, which may hold the audit chain's lock from an earlier alert; a confirm or a dismissal locks the row and
// then takes the chain's lock (a confirm the revision's row before it). Every request must succeed.
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { alertmanagerAlert, alertmanagerNotification } from '../../../test/support/alertmanager';
import { SeededVendor, enroll, seedVendor } from '../../../test/support/fleet';

describe('proposals decided while their alerts repeat (lock order)', () => {
  let api: TestApi;
  let signals: string;
  let responder: string;
  let v: SeededVendor;

  beforeAll(async () => {
    api = await startTestApi();
    const admin = await api.adminToken();
    signals = (await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'repeats', roles: ['signals'] } })).body.token;
    responder = (await api.userWith('responder')).token;
    v = await seedVendor(api);
    await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] });
  });
  afterAll(() => api.close());

  it('confirms and dismisses proposals while a notification repeats their alerts, every request answered', async () => {
    for (let round = 0; round < 4; round++) {
      const alerts = Array.from({ length: 6 }, (_, i) =>
        alertmanagerAlert({ killswitch_vendor: v.vendor, killswitch_integration: v.camera, killswitch_region: `r${round}-${i}` }),
      );
      const notification = alertmanagerNotification(alerts);
      const first = await api.request('POST', '/v1/signals/alertmanager', { token: signals, body: notification });
      expect(first.status).toBe(201);
      const ids: string[] = first.body.alerts.map((a: { proposalId: string }) => a.proposalId);
      const answers = await Promise.all([
        api.request('POST', '/v1/signals/alertmanager', { token: signals, body: notification }),
        api.request('POST', '/v1/signals/alertmanager', { token: signals, body: notification }),
        ...ids.map((id, i) =>
          i % 2
            ? api.request('POST', `/v1/proposals/${id}/confirm`, { token: responder, body: {} })
            : api.request('POST', `/v1/proposals/${id}/dismiss`, { token: responder, body: { reason: 'known' } }),
        ),
      ]);
      expect(answers.filter((a) => a.status >= 300).map((a) => `${a.status} ${a.text}`)).toEqual([]);
    }
  });
});
