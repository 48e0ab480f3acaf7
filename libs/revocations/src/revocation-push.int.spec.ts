import type { INestApplicationContext } from '@nestjs/common';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { openDeviceStream as openStream } from '../../../test/support/device-stream';
import { eventually } from '../../../test/support/eventually';

describe('revocation push (integration)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  let baseUrl: string;
  let v: SeededVendor;
  let devices: EnrolledDevice[];

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
    worker = await startTestWorker();
    prisma = testPrisma();
    v = await seedVendor(api);
    devices = await Promise.all(
      Array.from({ length: 4 }, () =>
        enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] }),
      ),
    );
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await prisma.$disconnect();
  });

  it('pushes a kill down the device stream, and acks drive progress and the incident milestones', async () => {
    const stream = await openStream(baseUrl, devices[0].credential);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const initial = await eventually(() => stream.events[0]);
    expect(initial.event).toBe('flags');
    expect(JSON.parse(initial.data!).integrations[v.camera].enabled).toBe(true);

    const incident = await prisma.incident.create({ data: { title: 'strangers feeds', severity: 'SEV1', reportedAt: new Date() } });
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: await api.adminToken(),
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'strangers feeds', incidentId: incident.id },
    });
    expect(kill.status).toBe(201);
    const pushed = await eventually(() => stream.events.find((e) => e.id === String(kill.body.revision)));
    const body = JSON.parse(pushed.data!);
    expect(body.integrations[v.camera]).toMatchObject({ enabled: false, killSwitchIds: [kill.body.id] });
    expect(body.snapshot).toEqual(expect.any(String));

    const revocationUrl = `/v1/revocations/${kill.body.revocationId}`;
    const token = await api.adminToken();
    await eventually(async () => (await api.request('GET', revocationUrl, { token })).body.fannedOutAt);
    for (const device of devices) {
      const ack = await api.request('POST', '/v1/device/acks', { token: device.credential, body: { rev: kill.body.revision } });
      expect(ack.status).toBe(200);
    }
    const done = await api.request('GET', revocationUrl, { token });
    expect(done.body).toMatchObject({ target: 4, progress: 1, milestones: [50, 90, 99, 100] });
    expect(done.body.counts.acknowledged).toBe(4);
    const timeline = await prisma.timelineEntry.findMany({ where: { incidentId: incident.id, type: 'revocation_milestone' }, orderBy: { id: 'asc' } });
    expect(timeline.map((t) => (t.refs as { milestone: number }).milestone)).toEqual([50, 90, 99, 100]);
    const acked = await api.request('GET', `${revocationUrl}/deliveries?state=acknowledged`, { token });
    expect(acked.body.items.map((d: { deviceId: string }) => d.deviceId).sort()).toEqual(devices.map((d) => d.id).sort());
    stream.close();
  });

  it('acks are idempotent, and refuse a revision ahead of the current one or a malformed body', async () => {
    const current = (await prisma.revision.findUniqueOrThrow({ where: { id: 1 } })).rev;
    const again = await api.request('POST', '/v1/device/acks', { token: devices[1].credential, body: { rev: Number(current) } });
    expect(again.status).toBe(200);
    expect(again.body.acknowledged).toBe(0);
    const ahead = await api.request('POST', '/v1/device/acks', { token: devices[1].credential, body: { rev: Number(current) + 1000 } });
    expect(ahead.status).toBe(409);
    for (const body of [{}, { rev: -1 }, { rev: 'x' }, { rev: 1, deviceId: devices[2].id }]) {
      expect((await api.request('POST', '/v1/device/acks', { token: devices[1].credential, body })).status).toBe(400);
    }
    expect((await api.request('POST', '/v1/device/acks', { token: await api.adminToken(), body: { rev: 1 } })).status).toBe(403);
  });

  it('resumes with Last-Event-ID, and a second stream for a device replaces the first', async () => {
    const current = (await prisma.revision.findUniqueOrThrow({ where: { id: 1 } })).rev;
    const first = await openStream(baseUrl, devices[2].credential, String(current));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(first.events).toEqual([]); // nothing newer than what it has
    const second = await openStream(baseUrl, devices[2].credential);
    await eventually(() => second.events[0]);
    await eventually(() => first.ended());
    second.close();
    const bad = await api.request('GET', '/v1/device/events', { token: devices[2].credential, headers: { 'last-event-id': 'yesterday' } });
    expect(bad.status).toBe(400);
  });
});
