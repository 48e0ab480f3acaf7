import { execFileSync } from 'node:child_process';
import { PrismaClient } from '@killswitch/db';
import { TEST_ADMIN } from './support/api-harness';
import { testPrisma } from './support/db';
import { watchDevice } from './support/device-watch';
import { eventually } from './support/eventually';
import { enroll, seedVendor } from './support/fleet';
import { httpApi } from './support/http-api';
import { appEnv, freePort, run, RunningProcess, waitForHttp } from './support/processes';
import { seedDevices } from './support/seed';

const DEVICES = 5_000;

/** The pid of start.mjs's child running `entry` (the apps run in their own process groups, children of start.mjs). */
function childPid(parent: number, entry: string): number {
  const line = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' })
    .split('\n')
    .find((l) => l.includes(entry));
  if (!line) throw new Error(`no child of ${parent} runs ${entry}`);
  return Number(line.trim().split(/\s+/)[0]);
}

/** npm start's supervision (scripts/start.mjs + scripts/supervisor.mjs) with the run's PostgreSQL and Redis. */
describe('npm start supervision (real processes)', () => {
  let prisma: PrismaClient;
  let start: RunningProcess | undefined;

  let stopWatch: (() => Promise<void>) | undefined;

  beforeAll(() => {
    prisma = testPrisma();
  });
  afterAll(async () => {
    await stopWatch?.();
    start?.child.kill('SIGKILL');
    await prisma.$disconnect();
  });

  it('a worker killed with SIGKILL mid fan-out is restarted with a log line; polls never fail and every delivery is sent', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    start = run(
      ['--experimental-wasm-modules', '--no-warnings', 'scripts/start.mjs'],
      appEnv({
        DATABASE_URL: process.env.DATABASE_URL,
        REDIS_URL: process.env.REDIS_URL,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATABASE_POOL_MAX: '10',
        FANOUT_PAGE_SIZE: '50',
        KILLSWITCH_ADMIN_EMAIL: TEST_ADMIN.email,
        KILLSWITCH_ADMIN_PASSWORD: TEST_ADMIN.password,
        LOGIN_RATE_LIMIT: '1000',
      }),
    );
    const started = start;
    await waitForHttp(`${baseUrl}/health/ready`, 120_000);
    await started.waitForOutput(/worker started/);

    const api = httpApi(baseUrl);
    const v = await seedVendor(api);
    const device = await enroll(api, {
      model: 'hub',
      firmware: '1.0',
      inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' }],
    });
    await seedDevices(prisma, DEVICES, v.camera, '3.5.1_00.66');
    const watch = watchDevice(baseUrl, device.credential);
    stopWatch = () => watch.stop();
    await eventually(() => watch.polls() >= 3);

    const kill = await api.request('POST', '/v1/kill-switches', {
      token: await api.adminToken(),
      body: { scope: { vendor: v.vendor, integration: v.camera }, reason: 'supervision test' },
    });
    expect(kill.status).toBe(201);
    const revocationId = kill.body.revocationId as string;
    await eventually(async () => (await prisma.revocation.findUniqueOrThrow({ where: { id: revocationId } })).fanoutCursor);
    process.kill(childPid(started.child.pid!, 'dist/apps/worker/src/main.js'), 'SIGKILL');
    const atCrash = await prisma.revocation.findUniqueOrThrow({ where: { id: revocationId } });

    await started.waitForOutput(/\[start\] worker exited unexpectedly \(signal SIGKILL\): restarting it in \d+ ms/);
    await eventually(() => (started.output().match(/worker started/g) ?? []).length >= 2, 60_000);
    await eventually(async () => (await prisma.revocation.findUniqueOrThrow({ where: { id: revocationId } })).fannedOutAt, 120_000);
    await eventually(async () => (await prisma.delivery.count({ where: { revocationId, state: 'sent' } })) === DEVICES + 1, 120_000).catch(async (e) => {
      throw new Error(`${e}: ${await prisma.delivery.count({ where: { revocationId, state: 'sent' } })} sent\n${started.output().slice(-2000)}`);
    });
    await watch.stop();

    expect(atCrash.fannedOutAt).toBeNull(); // the crash really landed mid fan-out
    expect(await prisma.delivery.count({ where: { revocationId } })).toBe(DEVICES + 1);
    expect(watch.pollFailures).toEqual([]);
    expect(started.output()).not.toMatch(/giving up/);
    started.child.kill('SIGTERM');
    expect((await started.exited).code).toBe(0);
    start = undefined;
  }, 300_000);
});
