// Lifts beside kills: an approval and a break-glass lift raise the revision after audit entries of their own, and a
// kill takes the revision's row before the audit chain's lock. Taken in opposite orders, the two waited on each other
// in a circle and PostgreSQL aborted one (a 500 for an approval, a break glass or a responder's kill: the chaos run of
// 2026-12-08 saw every approval of a round fail). Every request must succeed.
import { TestApi, startTestApi } from '../../../../test/support/api-harness';
import { SeededVendor, seedVendor } from '../../../../test/support/fleet';

describe('lifts beside kills (lock order)', () => {
  let api: TestApi;
  let v: SeededVendor;
  let responder: string;
  let approver: string;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi();
    v = await seedVendor(api);
    responder = (await api.userWith('responder')).token;
    approver = (await api.userWith('approver')).token;
    admin = (await api.userWith('admin')).token;
  });
  afterAll(() => api.close());

  const kill = (region: string) =>
    api.request('POST', '/v1/kill-switches', { token: responder, body: { scope: { vendor: v.vendor, integration: v.camera, region }, reason: 'leak' } });

  it('approves, breaks glass and kills at once, every request answered', async () => {
    for (let round = 0; round < 3; round++) {
      const kills = await Promise.all(Array.from({ length: 8 }, (_, i) => kill(`r${round}-${i}`)));
      expect(kills.map((k) => k.status)).toEqual(Array(8).fill(201));
      const pending = [];
      for (const k of kills.slice(0, 4)) {
        const lift = await api.request('POST', `/v1/kill-switches/${k.body.id}/lift-requests`, { token: responder, body: { reason: 'fixed' } });
        expect(lift.status).toBe(201);
        pending.push(lift.body.id as string);
      }
      const answers = await Promise.all([
        ...pending.map((id) => api.request('POST', `/v1/lift-requests/${id}/approve`, { token: approver, body: { reason: 'ok' } })),
        ...kills
          .slice(4)
          .map((k) => api.request('POST', `/v1/kill-switches/${k.body.id}/lift-requests`, { token: admin, body: { reason: 'now', breakGlass: true } })),
        ...Array.from({ length: 8 }, (_, i) => kill(`n${round}-${i}`)),
      ]);
      expect(answers.filter((a) => a.status >= 300).map((a) => `${a.status} ${a.text}`)).toEqual([]);
    }
  });
});
