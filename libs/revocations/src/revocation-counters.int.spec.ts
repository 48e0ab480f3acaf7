// Revocation counters (acknowledged, canceled, target) against the delivery
// rows they summarise, under kills, staged lifts, aborts, expiries and acks in
// random orders, with some devices offline. The real API and worker run
// in-process; commands do not wait for the fan-outs they start, so acks,
// cancellations and fan-out pages overlap as they do in production.
import type { INestApplicationContext } from '@nestjs/common';
import * as fc from 'fast-check';
import { PrismaClient } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { eventually } from '../../../test/support/eventually';
import { EnrolledDevice, enroll, seedVendor } from '../../../test/support/fleet';
import { propertyRuns } from '../../../test/support/property-runs';
import { startTestWorker } from '../../../test/support/worker-harness';
import { DeliveryExpiry } from './delivery-expiry';

const DEVICES = 24;
const RUNS = 15;

type Command =
  | { kind: 'kill'; narrow: boolean }
  | { kind: 'lift'; kill: number; stages: readonly number[] }
  | { kind: 'advance'; kill: number }
  | { kind: 'abort'; kill: number }
  | { kind: 'ack'; devices: boolean[] }
  | { kind: 'expire' };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('kill' as const), narrow: fc.boolean() }),
  fc.record({ kind: fc.constant('lift' as const), kill: fc.nat(3), stages: fc.constantFrom([100], [10, 100], [10, 50, 100], [30, 60, 100]) }),
  fc.record({ kind: fc.constant('advance' as const), kill: fc.nat(3) }),
  fc.record({ kind: fc.constant('abort' as const), kill: fc.nat(3) }),
  fc.record({ kind: fc.constant('ack' as const), devices: fc.array(fc.boolean(), { minLength: DEVICES, maxLength: DEVICES }) }),
  fc.record({ kind: fc.constant('expire' as const) }),
);

/** A scenario: which devices never come online, and the commands in order (kills first weighted in by the arbitrary). */
const scenario = fc.record({
  offline: fc.array(fc.boolean(), { minLength: DEVICES, maxLength: DEVICES }),
  commands: fc.array(command, { minLength: 3, maxLength: 9 }),
});

