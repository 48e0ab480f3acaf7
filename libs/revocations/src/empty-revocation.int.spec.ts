import { PrismaClient } from '@killswitch/db';
import type { INestApplicationContext } from '@nestjs/common';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { eventually } from '../../../test/support/eventually';
import { seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { ProgressService } from './progress.service';

/**
 * A kill that matches no device has nobody to tell: it is complete at once, and the incident's timeline says so in
 * one entry, not four milestones of "0 of 0" (the red team's incident held 109 of them among 162 entries).
 */
describe(`${ProgressService.name}: a revocation with no device`, () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    prisma = testPrisma();
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await prisma.$disconnect();
  });

  it('completes at once with one timeline entry and one webhook event saying no device had to acknowledge it', async () => {
    const admin = await api.adminToken();
    const { vendor, camera } = await seedVendor(api, 'nobody-enrolled');
    const incident = await api.request('POST', '/v1/incidents', { token: admin, body: { title: 'A kill of nothing', severity: 'SEV3' } });
    expect(incident.status).toBe(201);
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: admin,
      body: { scope: { vendor, integration: camera }, reason: 'no device enrolled yet', incidentId: incident.body.id },
    });
    expect(kill.status).toBe(201);
    expect(kill.body.affectedDevices).toBe(0);

    const revocation = await eventually(async () => {
      const row = await prisma.revocation.findUniqueOrThrow({ where: { id: kill.body.revocationId } });
      return row.completedAt ? row : undefined;
    });
    expect([...revocation.milestones].sort((a, b) => a - b)).toEqual([50, 90, 99, 100]);

    const entries = await prisma.timelineEntry.findMany({ where: { incidentId: incident.body.id, type: 'revocation_milestone' } });
    expect(entries.map((e) => e.body)).toEqual([`No device had to acknowledge the kill of ${camera}: it changed no device's answer (0 of 0)`]);
    const events = await prisma.outboxMessage.findMany({ where: { topic: 'revocation.milestone' } });
    const ours = events.map((e) => e.payload as { revocationId: string; milestone: number; target: number }).filter((p) => p.revocationId === revocation.id);
    expect(ours).toEqual([expect.objectContaining({ milestone: 100, target: 0 })]);
  });
});
