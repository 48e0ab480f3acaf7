// `npm run demo`: replay the January 2020 Xiaomi incident on the embedded defaults.
//
//   node scripts/demo.mjs [--devices N] [--exit] [--port P]
//
// 1. PostgreSQL: the server of DATABASE_URL, else an embedded PostgreSQL with
//    its cluster in <data>/demo/postgres (KILLSWITCH_DATA_DIR, default .data).
//    Either way the demo uses its own database, killswitch_demo, dropped and
//    created afresh each run: a user's `npm start` data is never touched.
// 2. Redis: REDIS_URL, else 127.0.0.1:6379, else redis-server with its data in
//    <data>/demo/redis; each run's keys carry a prefix of its own,
//    killswitch-demo-<random> (scripts/demo-keys.mjs), and are deleted when it
//    stops: two demos on one Redis leave each other's queues alone.
// 3. scripts/start.mjs (migrations, API, worker) runs as a child with those
//    URLs, its own process group, and its output in <data>/demo/control-plane.log.
// 4. The story (dist/apps/demo/src/run-demo.js) runs against the API and
//    prints its narrative.
// 5. --exit (or DEMO_EXIT=1): stop everything after the narrative (no UI
//    address or logins are printed: they would be dead). Otherwise the admin
//    UI's URL and the logins are printed, and the simulated devices and the
//    control plane keep running until Ctrl+C, which stops the devices, then
//    the API and worker, then the servers the demo started.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  DEFAULT_DATA_DIR,
  REPO_ROOT,
  SetupError,
  ensurePostgres,
  ensureRedis,
  findFreePort,
  isPortFree,
  stopProcess,
  withDatabase,
} from './local-services.mjs';
import { deleteDemoKeys, demoQueuePrefix } from './demo-keys.mjs';

const DATABASE = 'killswitch_demo';
const STORY = path.join(REPO_ROOT, 'dist/apps/demo/src/run-demo.js');
const START = path.join(REPO_ROOT, 'scripts/start.mjs');
const API_READY_TIMEOUT_MS = 180_000;
/** start.mjs gives the API and worker 30 s before it kills them. */
const CONTROL_PLANE_STOP_TIMEOUT_MS = 45_000;
const USAGE = `usage: npm run demo -- [--devices N] [--exit] [--port P]
  --devices N  simulated devices (default 10000)
  --exit       stop after the narrative (also DEMO_EXIT=1); otherwise keep the UI running until Ctrl+C
  --port P     the API's port (default PORT, else 3000, else a free one)`;

