import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { PrismaClient } from '@killswitch/db';
import { DevicePushMessage, devicePushChannel } from '@killswitch/queue';
import { TestApi, startTestApi } from './support/api-harness';
import { testPrisma } from './support/db';
import { seedVendor } from './support/fleet';
import { appEnv, built, freePort, run, RunningProcess } from './support/processes';
import { seedDevices } from './support/seed';
import { eventually } from './support/eventually';

/** Revocations survive real process crashes and a Redis restart: nothing lost, nothing doubled. */
describe('revocation faults (real processes)', () => {
  let prisma: PrismaClient;
  const workers: RunningProcess[] = [];
  const startWorker = (env: Record<string, string | undefined> = {}) => {
    const worker = run(
      [built('dist/apps/worker/src/main.js')],
      appEnv({ DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, LOG_LEVEL: 'info', ...env }),
    );
    workers.push(worker);
    return worker;
  };

  beforeAll(() => {
    prisma = testPrisma();
  });
  // A test that failed left its workers running: a retry must not find them taking its jobs.
  afterEach(() => {
    for (const worker of workers.splice(0)) worker.child.kill('SIGKILL');
  });
  afterAll(async () => {
    await prisma.$disconnect();
  });

  async function killSwitch(api: TestApi, vendor: string, integration: string) {
    const response = await api.request('POST', '/v1/kill-switches', {
      token: await api.adminToken(),
      body: { scope: { vendor, integration }, reason: 'fault test' },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; revocationId: string; affectedDevices: number };
  }

  const deliveryStates = async (revocationId: string) =>
    Object.fromEntries(
      (
        await prisma.$queryRaw<{ state: string; count: number }[]>`
          SELECT state::text AS state, count(*)::int AS count FROM deliveries WHERE "revocationId" = ${revocationId}::uuid GROUP BY state`
      ).map((row) => [row.state, row.count]),
    ) as Record<string, number>;

  /**
   * Every device id the worker's delivery jobs publish on `redisUrl`'s device push channel, one entry a publish: a
   * device pushed twice for one revocation shows twice. (Deliveries are unique per device, so their rows cannot.)
   */
  async function listenToPushes(redisUrl: string) {
    const subscriber = new Redis(redisUrl);
    const pushed: string[] = [];
    subscriber.on('message', (_channel: string, text: string) => pushed.push(...(JSON.parse(text) as DevicePushMessage).deviceIds));
    await subscriber.subscribe(devicePushChannel(process.env.KILLSWITCH_QUEUE_PREFIX!));
    return { pushed, close: () => subscriber.disconnect() };
  }
  /** True once the revocation's `expected` devices were each pushed, none twice (other revocations' pushes left out). */
  async function pushedOnce(pushed: string[], revocationId: string, expected: number): Promise<boolean> {
    const ours = new Set((await prisma.delivery.findMany({ where: { revocationId }, select: { deviceId: true } })).map((d) => d.deviceId));
    const pushedOurs = pushed.filter((id) => ours.has(id));
    if (new Set(pushedOurs).size !== pushedOurs.length)
      throw new Error(`a device was pushed twice: ${pushedOurs.length} pushes, ${new Set(pushedOurs).size} devices`);
    return pushedOurs.length === expected;
  }
  /** A Redis of the test's own that keeps nothing on disk: a restart comes back empty, as the shared Redis on these machines does. */
  async function forgetfulRedis() {
    const port = await freePort();
    const start = () => spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'no', '--save', ''], { stdio: 'ignore' });
    let redis = start();
    return {
      url: `redis://127.0.0.1:${port}`,
      async restartEmpty() {
        redis.kill('SIGKILL');
        await new Promise((resolve) => redis.once('exit', resolve));
        redis = start();
      },
      stop: () => redis.kill('SIGKILL'),
    };
  }
  /** A sweeping worker on a Redis of the test's own: only revocations of the last five minutes (this file's) are its concern. */
  const RECENT_ONLY = { DELIVERY_TTL_SEC: '300' };

  it('the relay catches up on a kill committed while no worker ran (a crash between commit and enqueue)', async () => {
    const api = await startTestApi();
    try {
      const v = await seedVendor(api);
      await seedDevices(prisma, 50, v.camera, '3.5.1_00.66');
      const kill = await killSwitch(api, v.vendor, v.camera);
      const outbox = await prisma.outboxMessage.findFirstOrThrow({
        where: { topic: 'kill.created', payload: { path: ['revocationId'], equals: kill.revocationId } },
      });
      expect(outbox.dispatchedAt).toBeNull();
      const worker = startWorker();
      await eventually(async () => (await prisma.revocation.findUniqueOrThrow({ where: { id: kill.revocationId } })).fannedOutAt, 15_000).catch((e) => {
        throw new Error(`${e}\n${worker.output().slice(-2000)}`);
      });
      await eventually(async () => (await deliveryStates(kill.revocationId)).sent === 50, 15_000).catch(async (e) => {
        throw new Error(`${e} ${JSON.stringify(await deliveryStates(kill.revocationId))}\n${worker.output().slice(-1500)}`);
      });
      expect((await prisma.outboxMessage.findUniqueOrThrow({ where: { id: outbox.id } })).dispatchedAt).not.toBeNull();
      worker.child.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
    } finally {
      await api.close();
    }
  }, 120_000);

  it('kill -9 of the worker in the middle of a fan-out to 10,000 devices, twice: the next worker delivers every device exactly once', async () => {
    const api = await startTestApi();
    try {
      const v = await seedVendor(api);
      await seedDevices(prisma, 10_000, v.camera, '3.5.1_00.66');
      const revocationOf = (id: string) => prisma.revocation.findUniqueOrThrow({ where: { id } });
      const first = startWorker({ FANOUT_PAGE_SIZE: '20' });
      await first.waitForOutput(/worker started/);
      const kill = await killSwitch(api, v.vendor, v.camera);
      expect(kill.affectedDevices).toBe(10_000);
      const firstCursor = await eventually(async () => (await revocationOf(kill.revocationId)).fanoutCursor);
      first.child.kill('SIGKILL');
      await first.exited;
      expect((await revocationOf(kill.revocationId)).fannedOutAt).toBeNull(); // the crash really landed mid fan-out
      expect(await prisma.delivery.count({ where: { revocationId: kill.revocationId } })).toBeLessThan(10_000);

      // BullMQ counts a job's stalls over its whole life: the fan-out's second stall must not fail it for good.
      const second = startWorker({ FANOUT_PAGE_SIZE: '20' });
      await eventually(async () => (await revocationOf(kill.revocationId)).fanoutCursor !== firstCursor, 120_000);
      second.child.kill('SIGKILL');
      await second.exited;
      const atSecondCrash = await revocationOf(kill.revocationId);
      expect(atSecondCrash.fannedOutAt).toBeNull(); // the second crash too
      expect(await prisma.delivery.count({ where: { revocationId: kill.revocationId } })).toBeLessThan(10_000);

      const third = startWorker({ FANOUT_PAGE_SIZE: '20' });
      await eventually(async () => (await revocationOf(kill.revocationId)).fannedOutAt, 180_000).catch((e) => {
        throw new Error(`${e}\n${third.output().slice(-2000)}`);
      });
      await eventually(async () => (await deliveryStates(kill.revocationId)).sent === 10_000, 120_000).catch(async (e) => {
        throw new Error(`${e} ${JSON.stringify(await deliveryStates(kill.revocationId))}\n${third.output().slice(-1500)}`);
      });
      third.child.kill('SIGTERM');
      expect((await third.exited).code).toBe(0);
    } finally {
      await api.close();
    }
  }, 420_000);

  it('the fan-out job lost with a Redis that keeps nothing on disk: the sweep runs it again, every device delivered exactly once', async () => {
    const redis = await forgetfulRedis();
    const redisUrl = redis.url;
    const api = await startTestApi({ REDIS_URL: redisUrl });
    let pushes: Awaited<ReturnType<typeof listenToPushes>> | undefined;
    try {
      const v = await seedVendor(api);
      await seedDevices(prisma, 5_000, v.camera, '3.5.1_00.66');
      const revocationOf = (id: string) => prisma.revocation.findUniqueOrThrow({ where: { id } });
      const first = startWorker({ REDIS_URL: redisUrl, FANOUT_PAGE_SIZE: '20' });
      await first.waitForOutput(/worker started/);
      const kill = await killSwitch(api, v.vendor, v.camera);
      await eventually(async () => (await revocationOf(kill.revocationId)).fanoutCursor);
      first.child.kill('SIGKILL');
      await first.exited;
      await redis.restartEmpty();
      const lost = await revocationOf(kill.revocationId);
      expect(lost.fannedOutAt).toBeNull(); // the crash landed mid fan-out, and its job went with Redis
      const outbox = await prisma.outboxMessage.findFirstOrThrow({
        where: { topic: 'kill.created', payload: { path: ['revocationId'], equals: kill.revocationId } },
      });
      expect(outbox.dispatchedAt).not.toBeNull(); // the relay will not hand it over again: only the sweep can find it

      const sentBefore = (await deliveryStates(kill.revocationId)).sent ?? 0;
      pushes = await listenToPushes(redisUrl);
      const metricsPort = await freePort();
      const second = startWorker({
        REDIS_URL: redisUrl,
        FANOUT_PAGE_SIZE: '20',
        FANOUT_SWEEP_SEC: '1',
        WORKER_METRICS_PORT: String(metricsPort),
        ...RECENT_ONLY,
      });
      await eventually(async () => (await revocationOf(kill.revocationId)).fannedOutAt, 120_000).catch((e) => {
        throw new Error(`${e}\n${second.output().slice(-2000)}`);
      });
      await eventually(async () => (await deliveryStates(kill.revocationId)).sent === 5_000, 120_000).catch(async (e) => {
        throw new Error(`${e} ${JSON.stringify(await deliveryStates(kill.revocationId))}\n${second.output().slice(-1500)}`);
      });
      expect(second.output()).toContain(`revocation ${kill.revocationId}: its fan-out had not moved`);
      // The operator sees it: the job was gone from Redis, so the sweep added it (other files' stopped fan-outs may count too).
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(Number(/^killswitch_fanouts_resumed_total\{outcome="added"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
      // Pushed once each: what was sent before the crash stays sent; every other device, written before it or after, once.
      await eventually(async () => pushedOnce(pushes!.pushed, kill.revocationId, 5_000 - sentBefore), 10_000).catch(async (e) => {
        throw new Error(`${e}: ${pushes!.pushed.length} pushes for ${5_000 - sentBefore} devices`);
      });
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    } finally {
      pushes?.close();
      await api.close();
      redis.stop();
    }
  }, 300_000);

  it('delivery jobs lost with a Redis that keeps nothing on disk after the fan-out: the sweep queues them again, every device sent once', async () => {
    const redis = await forgetfulRedis();
    const redisUrl = redis.url;
    // Delivery jobs of the refused revocations fail (marking a delivery sent raises), so they wait in Redis for their retries.
    // Its own names: a retry after a timeout runs before this try's finally has dropped them.
    const refusal = `refuse_sent_${process.pid}_${randomBytes(3).toString('hex')}`;
    await prisma.$executeRawUnsafe(`CREATE TABLE ${refusal} (id uuid PRIMARY KEY)`);
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION ${refusal}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM ${refusal} WHERE id = NEW."revocationId") THEN RAISE EXCEPTION 'sent refused (test fault)'; END IF;
        RETURN NEW;
      END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER ${refusal} BEFORE UPDATE OF state ON deliveries FOR EACH ROW WHEN (NEW.state = 'sent') EXECUTE FUNCTION ${refusal}()`,
    );
    const api = await startTestApi({ REDIS_URL: redisUrl });
    let pushes: Awaited<ReturnType<typeof listenToPushes>> | undefined;
    try {
      const v = await seedVendor(api);
      await seedDevices(prisma, 2_000, v.camera, '3.5.1_00.66');
      const first = startWorker({ REDIS_URL: redisUrl, FANOUT_PAGE_SIZE: '100' });
      await first.waitForOutput(/worker started/);
      // The kill's revocation is refused from its first delivery job: its id is known only once made, so every revocation
      // of this vendor's integration is, through the kill switch.
      await prisma.$executeRawUnsafe(`
        CREATE OR REPLACE FUNCTION ${refusal}_add() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM kill_switches k WHERE k.id = NEW."killSwitchId" AND k.vendor = '${v.vendor}') THEN
            INSERT INTO ${refusal} VALUES (NEW.id) ON CONFLICT DO NOTHING;
          END IF;
          RETURN NEW;
        END $$`);
      await prisma.$executeRawUnsafe(`CREATE TRIGGER ${refusal}_add AFTER INSERT ON revocations FOR EACH ROW EXECUTE FUNCTION ${refusal}_add()`);
      const kill = await killSwitch(api, v.vendor, v.camera);
      await eventually(async () => (await prisma.revocation.findUniqueOrThrow({ where: { id: kill.revocationId } })).fannedOutAt, 60_000);
      first.child.kill('SIGKILL');
      await first.exited;
      await redis.restartEmpty();
      expect(await deliveryStates(kill.revocationId)).toEqual({ queued: 2_000 }); // fanned out, every delivery job gone with Redis
      await prisma.$executeRawUnsafe(`DELETE FROM ${refusal}`);

      pushes = await listenToPushes(redisUrl);
      const metricsPort = await freePort();
      const second = startWorker({ REDIS_URL: redisUrl, FANOUT_SWEEP_SEC: '1', WORKER_METRICS_PORT: String(metricsPort), ...RECENT_ONLY });
      await eventually(async () => (await deliveryStates(kill.revocationId)).sent === 2_000, 120_000).catch(async (e) => {
        throw new Error(`${e} ${JSON.stringify(await deliveryStates(kill.revocationId))}\n${second.output().slice(-1500)}`);
      });
      expect(second.output()).toContain(`revocation ${kill.revocationId}: deliveries still queued with no delivery job left`);
      // Each device pushed once (the failed tries before the restart pushed none: their transactions rolled back).
      await eventually(async () => pushedOnce(pushes!.pushed, kill.revocationId, 2_000), 10_000).catch(async (e) => {
        throw new Error(`${e}: ${pushes!.pushed.length} pushes for 2,000 devices`);
      });
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(Number(/^killswitch_revocation_deliveries_requeued_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
      second.child.kill('SIGTERM');
      expect((await second.exited).code).toBe(0);
    } finally {
      pushes?.close();
      await api.close();
      redis.stop();
      await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${refusal}_add ON revocations`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${refusal}_add()`);
      await prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${refusal} ON deliveries`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${refusal}()`);
      await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS ${refusal}`);
    }
  }, 300_000);

  it('a Redis restart (append-only) in the middle of a fan-out loses nothing', async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-redis-'));
    const redisArgs = ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--dir', dir];
    const startRedis = () => spawn('redis-server', redisArgs, { stdio: 'ignore' });
    let redis = startRedis();
    const redisUrl = `redis://127.0.0.1:${port}`;
    const api = await startTestApi({ REDIS_URL: redisUrl });
    try {
      const v = await seedVendor(api);
      await seedDevices(prisma, 3_000, v.camera, '3.5.1_00.66');
      const worker = startWorker({ REDIS_URL: redisUrl, FANOUT_PAGE_SIZE: '20' });
      await worker.waitForOutput(/worker started/);
      const kill = await killSwitch(api, v.vendor, v.camera);
      await eventually(async () => (await prisma.revocation.findUniqueOrThrow({ where: { id: kill.revocationId } })).fanoutCursor);
      redis.kill('SIGTERM'); // a clean shutdown flushes the append-only file
      await new Promise((resolve) => redis.once('exit', resolve));
      const atRestart = await prisma.revocation.findUniqueOrThrow({ where: { id: kill.revocationId } });
      redis = startRedis();
      await eventually(async () => (await prisma.revocation.findUniqueOrThrow({ where: { id: kill.revocationId } })).fannedOutAt, 120_000);
      await eventually(async () => (await deliveryStates(kill.revocationId)).sent === 3_000, 120_000).catch(async (e) => {
        throw new Error(`${e} ${JSON.stringify(await deliveryStates(kill.revocationId))}\n${worker.output().slice(-1500)}`);
      });
      expect(atRestart.fannedOutAt).toBeNull(); // the restart really landed mid fan-out
      expect(await prisma.delivery.count({ where: { revocationId: kill.revocationId } })).toBe(3_000);
      worker.child.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
    } finally {
      await api.close();
      redis.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
