import { PrismaClient } from '@killswitch/db';
import { Client } from 'pg';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, EnrolledDevice, seedVendor } from '../../../test/support/fleet';
import { eventually } from '../../../test/support/eventually';
import { AcksService } from './acks.service';

/**
 * An ack batch raises the device's ackedRev and commits that before it closes deliveries: a fan-out page written
 * while the batch is still closing then finds the raised ackedRev, and the delivery is born acknowledged. Were the
 * raise committed with the close (one statement), a page committed between the batch's snapshot and its commit
 * would read the old ackedRev, its row unseen by the batch and its reconciliation reading the old ackedRev too:
 * a delivery left open for good. No worker runs here: the test writes the page and the reconciliation as the fan-out
 * does (fanout-pages.ts scopePage, FanoutService.reconcileAcks), in between the batch's steps.
 */
describe(`${AcksService.name} against a fan-out page written meanwhile (integration)`, () => {
  let api: TestApi;
  let prisma: PrismaClient;
  let holder: Client;
  let device: EnrolledDevice;
  let vendor: string;

  beforeAll(async () => {
    api = await startTestApi();
    prisma = testPrisma();
    holder = new Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    const v = await seedVendor(api);
    vendor = v.vendor;
    device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
  }, 60_000);
  afterAll(async () => {
    await holder.end();
    await api.close();
    await prisma.$disconnect();
  });

  it("leaves no delivery open when a page is written while the batch closes the device's older deliveries", async () => {
    const token = await api.adminToken();
    const kill = async (reason: string) => (await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor }, reason } })).body;
    const older = await kill('older');
    const newer = await kill('newer');
    // The older kill's page is written: the device has an open delivery of it.
    await prisma.$executeRaw`
      INSERT INTO deliveries ("revocationId", "deviceId", rev, state, "queuedAt", "updatedAt")
      VALUES (${older.revocationId}::uuid, ${device.id}::uuid, ${older.revision}, 'queued', now(), now())`;

    // The older revocation's row held: the batch waits where it adds to that counter, its deliveries' close under way.
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM revocations WHERE id = $1 FOR UPDATE', [older.revocationId]);
    const acked = api.app.get(AcksService).ack(device.id, newer.revision);
    // Blocked by this row lock, not by any other suite's lock in the shared database.
    await eventually(async () => {
      const { rows } = await holder.query(`SELECT 1 FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))`);
      return rows.length > 0;
    });

    // Meanwhile the newer kill's page commits (born acknowledged if the device's ackedRev already reached it), then its reconciliation.
    await prisma.$executeRaw`
      INSERT INTO deliveries ("revocationId", "deviceId", rev, state, "queuedAt", "updatedAt", "acknowledgedAt")
      SELECT ${newer.revocationId}::uuid, d.id, ${newer.revision},
             CASE WHEN d."ackedRev" >= ${newer.revision} THEN 'acknowledged'::"DeliveryState" ELSE 'queued'::"DeliveryState" END,
             now(), now(), CASE WHEN d."ackedRev" >= ${newer.revision} THEN now() END
      FROM devices d WHERE d.id = ${device.id}::uuid`;
    await prisma.$executeRaw`
      UPDATE deliveries SET state = 'acknowledged', "acknowledgedAt" = now(), "updatedAt" = now()
      WHERE "revocationId" = ${newer.revocationId}::uuid AND state IN ('queued', 'sent', 'failed', 'expired')
        AND "deviceId" IN (SELECT id FROM devices WHERE id = ${device.id}::uuid AND "ackedRev" >= ${newer.revision})`;

    await holder.query('COMMIT');
    await acked;
    const deliveries = await prisma.delivery.findMany({
      where: { deviceId: device.id, revocationId: { in: [older.revocationId, newer.revocationId] } },
      select: { revocationId: true, state: true },
    });
    expect(Object.fromEntries(deliveries.map((d) => [d.revocationId, d.state]))).toEqual({
      [older.revocationId]: 'acknowledged',
      [newer.revocationId]: 'acknowledged',
    });
  });
});
