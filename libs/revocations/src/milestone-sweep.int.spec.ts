import { PrismaClient } from '@killswitch/db';
import type { INestApplicationContext } from '@nestjs/common';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { eventually } from '../../../test/support/eventually';
import { MilestoneSweep } from './milestone-sweep';

/**
 * The database refuses the milestones' write just as a kill's last acks commit (a trigger on these revocations' rows
 * stands in for the blip): the acks still answer and count, and the worker's sweep writes the milestones, once each,
 * when the database takes them again.
 */
describe('milestones an ack batch could not write (integration)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  const trigger = `refuse_milestones_${process.pid}`;

  beforeAll(async () => {
    api = await startTestApi();
    await api.listen();
    worker = await startTestWorker();
    prisma = testPrisma();
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'milestones refused (test fault)'; END $$`);
  }, 60_000);
  afterAll(async () => {
    await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON revocations`);
    await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${trigger}()`);
    await worker.close();
    await api.close();
    await prisma.$disconnect();
  });

  /** The milestones' write refused for these revocations only: other test files share the database. */
  const refuseMilestones = async (revocationIds: string[]) => {
    await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON revocations`);
    if (revocationIds.length === 0) return;
    const ids = revocationIds.map((id) => `'${id}'::uuid`).join(', ');
    await prisma.$executeRawUnsafe(`
      CREATE TRIGGER ${trigger} BEFORE UPDATE OF milestones ON revocations
      FOR EACH ROW WHEN (OLD.id IN (${ids})) EXECUTE FUNCTION ${trigger}()`);
  };
  const milestoneMessages = async (revocationId: string) =>
    (
      await prisma.$queryRaw<{ milestone: number }[]>`
        SELECT (payload->>'milestone')::int AS milestone FROM outbox
        WHERE topic = 'revocation.milestone' AND payload->>'revocationId' = ${revocationId} ORDER BY 1`
    ).map((row) => row.milestone);

  /** A vendor with `count` devices and a kill of it, fanned out: its revocation and the devices. */
  const killedFleet = async (count: number) => {
    const v: SeededVendor = await seedVendor(api);
    const devices: EnrolledDevice[] = await Promise.all(
      Array.from({ length: count }, () =>
        enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] }),
      ),
    );
    const token = await api.adminToken();
    const kill = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor }, reason: 'milestones after a blip' } });
    expect(kill.status).toBe(201);
    const url = `/v1/revocations/${kill.body.revocationId}`;
    await eventually(async () => (await api.request('GET', url, { token })).body.fannedOutAt);
    return { id: kill.body.revocationId as string, url, rev: kill.body.revision as number, devices, token };
  };

  it('acks count while the milestones cannot be written, and the sweep writes each once afterwards, one refusal not holding up the others', async () => {
    const first = await killedFleet(4);
    const second = await killedFleet(2);
    await refuseMilestones([first.id, second.id]);

    for (const { devices, rev } of [first, second]) {
      const answers = await Promise.all(devices.map((d) => api.request('POST', '/v1/device/acks', { token: d.credential, body: { rev } })));
      expect(answers.map((a) => [a.status, a.body.acknowledged])).toEqual(devices.map(() => [200, 1]));
    }
    for (const { url, token, devices } of [first, second]) {
      const refused = await api.request('GET', url, { token });
      expect(refused.body).toMatchObject({ progress: 1, milestones: [], completedAt: null });
      expect(refused.body.counts.acknowledged).toBe(devices.length);
    }

    // Still refused for the first: the sweep writes the second's and says which it could not write.
    await refuseMilestones([first.id]);
    await expect(worker.get(MilestoneSweep).sweep()).rejects.toThrow(`revocation ${first.id}: `);
    expect(await milestoneMessages(first.id)).toEqual([]);
    expect(await milestoneMessages(second.id)).toEqual([50, 90, 99, 100]);

    await refuseMilestones([]);
    await worker.get(MilestoneSweep).sweep();
    for (const { id, url, token } of [first, second]) {
      const done = await api.request('GET', url, { token });
      expect(done.body).toMatchObject({ progress: 1, milestones: [50, 90, 99, 100] });
      expect(done.body.completedAt).not.toBeNull();
      expect(await milestoneMessages(id)).toEqual([50, 90, 99, 100]);
    }

    // Again, and two at once (as two workers): nothing more.
    await Promise.all([worker.get(MilestoneSweep).sweep(), worker.get(MilestoneSweep).sweep()]);
    for (const { id } of [first, second]) expect(await milestoneMessages(id)).toEqual([50, 90, 99, 100]);
  });
});
