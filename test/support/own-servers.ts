/**
 * PostgreSQL and Redis servers of a test's own, for fault tests that stop and
 * restart them: the shared servers on 5432 and 6379 must never be touched.
 * PostgreSQL is Debian's (PG_BIN, default /usr/lib/postgresql/15/bin), run as
 * user postgres when we are root (initdb refuses root); Redis is
 * redis-server from PATH with append-only persistence, as in production.
 */
import { execFile, execFileSync, spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes';

const exec = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface OwnPostgres {
  /** The `postgres` maintenance database (user postgres, trust). */
  adminUrl: string;
  port: number;
  /** A fast shutdown (every backend ended, as on a restart), waiting until the server is down. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop and remove everything. */
  destroy(): Promise<void>;
}

/** Replication settings of a primary that streams to standbys (the same on the standby, as hot standby requires). */
const REPLICATION = '-c wal_level=replica -c max_wal_senders=5 -c hot_standby=on';

function ownPgDir(): { root: string; data: string; pg: (binary: string, args: string[]) => Promise<unknown> } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-own-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['postgres:postgres', root]);
  // As root, the binaries run as user postgres; async, so that a test's own clients keep running meanwhile.
  const pg = (binary: string, args: string[]) =>
    asRoot ? exec('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, binary), ...args]) : exec(path.join(PG_BIN, binary), args);
  return { root, data: path.join(root, 'data'), pg };
}

/**
 * A server of the test's own; it can stream its WAL to a standby (startOwnStandby): wal_level=replica, WAL
 * senders, and initdb's pg_hba.conf lets `replication` connect from 127.0.0.1 with trust.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = ownPgDir();
  await dir.pg('initdb', ['-D', dir.data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  return runOwnPostgres(dir);
}

/** Starts the server in `dir` on a free port, with start/stop/destroy. */
async function runOwnPostgres({ root, data, pg }: ReturnType<typeof ownPgDir>): Promise<OwnPostgres> {
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c fsync=off -c max_connections=100 ${REPLICATION}`;
  const start = async () => void (await pg('pg_ctl', ['start', '-w', '-D', data, '-l', path.join(root, 'postgres.log'), '-o', options]));
  const stop = async () => void (await pg('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]));
  await start();
  return {
    adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop().catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A hot standby of `primary`, streaming its WAL: `pg_basebackup -R -X stream` from the primary, then started
 * on a port of its own. Read-only; stop() and start() take it away and bring it back.
 */
export async function startOwnStandby(primary: OwnPostgres): Promise<OwnPostgres> {
  const dir = ownPgDir();
  await dir.pg('pg_basebackup', ['-R', '-D', dir.data, '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-X', 'stream', '--no-sync']);
  return runOwnPostgres(dir);
}

export interface OwnRedis {
  url: string;
  port: number;
  /** SHUTDOWN (the append-only file is kept), waiting until the process is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  /** SIGSTOP: connections stay open and nothing is answered, as a stalled server or a silent network. */
  freeze(): void;
  /** SIGCONT after freeze. */
  thaw(): void;
  destroy(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-own-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const log = fs.openSync(path.join(dir, 'redis.log'), 'a');
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--dir', dir, '--save', ''], {
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    for (let i = 0; i < 100; i++) {
      const pong = await exec('redis-cli', ['-p', String(port), 'ping']).catch(() => undefined);
      if (pong?.stdout.trim() === 'PONG') return;
      await sleep(100);
    }
    throw new Error(`redis-server on ${port} did not start: ${fs.readFileSync(path.join(dir, 'redis.log'), 'utf8').slice(-2000)}`);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    await exec('redis-cli', ['-p', String(port), 'shutdown']).catch(() => undefined);
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    async destroy() {
      child?.kill('SIGCONT');
      await stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Redis clients by connection name (CLIENT LIST), without the asking one. */
export async function redisClientsByName(port: number): Promise<Record<string, number>> {
  const { stdout } = await exec('redis-cli', ['-p', String(port), 'client', 'list']);
  const counts: Record<string, number> = {};
  for (const line of stdout.split('\n')) {
    if (!line.trim() || / cmd=client\|list /.test(line)) continue;
    const name = /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
