import type { INestApplicationContext } from '@nestjs/common';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigningKeysService } from '@killswitch/snapshots';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { FleetReport, FleetSim, enrollFleet, fetchCatalogue, textSummary } from '@killswitch/fleet-sim';
import { main } from './cli';

async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, deadlineMs = 20_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('condition not reached before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`${FleetSim.name} (integration)`, () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let url: string;
  let token: string;

  beforeAll(async () => {
    api = await startTestApi();
    url = await api.listen();
    worker = await startTestWorker();
    token = await api.adminToken();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  async function kill(vendor: string) {
    const response = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor }, reason: 'fleet-sim test' } });
    expect(response.status).toBe(201);
    return response.body as { id: string; revision: number; revocationId: string; affectedDevices: number };
  }

  async function revocation(id: string) {
    return (await api.request('GET', `/v1/revocations/${id}`, { token })).body as { target: number; counts: { acknowledged: number } };
  }

  it('50 devices of two vendors, polling and streaming from two source addresses: every device gets the kills and acks them, and the report says so', async () => {
    const a = await seedVendor(api);
    const b = await seedVendor(api, 'acme');
    const catalogue = await fetchCatalogue(url, token, [a.vendor, b.vendor]);
    const fleet = await enrollFleet(url, token, 50, catalogue, { seed: 42 });
    const sim = new FleetSim({
      url,
      devices: fleet.devices,
      pinnedJwks: fleet.pinnedJwks,
      mode: 'both',
      intervalMs: 1_000,
      jitter: 0.2,
      rampMs: 500,
      localAddresses: ['127.0.0.2', '127.0.0.3'],
    });
    await sim.start();
    let report: FleetReport;
    let killA: Awaited<ReturnType<typeof kill>>;
    let killB: Awaited<ReturnType<typeof kill>>;
    const references = new Map<number, number>();
    try {
      await eventually(() => sim.snapshot().withSnapshot === 50 && sim.snapshot().streamsOpen === 50);

      const atA = Date.now();
      killA = await kill(a.vendor);
      references.set(killA.revision, atA);
      // Every device linked to vendor A acknowledges the kill (or a later revision).
      await eventually(async () => {
        const progress = await revocation(killA.revocationId);
        return progress.target > 0 && progress.counts.acknowledged === progress.target;
      });
      const atB = Date.now();
      killB = await kill(b.vendor);
      references.set(killB.revision, atB);
      const targetB = await eventually(async () => {
        const progress = await revocation(killB.revocationId);
        return progress.target > 0 && progress.counts.acknowledged === progress.target && progress.target;
      });
      // The server counts an ack before the device reads the answer to it: wait until the simulator has read them all too.
      await eventually(
        () => sim.snapshot().reached(killB.revision) >= targetB && sim.snapshot().acked(killB.revision) === sim.snapshot().reached(killB.revision),
      );
      // Each device links A or B (or both), so every one of them now holds killA's revision or later, and acked it.
      await eventually(() => sim.snapshot().reached(killA.revision) === 50 && sim.snapshot().acked(killA.revision) === 50);
    } finally {
      report = await sim.stop({ byRev: references });
    }
    const targets = (await revocation(killA.revocationId)).target + (await revocation(killB.revocationId)).target;
    expect(targets).toBeGreaterThanOrEqual(50);
    expect(targets).toBeLessThan(100); // a third of the fleet links both vendors

    expect(report.devices).toMatchObject({ total: 50, withSnapshot: 50, expired: 0 });
    expect(report.refused).toEqual({});
    expect(Object.keys(report.streamsByLocalAddress).sort()).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(report.streamsByLocalAddress['127.0.0.2']).toBeGreaterThanOrEqual(25);
    expect(report.streamsByLocalAddress['127.0.0.3']).toBeGreaterThanOrEqual(25);

    // The first revision at or after kill A: reached and acknowledged by all 50 devices.
    const afterA = report.revisions.filter((r) => r.rev >= killA.revision);
    expect(afterA[0]).toMatchObject({ reached: 50, acked: 50 });
    const killAEntry = report.revisions.find((r) => r.rev === killA.revision);
    expect(killAEntry).toMatchObject({ referenceSource: 'kill-switch', reference: new Date(references.get(killA.revision) as number).toISOString() });
    expect(killAEntry?.applied).toBeGreaterThan(0);
    expect(killAEntry?.delayMs?.p50).toBeGreaterThanOrEqual(0);
    expect(killAEntry?.delayMs?.p99).toBeLessThan(20_000);
    // ... and the devices linked to B hold kill B's revision or later.
    const afterB = report.revisions.filter((r) => r.rev >= killB.revision);
    expect(afterB[0].reached).toBe((await revocation(killB.revocationId)).target);
    expect(afterB[0].acked).toBe(afterB[0].reached);
    expect(report.revisions.reduce((sum, r) => sum + r.viaStream, 0)).toBeGreaterThan(0);
    expect(Object.values(report.finalRevs).reduce((sum, n) => sum + n, 0)).toBe(50);
    expect(report.finalRevs.none).toBeUndefined();

    const summary = textSummary(report);
    expect(summary).toContain('50 devices (both');
    expect(summary).toMatch(new RegExp(`rev ${afterA[0].rev}: applied by \\d+ \\(stream \\d+, poll \\d+\\), reached by 50, acked by 50`));
  }, 60_000);

  it('the command line: enrolls and saves credentials, then runs from the file across a key rotation, and reports a kill made meanwhile', async () => {
    const v = await seedVendor(api);
    const dir = await mkdtemp(join(tmpdir(), 'fleet-sim-'));
    const credentials = join(dir, 'devices.jsonl');
    try {
      const out: string[] = [];
      const err: string[] = [];
      const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, interrupted: new Promise<void>(() => undefined) };
      const common = ['--url', url, '--token', token, '--json', '--jitter', '0', '--ramp', '0.2'];
      const first = await main(
        [...common, '--devices', '5', '--vendors', v.vendor, '--mode', 'poll', '--interval', '0.5', '--duration', '2', '--save-credentials', credentials],
        io,
      );
      expect(err.join('')).toContain('fleet-sim: 5 devices, mode poll');
      expect(first).toBe(0);
      const enrolled = JSON.parse(out.join('')) as FleetReport;
      expect(enrolled.devices).toMatchObject({ total: 5, withSnapshot: 5 });
      expect(enrolled.requests.polls).toBeGreaterThanOrEqual(10);
      expect(enrolled.requests.notModified).toBeGreaterThan(0);
      const lines = (await readFile(credentials, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(5);
      expect(JSON.parse(lines[0]).jwks.keys.length).toBeGreaterThan(0);

      // Two rotations: the key signing now was made after enrollment; the devices trust it through its endorsement.
      const keys = api.app.get(SigningKeysService);
      await keys.rotate();
      const rotated = await keys.rotate();
      expect(JSON.parse(lines[0]).jwks.keys.map((k: { kid: string }) => k.kid)).not.toContain(rotated.current);

      out.length = 0;
      let killed: Awaited<ReturnType<typeof kill>> | undefined;
      const timer = setTimeout(() => void kill(v.vendor).then((k) => (killed = k)), 1_500);
      const second = await main([...common, '--credentials', credentials, '--mode', 'stream', '--duration', '5'], io);
      clearTimeout(timer);
      expect(second).toBe(0);
      const report = JSON.parse(out.join('')) as FleetReport;
      expect(killed).toBeDefined();
      expect(report.refused).toEqual({});
      expect(report.requests.jwksFetches).toBeGreaterThanOrEqual(1);
      expect(report.requests.keysLearned).toBeGreaterThanOrEqual(1);
      const entry = report.revisions.find((r) => r.rev >= (killed as { revision: number }).revision);
      expect(entry).toMatchObject({ reached: 5, acked: 5, viaStream: 5 });
      expect(entry?.referenceSource).toBe(entry?.rev === killed?.revision ? 'kill-switch' : 'first-seen');
      expect(err.join('')).toMatch(/rev \d+: applied by 5 \(stream 5, poll 0\), reached by 5, acked by 5/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
