// A database that goes back in time beside a Redis that does not: restored
// from a backup, a replica promoted after it lagged, or a new database with the
// same queue prefix. Its outbox sequence counts again from where the snapshot
// was, while Redis still holds the jobs (completed jobs stay a day) the first
// lifetime relayed; no later kill may be lost to a job id Redis already holds.
//
// "Restore" is CREATE DATABASE … TEMPLATE of a snapshot taken earlier, all on
// databases of this suite's own.
import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { enroll, seedVendor } from '../../../test/support/fleet';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { startTestWorker } from '../../../test/support/worker-harness';
import { OutboxRelay } from './outbox-relay.service';

const DEVICES = 30;
const KILLS = 3;

describe(`${OutboxRelay.name} across database lifetimes`, () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let admin: Client;
  const made: string[] = [];
  const exportDir = mkdtempSync(path.join(tmpdir(), 'killswitch-restore-'));
  // One prefix for both lifetimes: the Redis side remembers what the first one relayed.
  const prefix = `${process.env.KILLSWITCH_QUEUE_PREFIX}-restore-${randomBytes(3).toString('hex')}`;
  let running: { api: TestApi; worker: INestApplicationContext } | undefined;

  const databaseUrl = (name: string) => {
    const url = new URL(scratch.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const start = async (name: string) => {
    const env = { DATABASE_URL: databaseUrl(name), KILLSWITCH_QUEUE_PREFIX: prefix, AUDIT_CHECKPOINT_DIR: exportDir };
    running = { api: await startTestApi(env), worker: await startTestWorker(env) };
    return running.api;
  };
  const stop = async () => {
    await running?.worker.close();
    await running?.api.close();
    running = undefined;
  };
  const copy = async (from: string, to: string) => {
    await admin.query(`CREATE DATABASE "${to}" TEMPLATE "${from}"`);
    made.push(to);
  };
  /** Kills the vendor, and waits for the kill to reach every device: a delivery each, pushed. */
  const killReachesEveryDevice = async (api: TestApi, vendor: string) => {
    const token = await api.adminToken();
    const kill = await api.request('POST', '/v1/kill-switches', { token, body: { scope: { vendor }, reason: 'restore' } });
    expect(kill.status).toBe(201);
    expect(kill.body.affectedDevices).toBe(DEVICES);
    const view = await eventually(async () => {
      const r = (await api.request('GET', `/v1/revocations/${kill.body.revocationId}`, { token })).body;
      return r.fannedOutAt && r.counts.sent === DEVICES && r;
    }, 30_000);
    expect(view.counts).toMatchObject({ queued: 0, sent: DEVICES });
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    await stop().catch(() => undefined);
    for (const name of made) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin?.end();
    await scratch?.drop();
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('every kill made after a restore reaches every device, though Redis kept the jobs of the first lifetime', async () => {
    const original = new URL(scratch.url).pathname.slice(1);
    const api = await start(original);
    const { vendor, camera } = await seedVendor(api, 'restore');
    for (let i = 0; i < DEVICES; i++) {
      await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }] });
    }
    await stop(); // a template must have no connections
    await copy(original, `${original}_snap`);

    // The first lifetime goes on: its kills' outbox rows are relayed, and their jobs complete and stay in Redis.
    const first = await start(original);
    for (let i = 0; i < KILLS; i++) await killReachesEveryDevice(first, vendor);
    await stop();

    // Back in time: the snapshot, restored, beside the same Redis and prefix.
    await copy(`${original}_snap`, `${original}_restored`);
    const restored = await start(`${original}_restored`);
    for (let i = 0; i < KILLS; i++) await killReachesEveryDevice(restored, vendor);
  }, 300_000);
});