describe('revocation counters (property: they always equal the delivery rows)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  let admin: string;
  let responder: { token: string };
  let approver: { token: string };

  beforeAll(async () => {
    // Small fan-out pages: a kill of a few dozen devices spans several pages and delivery jobs.
    api = await startTestApi({ FANOUT_PAGE_SIZE: '10' });
    worker = await startTestWorker({ FANOUT_PAGE_SIZE: '10' });
    prisma = testPrisma();
    admin = await api.adminToken();
    responder = await api.userWith('responder');
    approver = await api.userWith('approver');
  }, 60_000);
  afterAll(async () => {
    await worker?.close().catch(() => undefined);
    await api?.close();
    await prisma?.$disconnect();
  });

  /** Runs one scenario on a vendor and devices of its own; returns the kills it made. */
  async function play(offline: boolean[], commands: Command[]): Promise<{ killIds: string[]; incidentId: string }> {
    const v = await seedVendor(api, 'counters');
    const incident = await api.request('POST', '/v1/incidents', { token: admin, body: { title: 'counters', severity: 'SEV2' } });
    const incidentId = incident.body.id as string;
    const devices: EnrolledDevice[] = await Promise.all(
      Array.from({ length: DEVICES }, (_, i) =>
        enroll(api, {
          model: 'hub',
          firmware: '1.0',
          inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: i % 2 ? '3.5.1_00.66' : '3.5.1_00.68' }],
        }),
      ),
    );
    const kills: { id: string; liftRequestId?: string }[] = [];
    const pending: Promise<unknown>[] = [];
    for (const c of commands) {
      switch (c.kind) {
        case 'kill': {
          const scope = c.narrow ? { vendor: v.vendor, integration: v.camera, vendorFirmware: { lt: '3.5.1_00.68' } } : { vendor: v.vendor };
          const r = await api.request('POST', '/v1/kill-switches', { token: admin, body: { scope, reason: 'counters', incidentId } });
          expect(r.status).toBe(201);
          kills.push({ id: r.body.id });
          break;
        }
        case 'lift': {
          const kill = kills[c.kill % Math.max(kills.length, 1)];
          if (!kill) break;
          const requested = await api.request('POST', `/v1/kill-switches/${kill.id}/lift-requests`, {
            token: responder.token,
            body: { reason: 'fixed', stages: c.stages },
          });
          if (requested.status !== 201) break; // the kill is lifted, or a request is already open
          kill.liftRequestId = requested.body.id;
          expect((await api.request('POST', `/v1/lift-requests/${kill.liftRequestId}/approve`, { token: approver.token, body: {} })).status).toBe(200);
          break;
        }
        case 'advance':
        case 'abort': {
          const kill = kills[c.kill % Math.max(kills.length, 1)];
          if (!kill?.liftRequestId) break;
          const r = await api.request('POST', `/v1/lift-requests/${kill.liftRequestId}/${c.kind}`, { token: responder.token, body: {} });
          expect([200, 409]).toContain(r.status);
          break;
        }
        case 'ack': {
          const rev = Number((await prisma.revision.findUniqueOrThrow({ where: { id: 1 } })).rev);
          // Not awaited here: acks land while the fan-outs of the commands that follow are running.
          devices.forEach((device, i) => {
            if (c.devices[i] && !offline[i]) pending.push(api.request('POST', '/v1/device/acks', { token: device.credential, body: { rev } }));
          });
          break;
        }
        case 'expire':
          pending.push(worker.get(DeliveryExpiry).expire(new Date(Date.now() + 86_400_000 + 1000)));
          break;
      }
    }
    await Promise.all(pending);
    return { killIds: kills.map((k) => k.id), incidentId };
  }

  async function settled(killIds: string[]): Promise<void> {
    await eventually(async () => {
      const open = await prisma.revocation.count({ where: { killSwitchId: { in: killIds }, fannedOutAt: null } });
      const outbox = await prisma.outboxMessage.count({ where: { dispatchedAt: null } });
      return open === 0 && outbox === 0;
    }, 60_000);
  }

  it('every revocation’s counters equal a GROUP BY over its deliveries, and progress never passes 100 %', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ offline, commands }) => {
        const { killIds, incidentId } = await play(offline, commands);
        await settled(killIds);
        const revocations = await prisma.revocation.findMany({ where: { killSwitchId: { in: killIds } } });
        for (const r of revocations) {
          const rows = await prisma.$queryRaw<{ state: string; n: number }[]>`
            SELECT state::text AS state, count(*)::int AS n FROM deliveries WHERE "revocationId" = ${r.id}::uuid GROUP BY state`;
          const count = (state: string) => rows.find((row) => row.state === state)?.n ?? 0;
          const total = rows.reduce((sum, row) => sum + row.n, 0);
          const what = `revocation ${r.id} (${r.kind}, buckets ${r.bucketFrom ?? '-'}..${r.bucketTo ?? '-'})`;
          expect({ what, acknowledged: r.acknowledged, canceled: r.canceled, target: r.target }).toEqual({
            what,
            acknowledged: count('acknowledged'),
            canceled: count('canceled'),
            target: total,
          });
          expect(r.acknowledged).toBeLessThanOrEqual(r.target - r.canceled);
          const view = (await api.request('GET', `/v1/revocations/${r.id}`, { token: admin })).body;
          expect(view.progress).toBeLessThanOrEqual(1);
        }
        // The incident timeline's milestones never claim more devices than were waited for ("206 of 204").
        const milestones = await prisma.timelineEntry.findMany({ where: { incidentId, type: 'revocation_milestone' }, select: { body: true } });
        for (const { body } of milestones) {
          const [, acknowledged, of] = /\((\d+) of (\d+)\)/.exec(body) ?? [];
          expect({ body, over: Number(acknowledged) > Number(of) }).toEqual({ body, over: false });
        }
      }),
      propertyRuns('revocation counters', RUNS),
    );
  }, 600_000);
});
