import { Client } from 'pg';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { SeededVendor, seedVendor } from '../../../test/support/fleet';
import { CliSandbox } from '../test/cli-harness';

// Each test spawns several CLI processes: slower than the default allows on a busy machine.
jest.setTimeout(90_000);

describe('killswitch audit (CLI against a real API)', () => {
  let cli: CliSandbox;
  beforeAll(() => {
    cli = new CliSandbox();
  });
  afterAll(() => cli.remove());

  describe('on the run database', () => {
    let api: TestApi;
    let env: Record<string, string>;
    let v: SeededVendor;
    let killId: string;

    beforeAll(async () => {
      api = await startTestApi();
      const url = await api.listen();
      v = await seedVendor(api);
      env = { KILLSWITCH_URL: url, KILLSWITCH_TOKEN: (await api.userWith('responder')).token };
      killId = (await cli.json(['kill', '--vendor', v.vendor, '--reason', 'audit me'], { env })).id;
    });
    afterAll(() => api.close());

    it('verifies the chain: exit 0 and the number of entries', async () => {
      const verdict = await cli.json(['audit', 'verify'], { env });
      expect(verdict).toMatchObject({ ok: true, entries: expect.any(Number) });
      expect(verdict.entries).toBeGreaterThan(0);
      const human = await cli.run(['audit', 'verify'], { env });
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^audit chain intact: \d+ entries verified/);
    });

    it('lists entries by action and target', async () => {
      const page = await cli.json(['audit', 'list', '--action', 'kill-switch.create', '--target-type', 'kill-switch', '--target', killId], { env });
      expect(page.items).toEqual([expect.objectContaining({ action: 'kill-switch.create', targetId: killId, reason: 'audit me', outcome: 'ok' })]);
      const human = await cli.run(['audit', 'list', '--target', killId], { env });
      expect(human.stdout).toMatch(/^SEQ\s+AT\s+ACTOR\s+ACTION/);
      expect(human.stdout).toContain(`kill-switch:${killId}`);
      const refused = await cli.json(['audit', 'list', '--outcome', 'refused', '--from', new Date(Date.now() - 3_600_000).toISOString(), '--limit', '5'], {
        env,
      });
      expect(refused.items.every((e: { outcome: string }) => e.outcome === 'refused')).toBe(true);
    });
  });

  describe('on a database whose chain was tampered with', () => {
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
    let api: TestApi;
    let env: Record<string, string>;

    beforeAll(async () => {
      scratch = await createScratchDatabase();
      api = await startTestApi({ DATABASE_URL: scratch.url });
      const url = await api.listen();
      env = { KILLSWITCH_URL: url, KILLSWITCH_TOKEN: (await api.userWith('auditor')).token };
    });
    afterAll(async () => {
      await api.close();
      await scratch.drop();
    });

    it('exits 1 and names the first broken entry', async () => {
      expect((await cli.run(['audit', 'verify'], { env })).code).toBe(0);
      const db = new Client({ connectionString: scratch.url });
      await db.connect();
      try {
        // The table refuses UPDATE through a trigger: someone holding the database can still switch it off.
        await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
        await db.query(`UPDATE audit_log SET reason = 'rewritten' WHERE seq = (SELECT min(seq) FROM audit_log)`);
      } finally {
        await db.end();
      }
      // An entry older than the last verification is found by a walk from genesis.
      const run = await cli.run(['audit', 'verify', '--full'], { env });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^audit chain BROKEN: 0 entries verified before the first broken one\n\s+seq 1: .+\(hash-mismatch\)/);
      expect(run.stderr).toContain('the audit chain does not verify');
      // Once the chain is found broken, every verification walks it from genesis again.
      const json = await cli.run(['audit', 'verify', '--json'], { env });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { seq: '1' } });
    });
  });
});
