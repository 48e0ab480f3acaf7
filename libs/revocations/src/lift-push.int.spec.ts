import type { INestApplicationContext } from '@nestjs/common';
import { PrismaClient } from '@killswitch/db';
import { QueueService, RedisService } from '@killswitch/queue';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { EnrolledDevice, enroll, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { DeliveryExpiry } from './delivery-expiry';
import { eventually } from '../../../test/support/eventually';

describe('lift push, cancellations, failed and expired deliveries (with the worker)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    prisma = testPrisma();
    admin = await api.adminToken();
  });
  afterAll(async () => {
    await worker.close().catch(() => undefined);
    await api.close();
    await prisma.$disconnect();
  });

  const kill = async (scope: Record<string, unknown>) => {
    const r = await api.request('POST', '/v1/kill-switches', { token: admin, body: { scope, reason: 'strangers feeds' } });
    expect(r.status).toBe(201);
    return r.body as { id: string; revision: number; revocationId: string };
  };
  const revocation = async (id: string) => (await api.request('GET', `/v1/revocations/${id}`, { token: admin })).body;
  const fannedOut = (id: string) => eventually(async () => (await revocation(id)).fannedOutAt && revocation(id));
  const deviceIdsOf = async (revocationId: string) =>
    (await prisma.delivery.findMany({ where: { revocationId }, select: { deviceId: true } })).map((d) => d.deviceId).sort();

  it('a lift is pushed only to devices whose flags change, and cancels the kill deliveries it overtakes', async () => {
    const v = await seedVendor(api);
    const camera = (vendorFirmware: string) => ({ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware });
    const plug = { integration: v.plug, vendorModel: 'mi-plug', vendorFirmware: '1.2' };
    const enrollMany = (n: number, inventory: object[]) =>
      Promise.all(Array.from({ length: n }, () => enroll(api, { model: 'hub', firmware: '1.0', inventory })));
    const oldCamera = await enrollMany(5, [camera('3.5.1_00.66')]); // stays off: the narrow kill still denies it
    const fixedCamera = await enrollMany(3, [camera('3.5.1_00.68')]); // comes back on
    const oldCameraAndPlug = await enrollMany(2, [camera('3.5.1_00.66'), plug]); // its plug comes back on
    const all = [...oldCamera, ...fixedCamera, ...oldCameraAndPlug];

    const wide = await kill({ vendor: v.vendor });
    await fannedOut(wide.revocationId);
    await eventually(async () => (await revocation(wide.revocationId)).counts.sent === all.length);
    const narrow = await kill({ vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } });
    await fannedOut(narrow.revocationId);

    const [responder, approver] = [await api.userWith('responder'), await api.userWith('approver')];
    const requested = await api.request('POST', `/v1/kill-switches/${wide.id}/lift-requests`, { token: responder.token, body: { reason: 'fixed' } });
    const approved = await api.request('POST', `/v1/lift-requests/${requested.body.id}/approve`, { token: approver.token, body: {} });
    expect(approved.body.state).toBe('completed');
    const liftRevocation = await prisma.revocation.findFirstOrThrow({ where: { killSwitchId: wide.id, kind: 'lift' } });
    const lifted = await fannedOut(liftRevocation.id);

    const changed = [...fixedCamera, ...oldCameraAndPlug].map((d) => d.id).sort();
    expect(await deviceIdsOf(liftRevocation.id)).toEqual(changed);
    expect(lifted.target).toBe(changed.length);
    const wideAfter = await revocation(wide.revocationId);
    expect(wideAfter.counts).toMatchObject({ canceled: all.length, sent: 0, queued: 0 });
    expect(wideAfter.progress).toBe(1); // acknowledged ÷ (target − canceled), nothing left to wait for

    const liftRev = Number(liftRevocation.rev);
    await eventually(async () => (await revocation(liftRevocation.id)).counts.sent === changed.length);
    for (const device of [...fixedCamera, ...oldCameraAndPlug]) {
      expect((await api.request('POST', '/v1/device/acks', { token: device.credential, body: { rev: liftRev } })).status).toBe(200);
    }
    const done = await revocation(liftRevocation.id);
    expect(done).toMatchObject({ progress: 1, milestones: [50, 90, 99, 100] });
    const flags = async (d: EnrolledDevice) => (await api.request('GET', '/v1/device/flags', { token: d.credential })).body.integrations;
    expect((await flags(oldCamera[0]))[v.camera].enabled).toBe(false);
    expect((await flags(fixedCamera[0]))[v.camera].enabled).toBe(true);
    expect(await flags(oldCameraAndPlug[0])).toMatchObject({ [v.camera]: { enabled: false }, [v.plug]: { enabled: true } });
  });

  it('marks deliveries expired when no ack came in time; a late ack still closes them', async () => {
    const v = await seedVendor(api);
    const devices = await Promise.all(
      Array.from({ length: 3 }, () =>
        enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1' }] }),
      ),
    );
    const k = await kill({ vendor: v.vendor });
    await fannedOut(k.revocationId);
    const expiry = worker.get(DeliveryExpiry);
    expect(await expiry.expire(new Date())).toBe(0); // nothing is overdue yet
    const ttl = api.config.DELIVERY_TTL_SEC * 1000;
    expect(await expiry.expire(new Date(Date.now() + ttl + 5000))).toBeGreaterThanOrEqual(devices.length);
    expect((await revocation(k.revocationId)).counts).toMatchObject({ expired: devices.length, sent: 0, queued: 0 });
    await api.request('POST', '/v1/device/acks', { token: devices[0].credential, body: { rev: k.revision } });
    expect((await revocation(k.revocationId)).counts).toMatchObject({ expired: devices.length - 1, acknowledged: 1 });
  });

  // Last: it breaks the worker's Redis connection on purpose.
  it('a delivery job that gives up marks its deliveries failed and stays in the failed set', async () => {
    const v = await seedVendor(api);
    const devices = await Promise.all(
      Array.from({ length: 3 }, () =>
        enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1' }] }),
      ),
    );
    worker.get(RedisService).client.disconnect(); // pushes now fail for real: the connection is closed
    const k = await kill({ vendor: v.vendor });
    await fannedOut(k.revocationId);
    const lastId = devices.map((d) => d.id).sort()[devices.length - 1];
    const queue = worker.get(QueueService).queueOf('revocation.deliver');
    await queue.add(
      'revocation.deliver',
      { revocationId: k.revocationId, rev: String(k.revision), afterId: null, lastId },
      { jobId: `give-up-${k.revocationId}`, attempts: 1 },
    );
    await eventually(async () => (await revocation(k.revocationId)).counts.failed === devices.length);
    const failed = await prisma.delivery.findFirstOrThrow({ where: { revocationId: k.revocationId } });
    expect(failed.lastError).toMatch(/closed/i);
    const failedJobs = await queue.getFailed();
    expect(failedJobs.map((j) => j.id)).toContain(`give-up-${k.revocationId}`);
    await api.request('POST', '/v1/device/acks', { token: devices[1].credential, body: { rev: k.revision } });
    expect((await revocation(k.revocationId)).counts).toMatchObject({ failed: devices.length - 1, acknowledged: 1 });
  });
});
