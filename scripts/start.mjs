// `npm start`: run Killswitch on this machine.
//
//   node --experimental-wasm-modules --no-warnings scripts/start.mjs
//
// 1. PostgreSQL: DATABASE_URL, else an embedded PostgreSQL in .data/postgres.
// 2. Redis: REDIS_URL, else the one on 127.0.0.1:6379, else redis-server from
//    PATH with its data in .data/redis (see scripts/local-services.mjs).
// 3. Applies the migrations (scripts/db-migrate.mjs).
// 4. Runs the built API (dist/apps/api/src/main.js, on PORT, default 3000) and
//    worker (dist/apps/worker/src/main.js) with DATABASE_URL and REDIS_URL set.
//
// Ctrl+C / SIGTERM / SIGHUP: the signal goes to the API and the worker, we
// wait for them to exit (SIGKILL after 30 s), then stop the PostgreSQL/Redis
// we started, and exit 0. If the API or the worker dies on its own it is
// restarted after a backoff (scripts/supervisor.mjs); only one crashing
// repeatedly (5 times within 60 s) stops everything, and we exit 1. Each app
// gets its own application_name in DATABASE_URL (pg_stat_activity tells them
// apart). Everything we spawn runs in its own process group, so a terminal's
// Ctrl+C reaches only this script, which does the stopping in that order.
//
// KILLSWITCH_DATA_DIR moves .data elsewhere. The signing keys' key-encryption
// key is KILLSWITCH_KEY_ENCRYPTION_KEY, else .data/key-encryption-key (created once).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureKeyEncryptionKey } from './key-encryption-key.mjs';
import { DEFAULT_DATA_DIR, REPO_ROOT, SetupError, ensurePostgres, ensureRedis } from './local-services.mjs';
import { supervise } from './supervisor.mjs';

const APPS = [
  { name: 'api', entry: 'dist/apps/api/src/main.js' },
  { name: 'worker', entry: 'dist/apps/worker/src/main.js' },
];
const CHILD_STOP_TIMEOUT_MS = 30000;
const API_READY_TIMEOUT_MS = 120000;

/** Our own progress lines, told apart from the apps' logs. */
const log = (message) => console.log(`[start] ${message}`);

/** Resolve after `ms` milliseconds. */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Throw a SetupError unless Node runs with --experimental-wasm-modules (db-migrate.mjs needs it). */
function checkNodeFlags() {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (!flags.includes('--experimental-wasm-modules')) {
    throw new SetupError('run this as node --experimental-wasm-modules --no-warnings scripts/start.mjs (npm start does)');
  }
}

/** Throw a SetupError unless the apps have been built. */
function checkBuilt() {
  for (const app of APPS) {
    if (!fs.existsSync(path.join(REPO_ROOT, app.entry))) {
      throw new SetupError(`${app.entry} is missing: run npm run build first (npm start does)`);
    }
  }
}

/** The migrate() function of scripts/db-migrate.mjs (loaded before anything starts, to fail early). */
async function loadMigrate() {
  try {
    const { migrate } = await import('./db-migrate.mjs');
    return migrate;
  } catch (err) {
    if (err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('db-migrate.mjs')) {
      throw new SetupError('scripts/db-migrate.mjs is missing: restore it from git');
    }
    throw err;
  }
}

/**
 * Spawn one app (node <entry>) with the given environment, its output on our
 * terminal, in its own process group (signals reach it only through us).
 * The returned child has an `exited` promise resolving to { code, signal }.
 */
function startApp(app, env) {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, app.entry)], {
    cwd: REPO_ROOT,
    env,
    stdio: 'inherit',
    detached: true,
  });
  child.appName = app.name;
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => resolve({ code: null, signal: null, error: err }));
  });
  return child;
}

/** DATABASE_URL naming the app, so pg_stat_activity counts each app's connections apart. */
function withApplicationName(databaseUrl, app) {
  const url = new URL(databaseUrl);
  if (!url.searchParams.has('application_name')) url.searchParams.set('application_name', `killswitch-${app.name}`);
  return url.toString();
}

