// Jest globalSetup: a fresh, migrated PostgreSQL database and a private Redis
// key prefix for this test run. Jest workers inherit what it sets:
//
//   DATABASE_URL              this run's database (killswitch_test_<yyyymmddhhmmss>_<pid>_<random>)
//   TEST_ADMIN_DATABASE_URL   the same server's `postgres` database, for tests that create scratch databases
//   REDIS_URL                 the Redis to use
//   KILLSWITCH_QUEUE_PREFIX   ks-test-<pid>-<random>: queues of parallel runs never meet
//   AUDIT_CHECKPOINT_DIR      inside the run's temporary directory
//   KILLSWITCH_KEY_ENCRYPTION_KEY  a random one for the run, unless one is set
//   WEBHOOK_*                 private networks allowed, a 1 s timeout, 200 ms first retry (webhook receivers on loopback)
//
// PostgreSQL server: TEST_DATABASE_URL if set (any database there; its user
// must be allowed to CREATE DATABASE); else 127.0.0.1:5432 as user postgres
// without a password, if that connects; else an embedded PostgreSQL in a
// temporary directory. Redis: TEST_REDIS_URL if set; else 127.0.0.1:6379 if it
// answers; else redis-server from PATH on a free port.
//
// The migrations run in a child process (node --experimental-wasm-modules
// scripts/db-migrate.mjs): Jest's own process has no wasm-modules flag.
// global-teardown.mjs undoes all of it; what to undo is kept on globalThis
// (globalSetup and globalTeardown run in the same process).

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  DEFAULT_LOCAL_REDIS_URL,
  REPO_ROOT,
  findFreePort,
  isProcessAlive,
  pingRedis,
  startEmbeddedPostgres,
  startRedisServer,
  withDatabase,
} from '../scripts/local-services.mjs';
import globalTeardown, { STATE_KEY, dropDatabase } from './global-teardown.mjs';

const LOCAL_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const TEMP_PREFIX = 'killswitch-test-';
const DATABASE_PREFIX = 'killswitch_test_';
const STALE_DATABASE_AGE_MS = 60 * 60 * 1000;
const MIGRATE_SCRIPT = path.join(REPO_ROOT, 'scripts', 'db-migrate.mjs');

/** Random lowercase hex of `bytes` bytes. */
const randomHex = (bytes) => crypto.randomBytes(bytes).toString('hex');

/** True if we can connect to `url` and run a query (within a few seconds). */
async function canConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Remove temporary directories of earlier runs whose Jest process is gone
 * (runs killed before their teardown). Their pid is in the directory name.
 */
function removeStaleTempDirs() {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(name.startsWith(TEMP_PREFIX) ? name.slice(TEMP_PREFIX.length).split('-')[0] : NaN);
    if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid)) {
      fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
  }
}

/**
 * Drop the databases of earlier runs that died before their teardown (killed,
 * timed out): on a server on this machine only, where the pid in the name
 * means something, whose process is gone and which are over an hour old (in
 * case the pid belongs to another container). Best effort.
 */
async function dropStaleDatabases(adminUrl) {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(adminUrl).hostname)) return;
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  let names = [];
  try {
    await client.connect();
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [DATABASE_PREFIX]);
    names = rows.map((r) => r.datname);
  } catch {
    return;
  } finally {
    await client.end().catch(() => {});
  }
  for (const name of names) {
    const m = /^killswitch_test_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_(\d+)_[0-9a-f]+$/.exec(name);
    if (!m) continue;
    const createdAt = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    const pid = Number(m[7]);
    if (Date.now() - createdAt > STALE_DATABASE_AGE_MS && !isProcessAlive(pid)) {
      await dropDatabase({ adminUrl, name }).catch(() => {});
    }
  }
}

/** This run's temporary directory (created on first use, removed by teardown). */
function tempDir(state) {
  if (!state.tempDir) {
    state.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
    // The embedded PostgreSQL runs as user `postgres` when we are root: let it in.
    fs.chmodSync(state.tempDir, 0o711);
  }
  return state.tempDir;
}

/**
 * Remember a server this run started: stopped by teardown, or, should Jest
 * exit without running it, signalled from an exit hook so it does not linger.
 */
function trackServer(state, server, exitSignal) {
  state.servers.push(server);
  process.once('exit', () => {
    if (!server.stopped && isProcessAlive(server.pid)) process.kill(server.pid, exitSignal);
  });
}

