import { Client } from 'pg';
import { openDeviceStream } from './support/device-stream';
import { watchDevice } from './support/device-watch';
import { eventually } from './support/eventually';
import { enroll, seedVendor } from './support/fleet';
import { httpApi } from './support/http-api';
import { appEnv, built, freePort, run, RunningProcess, waitForHttp } from './support/processes';
import { TEST_ADMIN } from './support/api-harness';
import { createScratchDatabase } from './support/scratch-db';

const POOL_MAX = 10;

/** Connections to `database` by application_name (the apps name theirs `<process>:<pool>`). */
async function connections(admin: Client, database: string): Promise<Record<string, number>> {
  const { rows } = await admin.query<{ name: string; n: number }>(
    `SELECT application_name AS name, count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1`,
    [database],
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}

/** All the connections of one process (its application_name is `<process>` or `<process>:<pool>`). */
const ofProcess = (counts: Record<string, number>, name: string) =>
  Object.entries(counts)
    .filter(([key]) => key === name || key.startsWith(`${name}:`))
    .reduce((sum, [, n]) => sum + n, 0);

/**
 * PostgreSQL refusing connections for 10 s, with the real API and worker processes running on a database and a queue
 * prefix of their own: the run's database is shared by the suites running beside this one, and would refuse them too.
 */
describe('database blips (real processes)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let database: string;
  const queuePrefix = `${process.env.KILLSWITCH_QUEUE_PREFIX}-blips`;
  let admin: Client;
  const processes: RunningProcess[] = [];

  let stopWatch: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = new URL(scratch.url).pathname.slice(1);
    admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await stopWatch?.();
    for (const p of processes) p.child.kill('SIGKILL');
    await admin?.end();
    await scratch?.drop();
  });

  const start = (entry: string, name: string, env: Record<string, string>) => {
    const url = new URL(scratch.url);
    url.searchParams.set('application_name', name);
    const child = run(
      [built(entry)],
      appEnv({
        DATABASE_URL: url.toString(),
        REDIS_URL: process.env.REDIS_URL,
        KILLSWITCH_QUEUE_PREFIX: queuePrefix,
        DATABASE_POOL_MAX: String(POOL_MAX),
        KILLSWITCH_ADMIN_EMAIL: TEST_ADMIN.email,
        KILLSWITCH_ADMIN_PASSWORD: TEST_ADMIN.password,
        LOGIN_RATE_LIMIT: '1000',
        ...env,
      }),
    );
    processes.push(child);
    return child;
  };

  it('a 10 s refusal: polls keep being answered, ready says 503 then 200, a kill is refused with 503 writing nothing, no connection is leaked, and a later kill reaches streaming devices', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const apiProcess = start('dist/apps/api/src/main.js', 'blips-api', { PORT: String(port), HOST: '127.0.0.1' });
    const worker = start('dist/apps/worker/src/main.js', 'blips-worker', { LOG_LEVEL: 'info' });
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
    await eventually(() => stream.events.length >= 1);
    const watch = watchDevice(baseUrl, device.credential);
    stopWatch = () => watch.stop();
    await eventually(() => watch.polls() >= 5);
    const before = await connections(admin, database);
    const token = await api.adminToken();

    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
    const outageStart = watch.readiness.length;
    const refused = await api.request('POST', '/v1/kill-switches', {
      token,
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'during the outage' },
    });
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    const outage = watch.readiness.slice(outageStart);

    await eventually(() => watch.readiness.length > 0 && watch.readiness[watch.readiness.length - 1] === 200, 30_000);
    // a kill made after recovery reaches the streaming device
    const kill = await api.request('POST', '/v1/kill-switches', {
      token,
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'blip test' },
    });
    expect(kill.status).toBe(201);
    await eventually(() => stream.events.some((event) => event.id === String(kill.body.revision)), 20_000);
    // the idle pool connections come and go; none beyond the bounds, and one LISTEN connection as before
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await connections(admin, database);
    await watch.stop();
    stream.close();

    expect(watch.pollFailures).toEqual([]);
    expect(outage).toContain(503);
    expect([refused.status, refused.body.code]).toEqual([503, 'unavailable']);
    const written = await api.request('GET', `/v1/kill-switches?q=${encodeURIComponent('during the outage')}`, { token });
    expect(written.body.items).toEqual([]);
    // each process within its bounds: its pool (DATABASE_POOL_MAX) and, for the API, one LISTEN connection as before the outage
    expect(ofProcess(after, 'blips-api')).toBeLessThanOrEqual(POOL_MAX + 1);
    expect(ofProcess(after, 'blips-worker')).toBeLessThanOrEqual(POOL_MAX);
    expect([before['blips-api:listen'], after['blips-api:listen']]).toEqual([1, 1]);
    expect(Object.keys(after).filter((name) => !name.startsWith('blips-'))).toEqual([]);
    expect(apiProcess.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
  }, 180_000);
});
