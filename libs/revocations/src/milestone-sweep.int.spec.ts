import { PrismaClient } from '@killswitch/db';
import type { INestApplicationContext } from '@nestjs/common';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { eventually } from '../../../test/support/eventually';
import { MilestoneSweep } from './milestone-sweep';

/**
 * The database refuses the milestones' write just as a kill's last acks commit (a trigger refusing it for chosen
 * revocations stands in for the blip): the acks still answer and count, and the worker's sweep writes the milestones,
 * once each, when the database takes them again.
 */
describe(MilestoneSweep.name, () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  const refusal = `refuse_milestones_${process.pid}`;

  beforeAll(async () => {
    api = await startTestApi();
    await api.listen();
    worker = await startTestWorker();
    prisma = testPrisma();
    // Set up once: other test files share the database and its revocations, so refusals are rows of this file's own
    // table, not triggers made and dropped (each a lock on every revocation, and a gap between drop and create).
    await prisma.$executeRawUnsafe(`CREATE TABLE ${refusal} (id uuid PRIMARY KEY)`);
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION ${refusal}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM ${refusal} WHERE id = OLD.id) THEN RAISE EXCEPTION 'milestones refused (test fault)'; END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(`CREATE TRIGGER ${refusal} BEFORE UPDATE OF milestones ON revocations FOR EACH ROW EXECUTE FUNCTION ${refusal}()`);
  }, 60_000);
  afterAll(async () => {
    await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${refusal} ON revocations`);
    await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${refusal}()`);
    await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS ${refusal}`);
    await worker.close();
    await api.close();
    await prisma.$disconnect();
  });

  /** The milestones' write refused for these revocations only, from now on. */
  const refuseMilestones = async (revocationIds: string[]) => {
    await prisma.$executeRawUnsafe(`DELETE FROM ${refusal}`);
    for (const id of revocationIds) await prisma.$executeRawUnsafe(`INSERT INTO ${refusal} VALUES ('${id}'::uuid)`);
  };
  const milestoneMessages = async (revocationId: string) =>
    (
      await prisma.$queryRaw<{ milestone: number }[]>`
        SELECT (payload->>'milestone')::int AS milestone FROM outbox
        WHERE topic = 'revocation.milestone' AND payload->>'revocationId' = ${revocationId} ORDER BY 1`
    ).map((row) => row.milestone);
  /**
   * A sweep over the shared database: another file's revocation may fail in it at that moment (its error names it),
   * which is not this test's concern; this file's may not.
   */
  const sweepOurs = async (ours: string[]) => {
    try {
      return await worker.get(MilestoneSweep).sweep();
    } catch (error) {
      for (const id of ours) expect((error as Error).message).not.toContain(id);
      return undefined;
    }
  };

  /** A vendor with `count` devices and a kill of it under an incident, fanned out. */
  const killedFleet = async (count: number) => {
    const v: SeededVendor = await seedVendor(api);
    const devices: EnrolledDevice[] = await Promise.all(
      Array.from({ length: count }, () =>
        enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] }),
      ),
    );
    const token = await api.adminToken();
    const incident = await prisma.incident.create({ data: { title: 'milestones after a blip', severity: 'SEV2', reportedAt: new Date() } });
    const kill = await api.request('POST', '/v1/kill-switches', {
      token,
      body: { scope: { vendor: v.vendor }, reason: 'milestones after a blip', incidentId: incident.id },
    });
    expect(kill.status).toBe(201);
    const url = `/v1/revocations/${kill.body.revocationId}`;
    await eventually(async () => (await api.request('GET', url, { token })).body.fannedOutAt);
    return { id: kill.body.revocationId as string, url, rev: kill.body.revision as number, devices, token, incidentId: incident.id };
  };
  const timelineMilestones = async (incidentId: string) =>
    (await prisma.timelineEntry.findMany({ where: { incidentId, type: 'revocation_milestone' }, orderBy: { id: 'asc' } })).map(
      (entry) => (entry.refs as { milestone: number }).milestone,
    );

  it('acks count while the milestones cannot be written, and the sweep writes each once afterwards, one refusal not holding up the others', async () => {
    // Made first, the first sorts first (uuid v7), so a sweep that stopped at its refusal would never reach the second.
    const first = await killedFleet(4);
    const second = await killedFleet(2);
    await refuseMilestones([first.id, second.id]);

    for (const { devices, rev } of [first, second]) {
      const answers = await Promise.all(devices.map((d) => api.request('POST', '/v1/device/acks', { token: d.credential, body: { rev } })));
      expect(answers.map((a) => [a.status, a.body.acknowledged])).toEqual(devices.map(() => [200, 1]));
    }
    for (const { url, token, devices, incidentId } of [first, second]) {
      const refused = await api.request('GET', url, { token });
      expect(refused.body).toMatchObject({ progress: 1, milestones: [], completedAt: null });
      expect(refused.body.counts.acknowledged).toBe(devices.length);
      expect(await timelineMilestones(incidentId)).toEqual([]);
    }

    // Still refused for the first: the sweep writes the second's, and says which it could not write.
    await refuseMilestones([first.id]);
    await expect(worker.get(MilestoneSweep).sweep()).rejects.toThrow(`revocation ${first.id}: `);
    expect(await milestoneMessages(first.id)).toEqual([]);
    expect(await milestoneMessages(second.id)).toEqual([50, 90, 99, 100]);
    expect(await timelineMilestones(second.incidentId)).toEqual([50, 90, 99, 100]);

    // Taken again: two sweeps at once (as two workers) write the first's, each milestone once.
    await refuseMilestones([]);
    await Promise.all([sweepOurs([first.id, second.id]), sweepOurs([first.id, second.id])]);
    for (const { id, url, token, incidentId } of [first, second]) {
      const done = await api.request('GET', url, { token });
      expect(done.body).toMatchObject({ progress: 1, milestones: [50, 90, 99, 100] });
      expect(done.body.completedAt).not.toBeNull();
      expect(await milestoneMessages(id)).toEqual([50, 90, 99, 100]);
      expect(await timelineMilestones(incidentId)).toEqual([50, 90, 99, 100]);
    }
  });
});