/** Poll the API until it answers HTTP (any status) or `stopSignal` aborts; true if it answered. */
async function waitForApi(port, stopSignal) {
  const deadline = Date.now() + API_READY_TIMEOUT_MS;
  while (!stopSignal.aborted && Date.now() < deadline) {
    const attempt = new AbortController();
    const abort = () => attempt.abort();
    const timer = setTimeout(abort, 2000);
    stopSignal.addEventListener('abort', abort, { once: true });
    try {
      await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: attempt.signal });
      return true;
    } catch {
      await sleep(500);
    } finally {
      clearTimeout(timer);
      stopSignal.removeEventListener('abort', abort);
    }
  }
  return false;
}

/** A message fit for one line: a SetupError's text, else the first line of the error. */
function oneLine(err) {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n').find((l) => l.trim()) ?? 'unknown error').trim();
}

async function main() {
  const stops = []; // stop() of each server we started, in start order
  let apps = null; // the supervisor, once the apps run
  const stopRequested = new AbortController();
  let stopSignal = null;

  // Ctrl+C, kill, or the terminal closing: forward to the apps once; later
  // repeats (npm and the terminal may both deliver one) are ignored.
  const onSignal = (signal) => {
    if (stopSignal) return;
    stopSignal = signal;
    log(`${signal} received: stopping`);
    stopRequested.abort();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
  // Last resort if this script itself crashes: do not leave the apps running.
  process.on('exit', () => apps?.signalAll('SIGTERM'));

  /** Stop the servers we started, newest first, reporting (not throwing) failures. */
  const stopServices = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => log(`stopping a server failed: ${oneLine(err)}`));
  };

  let exitCode = 0;
  try {
    checkNodeFlags();
    checkBuilt();
    const migrate = await loadMigrate();
    const dataDir = process.env.KILLSWITCH_DATA_DIR ? path.resolve(process.env.KILLSWITCH_DATA_DIR) : DEFAULT_DATA_DIR;
    const serviceLog = (message) => log(message);
    // Signing keys are sealed with a key kept outside the database (scripts/key-encryption-key.mjs).
    const kek = ensureKeyEncryptionKey({ dataDir });
    if (kek.source === 'created') log(`created the key-encryption key ${kek.file}: back it up apart from the database`);

    const postgres = await ensurePostgres({ dataDir, log: serviceLog });
    stops.push(postgres.stop);
    if (stopSignal) return stopServices();
    const redis = await ensureRedis({ dataDir, log: serviceLog });
    stops.push(redis.stop);
    if (stopSignal) return stopServices();
    log('applying database migrations');
    await migrate(postgres.url, { log: (...args) => console.log('[migrate]', ...args) });
    if (stopSignal) return stopServices();

    const port = process.env.PORT || '3000';
    const env = { ...process.env, REDIS_URL: redis.url, PORT: port, KILLSWITCH_KEY_ENCRYPTION_KEY: kek.key };
    apps = supervise(
      APPS.map((app) => ({ name: app.name, start: () => startApp(app, { ...env, DATABASE_URL: withApplicationName(postgres.url, app) }) })),
      { log },
    );

    // Tell where to look once the API answers (or after a while, regardless).
    waitForApi(port, stopRequested.signal).then((ready) => {
      if (stopRequested.signal.aborted) return;
      if (!ready) log(`the API has not answered on port ${port} yet`);
      log(`Killswitch: admin UI http://localhost:${port}/admin , API docs http://localhost:${port}/docs (Ctrl+C stops it)`);
    });

    // Run until a signal arrives or an app crashes too often (the supervisor restarts it otherwise).
    const stopped = new Promise((resolve) => stopRequested.signal.addEventListener('abort', () => resolve(null)));
    const gaveUp = await Promise.race([apps.gaveUp, stopped]);
    if (gaveUp && !stopSignal) {
      exitCode = 1;
      stopSignal = 'app-crashes';
      stopRequested.abort();
    }
    await apps.stop(stopSignal === 'SIGINT' ? 'SIGINT' : 'SIGTERM', CHILD_STOP_TIMEOUT_MS);
    await stopServices();
    log('stopped');
  } catch (err) {
    console.error(`[start] cannot start Killswitch: ${oneLine(err)}`);
    await apps?.stop('SIGTERM', CHILD_STOP_TIMEOUT_MS);
    await stopServices();
    exitCode = 1;
  }
  process.exit(exitCode);
}

await main();
process.exit(0);
