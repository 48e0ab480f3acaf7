// An incident edited while kills are made on it: a kill takes the audit chain's lock and then, inserting its row and
// its timeline entry, a key-share lock on the incident's row (their foreign keys); an edit locked the incident's row
// and then took the chain's lock. With FOR UPDATE (which a key-share lock waits for) the two could wait on each other
// in a circle; the edit locks FOR NO KEY UPDATE, which the kill's inserts do not wait for. Every request must succeed.
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';

describe('incident edits beside kills on it (lock order)', () => {
  let api: TestApi;
  let v: SeededVendor;
  let responder: string;

  beforeAll(async () => {
    api = await startTestApi();
    v = await seedVendor(api);
    responder = (await api.userWith('responder')).token;
  });
  afterAll(() => api.close());

  it('edits the incident and kills on it at once, every request answered', async () => {
    const incident = await api.request('POST', '/v1/incidents', { token: responder, body: { title: 'camera leak', severity: 'SEV2' } });
    expect(incident.status).toBe(201);
    const severities = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all([
        ...severities.map((severity, i) =>
          api.request('PATCH', `/v1/incidents/${incident.body.id}`, { token: responder, body: { severity, summary: `round ${round} edit ${i}` } }),
        ),
        ...severities.map((_, i) =>
          api.request('POST', '/v1/kill-switches', {
            token: responder,
            body: { scope: { vendor: v.vendor, integration: v.camera, region: `r${round}-${i}` }, reason: 'leak', incidentId: incident.body.id },
          }),
        ),
      ]);
      expect(answers.filter((a) => a.status >= 300).map((a) => `${a.status} ${a.text}`)).toEqual([]);
    }
  });
});
