// The product as a benchmark runs it: a fresh migrated database, the API (and the worker when
// asked) as real processes from dist/, a logged-in admin client with the catalogue seeded, and a
// teardown that drops the database and this run's Redis keys whatever happened.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { memoryProbe } from './memory.mjs';
import { freePort, runNode, startNode, stop, stopAll, waitForOk } from './processes.mjs';
import { apiClient, seedCatalogue } from './seed.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const Redis = require('ioredis');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PG = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.BENCH_REDIS ?? 'redis://127.0.0.1:6379';
const ADMIN = { email: 'bench@killswitch.local', password: 'bench-password-123' };

/**
 * Starts the stack named `name`. Options:
 *   workerLogLevel  set: the worker too, at this log level
 *   apiEnv          extra environment for the API (and the worker), e.g. SNAPSHOT_TTL_SEC
 *   probe           true: API and worker run with the heap probe (stack.probes.api / .worker, see memory.mjs)
 *   nofile          open-file limit for the API (and its replicas), where prlimit may raise it
 *   apiNodeArgs     extra node options for the API (before the script)
 * Always call `stack.close()`.
 */
export async function startStack(name, { workerLogLevel, apiEnv = {}, probe = false, nofile, apiNodeArgs = [], workerNodeArgs = [] } = {}) {
  const database = `killswitch_${name}_${process.pid}`;
  const prefix = `bench-${name}-${process.pid}`;
  const scratch = mkdtempSync(path.join(os.tmpdir(), `killswitch-bench-${name}-`));
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  let closing;
  const onSignal = (signal) => {
    console.error(`\n${signal}: stopping the children and dropping ${database}`);
    void stack.close().finally(() => process.exit(130));
  };
  const stack = {
    db: undefined,
    scratch,
    probes: probe ? { api: memoryProbe(path.join(scratch, 'api-heap.json')), worker: memoryProbe(path.join(scratch, 'worker-heap.json')) } : {},
    close() {
      closing ??= teardown();
      return closing;
    },
  };
  async function teardown() {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAll();
    await stack.db?.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`{${prefix}}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    rmSync(scratch, { recursive: true, force: true });
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const databaseUrl = `${PG}/${database}`;
    await runNode('migrate', ['--experimental-wasm-modules', '--no-warnings', 'scripts/db-migrate.mjs'], { cwd: ROOT, env: { DATABASE_URL: databaseUrl } });
    const port = await freePort();
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: REDIS,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      KILLSWITCH_QUEUE_PREFIX: prefix,
      KILLSWITCH_ADMIN_EMAIL: ADMIN.email,
      KILLSWITCH_ADMIN_PASSWORD: ADMIN.password,
      ...apiEnv,
    };
    stack.env = env;
    stack.port = port;
    stack.url = `http://127.0.0.1:${port}`;
    stack.databaseUrl = databaseUrl;
    stack.prefix = prefix;
    const { api: apiProbe, worker: workerProbe } = stack.probes;
    const startApi = async () => {
      stack.apiProcess = startNode('api', [...apiNodeArgs, ...(apiProbe?.args ?? []), 'dist/apps/api/src/main.js'], {
        cwd: ROOT,
        env: { ...env, ...apiProbe?.env },
        nofile,
      });
      await waitForOk(`${stack.url}/health/ready`, stack.apiProcess);
    };
    /** A fresh API process on the same port and database (its caches empty); the admin session stays valid. */
    stack.restartApi = async () => {
      await stop(stack.apiProcess);
      await startApi();
    };
    /** Another API instance (a stateless replica, as behind a load balancer): its own port, the same database and Redis. */
    stack.addApi = async () => {
      const replicaPort = await freePort();
      const child = startNode(`api-${replicaPort}`, [...apiNodeArgs, 'dist/apps/api/src/main.js'], {
        cwd: ROOT,
        env: { ...env, PORT: String(replicaPort) },
        nofile,
      });
      await waitForOk(`http://127.0.0.1:${replicaPort}/health/ready`, child);
      return { process: child, port: replicaPort };
    };
    await startApi();
    if (workerLogLevel) {
      stack.worker = startNode('worker', [...workerNodeArgs, ...(workerProbe?.args ?? []), 'dist/apps/worker/src/main.js'], {
        cwd: ROOT,
        env: { ...env, ...workerProbe?.env, LOG_LEVEL: workerLogLevel },
      });
    }
    stack.api = apiClient(stack.url);
    await stack.api.login(ADMIN.email, ADMIN.password);
    await seedCatalogue(stack.api);
    stack.db = new pg.Client({ connectionString: databaseUrl });
    await stack.db.connect();
    return stack;
  } catch (error) {
    await stack.close();
    throw error;
  }
}