/** The URL of a PostgreSQL server's maintenance database, starting one if need be. */
async function choosePostgres(state) {
  if (process.env.TEST_DATABASE_URL) {
    const url = new URL(process.env.TEST_DATABASE_URL);
    if (url.pathname === '' || url.pathname === '/') url.pathname = '/postgres';
    return url.toString();
  }
  if (await canConnect(LOCAL_POSTGRES_URL)) return LOCAL_POSTGRES_URL;

  const dir = tempDir(state);
  const password = randomHex(16);
  const port = await findFreePort();
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, 'postgres'),
    password,
    port,
    logFile: path.join(dir, 'postgres.log'),
    detached: false, // in Jest's process group: a Ctrl+C stops it too
    // Throw-away data: trade durability for speed.
    extraFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  trackServer(state, server, 'SIGQUIT');
  return `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
}

/** `url` without its password, for messages. */
function redacted(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Create database `name` on the server at adminUrl. */
async function createDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`test setup: cannot connect to PostgreSQL at ${redacted(adminUrl)} (${err.message}); set TEST_DATABASE_URL`);
  }
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Apply the migrations to databaseUrl in a child node process; reject with its output on failure. */
function runMigrations(databaseUrl) {
  if (!fs.existsSync(MIGRATE_SCRIPT)) {
    return Promise.reject(new Error(`test setup: ${path.relative(REPO_ROOT, MIGRATE_SCRIPT)} is missing, cannot create the schema`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-wasm-modules', '--no-warnings', MIGRATE_SCRIPT], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`test setup: migrations failed (${signal ?? `exit code ${code}`}):\n${output.trim()}`));
    });
  });
}

/** The Redis URL for this run, starting a redis-server if none answers. */
async function chooseRedis(state) {
  if (process.env.TEST_REDIS_URL) return { url: process.env.TEST_REDIS_URL, started: false };
  if (await pingRedis(DEFAULT_LOCAL_REDIS_URL)) return { url: DEFAULT_LOCAL_REDIS_URL, started: false };
  const server = await startRedisServer({ dir: path.join(tempDir(state), 'redis'), persist: false, detached: false });
  trackServer(state, server, 'SIGTERM');
  return { url: server.url, started: true };
}

export default async function globalSetup() {
  // Registered first, so that teardown can undo whatever part of this happened.
  const state = { servers: [], database: null, redis: null, tempDir: null };
  globalThis[STATE_KEY] = state;
  try {
    removeStaleTempDirs();

    const adminUrl = await choosePostgres(state);
    await dropStaleDatabases(adminUrl);
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14); // yyyymmddhhmmss (UTC)
    const name = `${DATABASE_PREFIX}${stamp}_${process.pid}_${randomHex(3)}`;
    await createDatabase(adminUrl, name);
    state.database = { adminUrl, name };
    const databaseUrl = withDatabase(adminUrl, name);
    await runMigrations(databaseUrl);

    const redis = await chooseRedis(state);
    state.redis = { ...redis, prefix: `ks-test-${process.pid}-${randomHex(4)}` };

    process.env.DATABASE_URL = databaseUrl;
    process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
    process.env.REDIS_URL = state.redis.url;
    process.env.KILLSWITCH_QUEUE_PREFIX = state.redis.prefix;
    // Workers started by tests write signed audit checkpoints: into this run's temporary directory, not the checkout.
    process.env.AUDIT_CHECKPOINT_DIR = path.join(tempDir(state), 'audit-checkpoints');
    // One key-encryption key for every API, worker and `npm start` of the run, as in production: the run's
    // signing keys are sealed from the first start, and no process started with another key (or none) meets them.
    process.env.KILLSWITCH_KEY_ENCRYPTION_KEY ||= crypto.randomBytes(32).toString('base64');
    // Jest's workers each start several APIs and workers against one PostgreSQL (100 connections):
    // small pools keep the run under that limit.
    process.env.DATABASE_POOL_MAX ??= '10';
    // Webhook receivers in tests listen on 127.0.0.1, and any worker of the run may send a test's delivery:
    // every one allows private networks, answers timeouts and retries quickly (libs/webhooks).
    process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ??= 'true';
    process.env.WEBHOOK_TIMEOUT_MS ??= '1000';
    process.env.WEBHOOK_RETRY_BASE_MS ??= '200';
  } catch (err) {
    await globalTeardown();
    throw err;
  }
}
