// Refusals whose message must say exactly what to fix (red team, eighteenth stop): a label named, a count that may not
// be negative, a year out of range, a long list's problems cut to the first few.
import { TestApi, startTestApi } from './support/api-harness';
import { alertmanagerAlert, alertmanagerNotification } from './support/alertmanager';
import { seedVendor } from './support/fleet';

describe('refusal messages', () => {
  let api: TestApi;
  let admin: string;
  let signals: string;

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.adminToken();
    signals = (await api.request('POST', '/v1/api-tokens', { token: admin, body: { name: 'refusal messages', roles: ['signals'] } })).body.token;
  });
  afterAll(() => api.close());

  const alertmanager = (body: unknown) => api.request('POST', '/v1/signals/alertmanager', { token: signals, body });

  it('names the label whose value is not a string', async () => {
    const wrong = alertmanagerNotification([{ ...alertmanagerAlert({ killswitch_vendor: 'none' }), labels: { note: ['x'] } }]);
    const refused = await alertmanager(wrong);
    expect([refused.status, refused.body.message]).toEqual([400, 'alerts.0.labels.note must be a string']);
  });

  it('says a count may not be negative, and a year must be 1970 or later', async () => {
    const truncated = await alertmanager({ ...alertmanagerNotification([alertmanagerAlert({ killswitch_vendor: 'none' })]), truncatedAlerts: -5 });
    expect([truncated.status, truncated.body.message]).toEqual([400, 'truncatedAlerts must be a whole number, 0 or more']);
    const ancient = await api.request('POST', '/v1/incidents', {
      token: admin,
      body: { title: 'ancient', severity: 'SEV4', reportedAt: '0001-01-01T00:00:00Z' },
    });
    expect(ancient.status).toBe(400);
    expect(ancient.body.message).toContain('reportedAt must be in 1970 or later');
    const report = (reportedAt: unknown) => api.request('POST', '/v1/incidents', { token: admin, body: { title: 'timestamps', severity: 'SEV4', reportedAt } });
    const moonLanding = await report('1969-07-20T20:17:00Z');
    expect([moonLanding.status, moonLanding.body.message]).toEqual([400, 'reportedAt must be in 1970 or later']);
    const notATime = await report('yesterday');
    expect([notATime.status, notATime.body.message]).toEqual([400, 'reportedAt must be an ISO 8601 timestamp with a time zone, e.g. 2020-01-02T10:00:00Z']);
  });

  it('cuts the problems of a long list to the first ten, and counts the rest', async () => {
    const v = await seedVendor(api);
    const inventory = Array.from({ length: 30 }, () => ({ integration: v.camera, vendorModel: 7, vendorFirmware: '1.0' }));
    const refused = await api.request('POST', '/v1/devices', { token: admin, body: { model: 'hub', firmware: '1.0', inventory } });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toHaveLength(11);
    expect(refused.body.details[10]).toMatch(/^and \d+ more like these$/);
    expect(refused.body.message.length).toBeLessThan(2000);
  });
});
