import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { startTestApi, TestApi } from './support/api-harness';
import { eventually } from './support/eventually';
import { enroll, EnrolledDevice, seedVendor } from './support/fleet';
import { OwnPostgres, startOwnPostgres, startOwnStandby } from './support/own-servers';
import { appEnv, run } from './support/processes';

const PROCESS = 'replica-api';
const POOL_MAX = 5;
/** Short, so that "stale only within the bound" is seen in a test's time. */
const MAX_LAG_MS = 3_000;

async function sql<T>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The standby has replayed everything the primary had committed when this was asked (flushed: an insert position may sit past a page header). */
async function caughtUp(primaryUrl: string, standbyUrl: string): Promise<void> {
  const [{ lsn }] = await sql<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_flush_lsn()::text AS lsn');
  await eventually(async () => (await sql<{ ok: boolean }>(standbyUrl, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS ok`))[0].ok, 30_000);
}

/** killswitch_db_replica_reads_total summed by kind and by where the read was served. */
async function replicaReads(api: TestApi): Promise<Record<'stale' | 'device', Record<'replica' | 'primary', number>>> {
  const text = (await api.request('GET', '/metrics')).text;
  const sums = { stale: { replica: 0, primary: 0 }, device: { replica: 0, primary: 0 } };
  for (const line of text.split('\n')) {
    const match = /^killswitch_db_replica_reads_total\{read="(stale|device)",served="(replica|primary)",reason="\w+"\} (\d+)/.exec(line);
    if (match) sums[match[1] as 'stale' | 'device'][match[2] as 'replica' | 'primary'] += Number(match[3]);
  }
  return sums;
}

/** Connections by application_name on a server's killswitch database. */
async function connections(adminUrl: string): Promise<Record<string, number>> {
  const rows = await sql<{ name: string; n: number }>(
    adminUrl,
    `SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity WHERE datname = 'killswitch' GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}

/** Every admin list that may read the replica; an incident's timeline is added once the incident exists. */
const LISTS = [
  '/v1/vendors',
  '/v1/integrations',
  '/v1/devices',
  '/v1/kill-switches',
  '/v1/audit',
  '/v1/users',
  '/v1/api-tokens',
  '/v1/lift-requests',
  '/v1/incidents',
  '/v1/proposals',
  '/v1/auto-kill-policies',
  '/v1/webhooks',
];

/** Every admin list, each answered 200. */
async function readLists(api: TestApi): Promise<void> {
  const token = await api.adminToken();
  for (const url of LISTS) {
    const response = await api.request('GET', url, { token });
    if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${response.text}`);
  }
}

const poll = (api: TestApi, credential: string) => api.request('GET', '/v1/device/flags', { token: credential });

/**
 * The API with DATABASE_REPLICA_URL on a real streaming replica that the test
 * starts itself (pg_basebackup from its own primary): which reads it serves,
 * and that lag and outages of the replica never let a revoked credential in,
 * never refuse a new device, and never fail a read.
 */
describe('read replica (a real streaming standby)', () => {
  let primary: OwnPostgres;
  let standby: OwnPostgres;
  let primaryUrl: string;
  let standbyUrl: string;
  let env: Record<string, string>;
  let api: TestApi;
  let checkpointDir: string;
  let vendor: { vendor: string; camera: string };
  let device: EnrolledDevice;
  const inventory = () => [{ integration: vendor.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }];
  const newDevice = () => enroll(api, { model: 'hub', firmware: '1.0', inventory: inventory() });

  beforeAll(async () => {
    primary = await startOwnPostgres();
    standby = await startOwnStandby(primary);
    primaryUrl = primary.adminUrl.replace(/\/postgres$/, '/killswitch');
    standbyUrl = standby.adminUrl.replace(/\/postgres$/, '/killswitch');
    // The schema reaches the standby by streaming, as everything after it.
    const migrate = run(['--experimental-wasm-modules', '--no-warnings', 'scripts/db-migrate.mjs'], appEnv({ DATABASE_URL: primaryUrl }));
    expect((await migrate.exited).code).toBe(0);
    await caughtUp(primaryUrl, standbyUrl);
    checkpointDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-replica-checkpoints-'));
    env = {
      DATABASE_URL: `${primaryUrl}?application_name=${PROCESS}`,
      DATABASE_REPLICA_URL: standbyUrl,
      DATABASE_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      DATABASE_POOL_MAX: String(POOL_MAX),
      AUDIT_CHECKPOINT_DIR: checkpointDir,
    };
    api = await startTestApi(env);
    vendor = await seedVendor(api);
    device = await newDevice();
    const incident = await api.request('POST', '/v1/incidents', { token: await api.adminToken(), body: { title: 'replica lists', severity: 'SEV4' } });
    expect(incident.status).toBe(201);
    LISTS.push(`/v1/incidents/${incident.body.id}/timeline`);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await standby?.destroy();
    await primary?.destroy();
    if (checkpointDir) fs.rmSync(checkpointDir, { recursive: true, force: true });
  });

  it("serves the admin lists and a device's first poll from the replica, over connections named <process>:replica", async () => {
    await caughtUp(primaryUrl, standbyUrl);
    await eventually(async () => {
      const before = await replicaReads(api);
      await readLists(api);
      return (await replicaReads(api)).stale.replica - before.stale.replica === LISTS.length;
    });

    // A first poll loads the credential and the device's facts in one statement: from the replica once it has replayed the enrollment.
    await eventually(async () => {
      const fresh = await newDevice();
      await caughtUp(primaryUrl, standbyUrl);
      const before = await replicaReads(api);
      const answer = await poll(api, fresh.credential);
      expect(answer.status).toBe(200);
      expect(answer.body.integrations[vendor.camera].enabled).toBe(true);
      return (await replicaReads(api)).device.replica - before.device.replica === 1;
    }, 60_000);

    const onStandby = await connections(standby.adminUrl);
    expect(onStandby[`${PROCESS}:replica`]).toBeGreaterThanOrEqual(1);
    expect(onStandby[`${PROCESS}:replica`]).toBeLessThanOrEqual(POOL_MAX);
    expect(Object.keys(onStandby).filter((name) => name.startsWith(PROCESS) && name !== `${PROCESS}:replica`)).toEqual([]);
  }, 120_000);

  it('writes and kills go to the primary and take effect at once', async () => {
    expect((await poll(api, device.credential)).body.integrations[vendor.camera].enabled).toBe(true);
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: await api.adminToken(),
      body: { scope: { vendor: vendor.vendor, integration: vendor.camera }, reason: 'replica test' },
    });
    expect(kill.status).toBe(201);
    expect(await sql(primaryUrl, `SELECT id FROM kill_switches WHERE id = '${kill.body.id as string}'`)).toHaveLength(1);
    expect((await poll(api, device.credential)).body.integrations[vendor.camera]).toMatchObject({ enabled: false, killSwitchIds: [kill.body.id] });
    const token = await api.adminToken();
    await eventually(async () => (await api.request('GET', '/v1/kill-switches', { token })).body.items.some((k: { id: string }) => k.id === kill.body.id));
    const lift = await api.request('POST', `/v1/kill-switches/${kill.body.id as string}/lift-requests`, {
      token,
      body: { breakGlass: true, reason: 'replica test done' },
    });
    expect(lift.status).toBeLessThan(300);
    expect((await poll(api, device.credential)).body.integrations[vendor.camera].enabled).toBe(true);
  }, 60_000);

  it('with replay paused: a rotated or revoked credential is refused, a new device polls, and lists are stale only within the bound', async () => {
    // Cold: replicated but never polled on this API. Warm: polled, so its credential is cached.
    const cold = await newDevice();
    const warm = await newDevice();
    const startedLate = await newDevice();
    expect((await poll(api, warm.credential)).status).toBe(200);
    await caughtUp(primaryUrl, standbyUrl);

    await sql(standby.adminUrl, 'SELECT pg_wal_replay_pause()');
    await eventually(async () => (await sql<{ state: string }>(standby.adminUrl, 'SELECT pg_get_wal_replay_pause_state() AS state'))[0].state === 'paused');
    const token = await api.adminToken();
    try {
      // The replica still holds these credentials as live.
      const coldRotated = await api.request('POST', `/v1/devices/${cold.id}/credential`, { token });
      const warmRotated = await api.request('POST', `/v1/devices/${warm.id}/credential`, { token });
      expect([coldRotated.status, warmRotated.status]).toEqual([201, 201]);
      expect((await poll(api, cold.credential)).status).toBe(401);
      expect((await poll(api, warm.credential)).status).toBe(401);
      expect((await poll(api, coldRotated.body.credential as string)).status).toBe(200);
      expect((await poll(api, warmRotated.body.credential as string)).status).toBe(200);
      // Decommissioned while the replica lags: refused too.
      expect((await api.request('DELETE', `/v1/devices/${startedLate.id}`, { token })).status).toBe(204);

      // A device the replica has never seen polls at once (read from the primary).
      const enrolledNow = await newDevice();
      expect((await poll(api, enrolledNow.credential)).status).toBe(200);

      // An API started after a revocation it never got a notice of, while the replica lags behind it: the revoked
      // credential is refused and the new one accepted (here its lag check alone sends these reads to the primary;
      // the fence's floor, taken once it listens, is the guard when the lag is within the bound: replay-fence.spec.ts).
      const late = await startTestApi(env);
      try {
        expect((await poll(late, startedLate.credential)).status).toBe(401);
        expect((await poll(late, cold.credential)).status).toBe(401);
        expect((await poll(late, coldRotated.body.credential as string)).status).toBe(200);
        expect((await poll(late, enrolledNow.credential)).status).toBe(200);
      } finally {
        await late.close();
      }
      expect((await poll(api, startedLate.credential)).status).toBe(401);

      // A vendor made now: the lists may miss it only until the replica is more than the bound behind; then the primary answers.
      const newer = await seedVendor(api, 'lagging');
      await eventually(async () => {
        const page = await api.request('GET', `/v1/vendors?q=${newer.vendor}`, { token });
        expect(page.status).toBe(200);
        return page.body.items.some((v: { slug: string }) => v.slug === newer.vendor);
      });
      expect((await sql<{ state: string }>(standby.adminUrl, 'SELECT pg_get_wal_replay_pause_state() AS state'))[0].state).toBe('paused');
      const before = await replicaReads(api);
      await readLists(api);
      expect((await replicaReads(api)).stale.primary - before.stale.primary).toBe(LISTS.length);
    } finally {
      await sql(standby.adminUrl, 'SELECT pg_wal_replay_resume()');
    }

    // Caught up again: the replica serves the lists again.
    await caughtUp(primaryUrl, standbyUrl);
    await eventually(async () => {
      const before = await replicaReads(api);
      await readLists(api);
      return (await replicaReads(api)).stale.replica - before.stale.replica === LISTS.length;
    });
  }, 120_000);

  it('with the replica stopped every read is answered from the primary, said once in the log; once back it is used again', async () => {
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const notes = jest.spyOn(Logger.prototype, 'log');
    const replicaWarnings = () => warnings.mock.calls.filter(([message]) => String(message).startsWith('read replica unavailable'));
    try {
      await standby.stop();
      const token = await api.adminToken();
      for (let round = 0; round < 5; round++) {
        await readLists(api);
        const fresh = await newDevice();
        expect((await poll(api, fresh.credential)).status).toBe(200);
        expect((await poll(api, device.credential)).status).toBe(200);
        const deliveries = await api.request('GET', `/v1/audit?limit=5`, { token });
        expect(deliveries.status).toBe(200);
      }
      expect(replicaWarnings()).toHaveLength(1);

      await standby.start();
      await caughtUp(primaryUrl, standbyUrl);
      await eventually(async () => {
        const before = await replicaReads(api);
        await readLists(api);
        return (await replicaReads(api)).stale.replica - before.stale.replica === LISTS.length;
      }, 30_000);
      expect(notes.mock.calls.filter(([message]) => String(message).startsWith('read replica available'))).toHaveLength(1);
      expect(replicaWarnings()).toHaveLength(1);
      const fresh = await newDevice();
      await eventually(async () => {
        await caughtUp(primaryUrl, standbyUrl);
        return (await connections(standby.adminUrl))[`${PROCESS}:replica`] >= 1;
      });
      expect((await poll(api, fresh.credential)).status).toBe(200);
    } finally {
      warnings.mockRestore();
      notes.mockRestore();
    }
  }, 120_000);
});
