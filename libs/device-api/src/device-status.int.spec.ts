import type { INestApplicationContext } from '@nestjs/common';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { enroll, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';

/** GET /v1/devices/:id/status: what one device is told now, what it acknowledged, what is still on its way to it. */
describe('device status (integration)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let token: string;
  let v: SeededVendor;

  beforeAll(async () => {
    api = await startTestApi();
    await api.listen();
    worker = await startTestWorker();
    token = await api.adminToken();
    v = await seedVendor(api);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const status = async (id: string, as = token) => {
    const response = await api.request('GET', `/v1/devices/${id}/status`, { token: as });
    expect(response.status).toBe(200);
    return response.body;
  };

  it('shows a kill as the device is told it, the delivery open until the device acks, then its acknowledged revision and last poll', async () => {
    const device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [
        { integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1' },
        { integration: v.plug, vendorModel: 'mi-plug', vendorFirmware: '1.0' },
      ],
    });
    const before = await status(device.id);
    expect(before).toMatchObject({ ackedRev: 0, lastSeenAt: null, openDeliveries: [], device: { id: device.id } });
    expect(before.integrations).toEqual({ [v.camera]: { enabled: true, failMode: 'closed' }, [v.plug]: { enabled: true, failMode: 'open' } });

    const kill = await api.request('POST', '/v1/kill-switches', {
      token,
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'internal: leak', deviceMessage: 'Camera paused for your safety' },
    });
    expect(kill.status).toBe(201);
    const open = await eventually(async () => {
      const s = await status(device.id);
      return s.openDeliveries.length > 0 && s;
    });
    expect(open.rev).toBeGreaterThanOrEqual(kill.body.revision);
    expect(open.integrations[v.camera]).toEqual({ enabled: false, reason: 'Camera paused for your safety', killSwitchIds: [kill.body.id], failMode: 'closed' });
    expect(open.integrations[v.plug]).toEqual({ enabled: true, failMode: 'open' });
    expect(open.openDeliveries).toEqual([
      expect.objectContaining({ revocationId: kill.body.revocationId, killSwitchId: kill.body.id, kind: 'kill', rev: kill.body.revision }),
    ]);
    expect(['queued', 'sent', 'failed']).toContain(open.openDeliveries[0].state);

    expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
    expect((await api.request('POST', '/v1/device/acks', { token: device.credential, body: { rev: kill.body.revision } })).status).toBe(200);
    expect(await status(device.id)).toMatchObject({ ackedRev: kill.body.revision, openDeliveries: [] });
    // Sightings are written in batches every 2 s.
    const seen = await eventually(async () => (await status(device.id)).lastSeenAt as string | null);
    expect(Date.parse(seen)).toBeGreaterThan(Date.parse(before.device.enrolledAt));

    const auditor = await api.userWith('auditor');
    expect((await status(device.id, auditor.token)).ackedRev).toBe(kill.body.revision);
  });

  it('a decommissioned device is told nothing', async () => {
    const device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1' }],
    });
    expect((await api.request('DELETE', `/v1/devices/${device.id}`, { token })).status).toBe(204);
    const s = await status(device.id);
    expect(s.integrations).toEqual({});
    expect(s.device.decommissionedAt).not.toBeNull();
  });

  it('answers 404 for a device that does not exist, 400 for an id that is not one, 401 without a credential, and a device credential is refused', async () => {
    const missing = await api.request('GET', '/v1/devices/00000000-0000-7000-8000-000000000000/status', { token });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
    expect((await api.request('GET', '/v1/devices/nope/status', { token })).status).toBe(400);
    expect((await api.request('GET', '/v1/devices/00000000-0000-7000-8000-000000000000/status')).status).toBe(401);
    const device = await enroll(api, { model: 'hub', firmware: '1.0' });
    expect([401, 403]).toContain((await api.request('GET', `/v1/devices/${device.id}/status`, { token: device.credential })).status);
  });
});
