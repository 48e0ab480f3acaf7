import { Client } from 'pg';
import { TEST_ADMIN } from './support/api-harness';
import { openDeviceStream } from './support/device-stream';
import { watchDevice } from './support/device-watch';
import { eventually } from './support/eventually';
import { enroll, seedVendor } from './support/fleet';
import { httpApi } from './support/http-api';
import { OwnPostgres, OwnRedis, redisClientsByName, startOwnPostgres, startOwnRedis } from './support/own-servers';
import { appEnv, built, freePort, run, RunningProcess, waitForHttp } from './support/processes';

const POOL_MAX = 10;
const OUTAGE_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connections to `database` by application_name (the apps name theirs `<process>:<pool>`). */
/**
 * Connections per application_name in steady state: the most seen over a window longer than the worker's
 * periodic jobs (the refusal fold every 10 s), since a pool keeps a second connection warm while jobs overlap.
 */
async function steadyConnections(adminUrl: string, database: string, windowMs = 12_000): Promise<Record<string, number>> {
  const most: Record<string, number> = {};
  for (const end = Date.now() + windowMs; Date.now() < end; await sleep(1_000)) {
    for (const [name, n] of Object.entries(await pgConnections(adminUrl, database))) most[name] = Math.max(most[name] ?? 0, n);
  }
  return most;
}

async function pgConnections(adminUrl: string, database: string): Promise<Record<string, number>> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ name: string; n: number }>(
      `SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() GROUP BY 1`,
      [database],
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.n]));
  } finally {
    await admin.end();
  }
}

/** The idle and busy connections of pool `name` in a process's /metrics (killswitch_db_pool_connections). */
async function poolConnections(metricsUrl: string, name: string): Promise<{ idle: number; busy: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const value = (state: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`killswitch_db_pool_connections{pool="${name}",state="${state}"}`));
    if (!line) throw new Error(`no ${state} count of pool ${name} at ${metricsUrl}`);
    return Number(line.split(' ').at(-1));
  };
  return { idle: value('idle'), busy: value('busy') };
}

