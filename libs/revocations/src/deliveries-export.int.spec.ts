import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { enroll, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { csvField } from './deliveries-csv';

describe('csvField', () => {
  it('quotes what needs quoting and keeps formulas as text', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(null)).toBe('');
    expect(csvField(12n)).toBe('12');
    expect(csvField(new Date('2026-01-02T03:04:05.006Z'))).toBe('2026-01-02T03:04:05.006Z');
  });
});

describe('GET /v1/revocations/:id/deliveries/export (integration)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi();
    await api.listen();
    worker = await startTestWorker();
    token = await api.adminToken();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('lists every device of a kill with its state and externalId, or only those in one state', async () => {
    const v = await seedVendor(api);
    const item = { integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1' };
    const serial = `=SUM(${randomBytes(3).toString('hex')})`;
    const a = await enroll(api, { model: 'hub', firmware: '1.0', externalId: serial, inventory: [item] });
    const b = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [item] });
    const kill = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor }, reason: 'export' } });
    const url = `/v1/revocations/${kill.body.revocationId}/deliveries/export`;
    await eventually(async () => (await api.request('GET', `/v1/revocations/${kill.body.revocationId}`, { token })).body.fannedOutAt);
    expect((await api.request('POST', '/v1/device/acks', { token: a.credential, body: { rev: kill.body.revision } })).status).toBe(200);

    const all = await api.request('GET', url, { token });
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(all.headers['content-disposition']).toBe(`attachment; filename="revocation-${kill.body.revocationId}-all-devices.csv"`);
    const lines = all.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('deviceId,externalId,state,rev,attempts,queuedAt,sentAt,acknowledgedAt,lastError');
    expect(lines).toHaveLength(3);
    const rowOf = (id: string) => lines.find((line) => line.startsWith(id))?.split(',') ?? [];
    expect(rowOf(a.id).slice(1, 4)).toEqual([`'${serial}`, 'acknowledged', String(kill.body.revision)]);
    expect(rowOf(b.id)[1]).toBe('');
    expect(rowOf(b.id)[2]).not.toBe('acknowledged');

    const acked = await api.request('GET', `${url}?state=acknowledged`, { token: (await api.userWith('auditor')).token });
    expect(acked.status).toBe(200);
    expect(
      acked.text
        .trimEnd()
        .split('\r\n')
        .map((line) => line.split(',')[0]),
    ).toEqual(['deviceId', a.id]);
  });

  it('refuses an unknown state or query field with 400, and an unknown revocation with 404', async () => {
    const some = '00000000-0000-7000-8000-000000000000';
    const state = await api.request('GET', `/v1/revocations/${some}/deliveries/export?state=lost`, { token });
    expect(state.status).toBe(400);
    expect(state.body.message).toContain('state must be one of queued, sent, acknowledged, failed, expired, canceled');
    expect((await api.request('GET', `/v1/revocations/${some}/deliveries/export?format=xlsx`, { token })).status).toBe(400);
    const unknown = await api.request('GET', `/v1/revocations/${some}/deliveries/export`, { token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(`revocation ${some} does not exist`);
    const list = await api.request('GET', `/v1/revocations/${some}/deliveries`, { token });
    expect(list.status).toBe(404);
    expect(list.body.message).toBe(`revocation ${some} does not exist`);
  });
});
