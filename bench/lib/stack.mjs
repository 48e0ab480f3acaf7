// The product as a benchmark runs it: a fresh migrated database, the API (and the worker when
// asked) as real processes from dist/, a logged-in admin client with the catalogue seeded, and a
// teardown that drops the database and this run's Redis keys whatever happened.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { freePort, runNode, startNode, stopAll, waitForOk } from './processes.mjs';
import { apiClient, seedCatalogue } from './seed.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const Redis = require('ioredis');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PG = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS = process.env.BENCH_REDIS ?? 'redis://127.0.0.1:6379';
const ADMIN = { email: 'bench@killswitch.local', password: 'bench-password-123' };

/** Starts the stack named `name`; `workerLogLevel` set: the worker too. Always call `stack.close()`. */
export async function startStack(name, { workerLogLevel } = {}) {
  const database = `killswitch_${name}_${process.pid}`;
  const prefix = `bench-${name}-${process.pid}`;
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  const stack = {
    db: undefined,
    async close() {
      await stopAll();
      await stack.db?.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      const redis = new Redis(REDIS);
      const keys = await redis.keys(`{${prefix}}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
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
    };
    stack.env = env;
    stack.port = port;
    stack.apiProcess = startNode('api', ['dist/apps/api/src/main.js'], { cwd: ROOT, env });
    await waitForOk(`http://127.0.0.1:${port}/health/ready`, stack.apiProcess);
    if (workerLogLevel) stack.worker = startNode('worker', ['dist/apps/worker/src/main.js'], { cwd: ROOT, env: { ...env, LOG_LEVEL: workerLogLevel } });
    stack.api = apiClient(`http://127.0.0.1:${port}`);
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