/** The outbox relay's log lines (JSON log lines whose message starts with "outbox relay"). */
const relayLines = (output: string) => output.split('\n').filter((line) => /"msg":"outbox relay/.test(line));

/** How many of `revocationId`'s deliveries are sent. */
async function sentDeliveries(databaseUrl: string, revocationId: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE "revocationId" = $1 AND state = 'sent'`, [
      revocationId,
    ]);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL or Redis restart in steady state, with the real API and worker
 * processes running on a server of the test's own: devices keep being
 * answered, readiness says 503 during and 200 after, no connection is leaked,
 * and a kill made after recovery reaches a streaming device and is fanned out.
 */
describe('server restarts (real processes)', () => {
  const processes: RunningProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    for (const p of processes.splice(0)) p.child.kill('SIGKILL');
  });

  /** The API and the worker on `databaseUrl` and `redisUrl`, each with its own name in PostgreSQL and Redis. */
  async function startApps(databaseUrl: string, redisUrl: string) {
    const env = (name: string, extra: Record<string, string> = {}) => {
      const url = new URL(databaseUrl);
      url.searchParams.set('application_name', name);
      return appEnv({
        DATABASE_URL: url.toString(),
        REDIS_URL: redisUrl,
        DATABASE_POOL_MAX: String(POOL_MAX),
        KILLSWITCH_ADMIN_EMAIL: TEST_ADMIN.email,
        KILLSWITCH_ADMIN_PASSWORD: TEST_ADMIN.password,
        LOGIN_RATE_LIMIT: '1000',
        LOG_LEVEL: 'info',
        ...extra,
      });
    };
    const port = await freePort();
    const workerMetricsPort = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const apiProcess = run([built('dist/apps/api/src/main.js')], env('restart-api', { PORT: String(port), HOST: '127.0.0.1' }));
    const worker = run([built('dist/apps/worker/src/main.js')], env('restart-worker', { WORKER_METRICS_PORT: String(workerMetricsPort), HOST: '127.0.0.1' }));
    processes.push(apiProcess, worker);
    await waitForHttp(`${baseUrl}/health/ready`);
    await worker.waitForOutput(/worker started/);

    const api = httpApi(baseUrl);
    const v = await seedVendor(api);
    const device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
    const stream = await openDeviceStream(baseUrl, device.credential);
    cleanups.push(async () => stream.close());
    await eventually(() => stream.events.length >= 1);
    const watch = watchDevice(baseUrl, device.credential);
    cleanups.push(() => watch.stop());
    await eventually(() => watch.polls() >= 10);

    /** A kill of the device's camera integration: its revision reaches the stream, and its delivery is recorded as sent. */
    const kill = async (databaseUrlForChecks: string) => {
      const response = await api.request('POST', '/v1/kill-switches', {
        token: await api.adminToken(),
        body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'restart test' },
      });
      expect(response.status).toBe(201);
      await eventually(() => stream.events.some((event) => event.id === String(response.body.revision)), 30_000);
      await eventually(async () => (await sentDeliveries(databaseUrlForChecks, response.body.revocationId as string)) === 1, 30_000);
    };
    const metricsUrls = { 'restart-api:prisma': `${baseUrl}/metrics`, 'restart-worker:prisma': `http://127.0.0.1:${workerMetricsPort}/metrics` };
    return { apiProcess, worker, watch, stream, kill, baseUrl, metricsUrls };
  }

  it('a PostgreSQL restart: polls keep being answered, ready says 503 then 200, no connection is leaked, and a later kill is streamed and fanned out', async () => {
    const postgres: OwnPostgres = await startOwnPostgres();
    cleanups.push(() => postgres.destroy());
    const databaseUrl = postgres.adminUrl.replace(/\/postgres$/, '/killswitch');
    const migrate = run(['--experimental-wasm-modules', '--no-warnings', 'scripts/db-migrate.mjs'], appEnv({ DATABASE_URL: databaseUrl }));
    expect((await migrate.exited).code).toBe(0);
    const apps = await startApps(databaseUrl, process.env.REDIS_URL!);
    const before = await steadyConnections(postgres.adminUrl, 'killswitch');

    const outageStart = apps.watch.readiness.length;
    const workerLogStart = apps.worker.output().length;
    await postgres.stop();
    await sleep(OUTAGE_MS);
    await postgres.start();
    const outage = apps.watch.readiness.slice(outageStart);
    await eventually(() => apps.watch.readiness.at(-1) === 200, 30_000);
    await apps.kill(databaseUrl);
    const afterKill = await pgConnections(postgres.adminUrl, 'killswitch');
    // A leaked connection is one its process never gets back: it stays busy in the process's pool for good, or it is
    // held outside the pool. So, per process, a moment must come when PostgreSQL sees exactly the pool's connections
    // and none of them is lent out. (A count compared with the one before the outage is not it: after a restart the
    // worker's periodic jobs may overlap and keep a second idle connection warm, which is the pool doing its job.)
    const leaks: Record<string, unknown> = {};
    await eventually(
      async () => {
        const seen = await pgConnections(postgres.adminUrl, 'killswitch');
        for (const [name, url] of Object.entries(apps.metricsUrls)) {
          const pool = await poolConnections(url, name);
          leaks[name] = { postgres: seen[name] ?? 0, ...pool };
          if (pool.busy === 0 && pool.idle === (seen[name] ?? 0)) delete leaks[name];
        }
        return Object.keys(leaks).length === 0;
      },
      60_000,
      500,
    ).catch(() => undefined);
    const after = await pgConnections(postgres.adminUrl, 'killswitch');
    await apps.watch.stop();

    expect(apps.watch.pollFailures).toEqual([]);
    expect(outage).toContain(503);
    // the outbox relay backs off and says so when the outage starts and when it ends, not at every retry
    expect(relayLines(apps.worker.output().slice(workerLogStart))).toEqual([expect.stringMatching(/failing/), expect.stringMatching(/resumed/)]);
    // every connection back in its process's pool, and no connection under a name that was not there before
    expect(leaks).toEqual({});
    expect(Object.keys(after).filter((name) => !(name in before))).toEqual([]);
    expect([before['restart-api:listen'], after['restart-api:listen'], afterKill['restart-api:listen']]).toEqual([1, 1, 1]);
    expect(Object.values(afterKill).every((n) => n <= POOL_MAX)).toBe(true);
    expect(apps.apiProcess.child.exitCode).toBeNull();
    expect(apps.worker.child.exitCode).toBeNull();
  }, 180_000);

  it('a Redis restart: polls keep being answered, ready says 503 then 200, no Redis connection is leaked, and a later kill is fanned out and streamed', async () => {
    const redis: OwnRedis = await startOwnRedis();
    cleanups.push(() => redis.destroy());
    const apps = await startApps(process.env.DATABASE_URL!, redis.url);
    const before = await redisClientsByName(redis.port);

    const outageStart = apps.watch.readiness.length;
    const workerLogStart = apps.worker.output().length;
    await redis.stop();
    await sleep(OUTAGE_MS);
    await redis.start();
    const outage = apps.watch.readiness.slice(outageStart);
    await eventually(() => apps.watch.readiness.at(-1) === 200, 30_000);
    await apps.kill(process.env.DATABASE_URL!);
    let after: Record<string, number> = {};
    const same = () => JSON.stringify(Object.entries(after).sort()) === JSON.stringify(Object.entries(before).sort());
    await eventually(async () => ((after = await redisClientsByName(redis.port)), same()), 30_000, 500).catch(() => undefined);
    await apps.watch.stop();

    expect(apps.watch.pollFailures).toEqual([]);
    expect(outage).toContain(503);
    expect(relayLines(apps.worker.output().slice(workerLogStart)).length).toBeLessThanOrEqual(2);
    // every connection is named for its process and role (BullMQ names its workers' blocking ones for their queue), and each is back exactly once
    const bullmqName = `{${process.env.KILLSWITCH_QUEUE_PREFIX}}:`;
    expect(Object.keys(before).filter((name) => !name.startsWith('restart-') && !name.startsWith(bullmqName))).toEqual([]);
    expect(after).toEqual(before);
    expect(apps.apiProcess.child.exitCode).toBeNull();
    expect(apps.worker.child.exitCode).toBeNull();
  }, 180_000);
});