const log = (message) => console.log(`[demo] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function options() {
  const { values } = parseArgs({
    options: { devices: { type: 'string' }, exit: { type: 'boolean' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const devices = Number(values.devices ?? 10_000);
  if (!Number.isInteger(devices) || devices < 1 || devices > 100_000) throw new SetupError(`--devices must be a whole number from 1 to 100000\n${USAGE}`);
  const port = values.port ?? process.env.PORT;
  if (port !== undefined && !/^\d+$/.test(port)) throw new SetupError(`--port must be a port number\n${USAGE}`);
  return { devices, exit: Boolean(values.exit) || ['1', 'true', 'yes'].includes(process.env.DEMO_EXIT ?? ''), port: port && Number(port) };
}

/** The open-file limit of this shell (each simulated device holds a stream in this process and in the API's). */
function openFileLimit() {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', 'ulimit -n'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', () => resolve(Infinity));
    child.on('close', () => resolve(/^\d+$/.test(out.trim()) ? Number(out.trim()) : Infinity));
  });
}

/** Drop and create the demo's database on the server of maintenanceUrl. */
async function freshDatabase(maintenanceUrl) {
  const client = new pg.Client({ connectionString: maintenanceUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const name = client.escapeIdentifier(DATABASE);
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(async (err) => {
      if (err.code !== '42601') throw err; // PostgreSQL < 13 has no FORCE
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [DATABASE]);
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
    });
    await client.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    throw new SetupError(`cannot recreate the database ${DATABASE} (${err.message}): its user must be allowed to CREATE DATABASE`);
  } finally {
    await client.end();
  }
}

async function choosePort(requested) {
  if (requested) {
    if (!(await isPortFree(requested))) throw new SetupError(`port ${requested} is in use: pass another with --port`);
    return requested;
  }
  return (await isPortFree(3000)) ? 3000 : findFreePort();
}

/** scripts/start.mjs as a child in its own process group, its output in logFile. */
function startControlPlane(env, logFile) {
  const out = fs.openSync(logFile, 'w');
  try {
    const child = spawn(process.execPath, ['--experimental-wasm-modules', '--no-warnings', START], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', out, out],
      detached: true,
    });
    child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return child;
  } finally {
    fs.closeSync(out);
  }
}

/** Wait until GET /health/ready answers 200; fail if the control plane exits first. */
async function waitForReady(baseUrl, child, logFile) {
  const deadline = Date.now() + API_READY_TIMEOUT_MS;
  let exited = null;
  void child.exited.then((how) => (exited = how));
  while (Date.now() < deadline) {
    if (exited) throw new SetupError(`the control plane exited during start-up (${exited.signal ?? `code ${exited.code}`}):\n${tail(logFile)}`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  throw new SetupError(`the API did not become ready within ${API_READY_TIMEOUT_MS / 1000} s (log: ${path.relative(process.cwd(), logFile)})`);
}

function tail(file, lines = 15) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const shown = (file) => {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
};

async function main() {
  const args = options();
  const stop = new AbortController();
  let stopping = false;
  const onSignal = (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: stopping`);
    stop.abort(new Error(`interrupted by ${signal}`));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);

  const cleanups = []; // newest last; run in reverse
  const cleanUp = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err) => log(`stopping: ${err.message}`));
  };
  let exitCode = 0;
  try {
    if (!fs.existsSync(STORY)) throw new SetupError(`${shown(STORY)} is missing: run npm run build first (npm run demo does)`);
    const limit = await openFileLimit();
    if (limit < args.devices + 1024) {
      throw new SetupError(
        `this shell allows ${limit} open files, too few for ${args.devices} device streams: run ulimit -n ${args.devices + 4096} first, or pass --devices ${Math.max(1, limit - 1024)}`,
      );
    }
    const dataDir = path.join(process.env.KILLSWITCH_DATA_DIR ? path.resolve(process.env.KILLSWITCH_DATA_DIR) : DEFAULT_DATA_DIR, 'demo');
    fs.mkdirSync(dataDir, { recursive: true });
    const serviceLog = (message) => log(message);

    const postgres = await ensurePostgres({ dataDir, database: 'postgres', log: serviceLog });
    cleanups.push(postgres.stop);
    const databaseUrl = withDatabase(postgres.url, DATABASE);
    const maintenanceUrl = new URL(postgres.url).pathname === `/${DATABASE}` ? withDatabase(postgres.url, 'postgres') : postgres.url;
    await freshDatabase(maintenanceUrl);
    const redis = await ensureRedis({ dataDir, log: serviceLog });
    cleanups.push(redis.stop);
    const queuePrefix = demoQueuePrefix();
    // Runs after the API and worker have stopped (cleanups run newest first), before a Redis of our own stops.
    cleanups.push(() => deleteDemoKeys(redis.url, queuePrefix));
    // What an earlier run left outside its database belongs to that database, gone now.
    const checkpoints = path.join(dataDir, 'audit-checkpoints');
    fs.rmSync(checkpoints, { recursive: true, force: true });
    for (const name of fs.readdirSync(dataDir)) if (/^postmortem-.*\.md$/.test(name)) fs.rmSync(path.join(dataDir, name));
    stop.signal.throwIfAborted();

    const port = await choosePort(args.port);
    const host = process.env.HOST || '127.0.0.1';
    const baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    const ownAdmin = !(process.env.KILLSWITCH_ADMIN_EMAIL && process.env.KILLSWITCH_ADMIN_PASSWORD);
    const admin = ownAdmin
      ? { email: 'admin@killswitch.local', password: crypto.randomBytes(12).toString('base64url') }
      : { email: process.env.KILLSWITCH_ADMIN_EMAIL, password: process.env.KILLSWITCH_ADMIN_PASSWORD };
    const logFile = path.join(dataDir, 'control-plane.log');
    log(
      `PostgreSQL ${postgres.started ? `embedded in ${shown(path.join(dataDir, 'postgres'))}` : 'from DATABASE_URL'}, database ${DATABASE} (new); Redis ${redis.url}, keys {${queuePrefix}}:* (deleted at exit)`,
    );
    log(`starting the API on ${baseUrl} and the worker (log: ${shown(logFile)})`);
    const controlPlane = startControlPlane(
      {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        PORT: String(port),
        HOST: host,
        LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
        KILLSWITCH_QUEUE_PREFIX: queuePrefix,
        AUDIT_CHECKPOINT_DIR: checkpoints,
        KILLSWITCH_ADMIN_EMAIL: admin.email,
        KILLSWITCH_ADMIN_PASSWORD: admin.password,
        KILLSWITCH_DATA_DIR: dataDir,
      },
      logFile,
    );
    cleanups.push(async () => {
      log('stopping the API and the worker');
      await stopProcess(controlPlane, { signal: 'SIGINT', timeoutMs: CONTROL_PLANE_STOP_TIMEOUT_MS });
    });
    // Last resort should this script crash: do not leave the API and worker running.
    process.on('exit', () => controlPlane.exitCode === null && controlPlane.signalCode === null && controlPlane.kill('SIGTERM'));
    await Promise.race([waitForReady(baseUrl, controlPlane, logFile), new Promise((resolve) => stop.signal.addEventListener('abort', resolve))]);
    stop.signal.throwIfAborted();
    console.log();

    const story = await import(STORY);
    const runDemo = story.runDemo ?? story.default.runDemo;
    const result = await runDemo({
      url: baseUrl,
      admin,
      devices: args.devices,
      outDir: dataDir,
      output: { write: (text) => process.stdout.write(text), isTTY: Boolean(process.stdout.isTTY) },
      signal: stop.signal,
    });
    cleanups.push(async () => {
      log('stopping the simulated devices');
      await result.cast.fleet.sim.stop();
    });

    // The UI's address and the logins only when the UI stays up to be used (with --exit they would be dead on reading).
    if (args.exit) {
      log('--exit: stopping now (run without --exit to keep the admin UI up and get its logins)');
      return;
    }
    const { alice, bob, carol } = result.cast;
    console.log(`Admin UI: ${baseUrl}/admin`);
    for (const person of [alice, bob, carol]) console.log(`  ${person.email}  ${person.password}  (${person.roles.join(', ')})`);
    console.log(`  ${admin.email}  ${ownAdmin ? admin.password : '(your KILLSWITCH_ADMIN_PASSWORD)'}  (admin)`);
    console.log(`API docs: ${baseUrl}/docs`);
    console.log(`The ${args.devices} simulated devices stay connected. Ctrl+C stops everything.`);
    await new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
  } catch (err) {
    if (stop.signal.aborted) exitCode = 130;
    else {
      exitCode = 1;
      console.error(`[demo] failed: ${err instanceof SetupError ? err.message : (err?.stack ?? err)}`);
    }
  } finally {
    await cleanUp();
    if (exitCode !== 1) log('stopped');
  }
  process.exit(exitCode);
}

await main();
