import { PrismaClient } from '@killswitch/db';
import type { INestApplicationContext } from '@nestjs/common';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { testPrisma } from '../../../test/support/db';
import { enroll, EnrolledDevice, SeededVendor, seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { eventually } from '../../../test/support/eventually';

/** Acks arrive together from a whole fleet and are written in batches: the counts must still be exact. */
describe('batched acknowledgements (integration)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let prisma: PrismaClient;
  let devices: EnrolledDevice[];
  let v: SeededVendor;

  beforeAll(async () => {
    api = await startTestApi();
    await api.listen();
    worker = await startTestWorker();
    prisma = testPrisma();
    v = await seedVendor(api);
    devices = [];
    for (let i = 0; i < 40; i += 10) {
      devices.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, () =>
            enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] }),
          ),
        )),
      );
    }
  }, 120_000); // an API, a worker and 40 enrollments: once in CI this took more than the default 30 s
  afterAll(async () => {
    await worker.close();
    await api.close();
    await prisma.$disconnect();
  });

  it('counts each device once when many acks, repeats and one ahead of the revision arrive at once', async () => {
    const token = await api.adminToken();
    const kill = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor: v.vendor }, reason: 'batched acks' } });
    expect(kill.status).toBe(201);
    const rev = kill.body.revision as number;
    const revocationUrl = `/v1/revocations/${kill.body.revocationId}`;
    await eventually(async () => (await api.request('GET', revocationUrl, { token })).body.fannedOutAt);

    // As a device does (and the SDK): a 503 says "busy, nothing was changed, retry" and is retried.
    const ack = async (device: EnrolledDevice, body: unknown) => {
      for (let attempt = 1; ; attempt++) {
        const answer = await api.request('POST', '/v1/device/acks', { token: device.credential, body });
        if (answer.status !== 503 || attempt === 5) return answer;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    };
    // Every device acks twice at once; the first device also sends one ack ahead of the revision.
    const [ahead, ...answers] = await Promise.all([ack(devices[0], { rev: rev + 1000 }), ...devices.flatMap((d) => [ack(d, { rev }), ack(d, { rev })])]);

    expect(ahead.status).toBe(409);
    expect(ahead.body.message).toContain('ahead of the current revision');
    // every refused or odd answer, named (none expected)
    expect(answers.filter((a) => a.status !== 200 || a.body.rev !== rev).map((a) => ({ status: a.status, body: a.body }))).toEqual([]);
    for (let i = 0; i < devices.length; i++) {
      // One of each device's two acks closed its delivery, the other found nothing left to close.
      expect([answers[2 * i].body.acknowledged, answers[2 * i + 1].body.acknowledged].sort()).toEqual([0, 1]);
    }
    const done = await api.request('GET', revocationUrl, { token });
    expect(done.body).toMatchObject({ target: devices.length, progress: 1, milestones: [50, 90, 99, 100] });
    expect(done.body.counts).toMatchObject({ acknowledged: devices.length, queued: 0, sent: 0 });
    const acked = await prisma.device.findMany({ where: { id: { in: devices.map((d) => d.id) } }, select: { ackedRev: true } });
    expect(acked.every((d) => Number(d.ackedRev) === rev)).toBe(true);

    // Repeating every ack later changes nothing.
    const repeats = await Promise.all(devices.map((d) => ack(d, { rev })));
    expect(repeats.map((r) => r.body.acknowledged)).toEqual(devices.map(() => 0));
    expect((await api.request('GET', revocationUrl, { token })).body.counts.acknowledged).toBe(devices.length);
  });
});
