// Child processes of a benchmark run: started pinned to a CPU when `taskset`
// exists, remembered so that every exit path (error, Ctrl+C) can stop them.

import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';

const running = new Set();

/** `taskset` (util-linux) pins a process to CPUs; without it we run unpinned and say so. */
export const canPin = os.platform() === 'linux' && spawnSync('taskset', ['-V']).status === 0;

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `prlimit` (util-linux) sets a resource limit on a process, or on a command it then execs. */
const canPrlimit = os.platform() === 'linux' && spawnSync('prlimit', ['--version']).status === 0;

/**
 * Starts `node <args>`; `cpus` (e.g. "0") pins it with taskset, `nofile` raises
 * its open-file limit (soft and hard) with prlimit when that is permitted (see
 * reachableFdLimit; otherwise it keeps the inherited limit). Both exec node in
 * place, so the child's pid is node's own (what /proc accounting needs). `ipc`
 * opens a message channel (child.send, child.on('message')).
 * The last lines of its output are kept for error messages.
 */
export function startNode(name, args, { env = {}, cpus, cwd, nofile, ipc = false } = {}) {
  let argv = [process.execPath, ...args];
  if (nofile !== undefined && reachableFdLimit(nofile) === nofile) argv = ['prlimit', `--nofile=${nofile}:${nofile}`, '--', ...argv];
  if (cpus !== undefined && canPin) argv = ['taskset', '-c', cpus, ...argv];
  const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])] });
  const tail = [];
  const keep = (chunk) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) tail.push(line);
    if (tail.length > 40) tail.splice(0, tail.length - 40);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // A long-running child that dies on its own is reported at once, with its last output.
  void child.exited.then(({ code, signal }) => {
    if (!child.stopping && code !== 0)
      console.error(`[bench] ${name} (pid ${child.pid}) exited on its own (${signal ?? `exit ${code}`}):\n${child.outputTail()}`);
  });
  child.outputTail = () => tail.join('\n');
  child.label = name;
  running.add(child);
  void child.exited.then(() => running.delete(child));
  return child;
}

/** Runs `node <args>` to completion; throws with its output if it fails. */
export async function runNode(name, args, options) {
  const child = startNode(name, args, options);
  const { code, signal } = await child.exited;
  if (code !== 0) throw new Error(`${name} failed (${signal ?? `exit ${code}`}):\n${child.outputTail()}`);
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stop(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stopping = true;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export async function stopAll() {
  await Promise.all([...running].map((child) => stop(child)));
}

/** Polls `url` until it answers 200; fails early if the child dies first. */
export async function waitForOk(url, child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${child.label} exited before it was ready:\n${child.outputTail()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.label} not ready at ${url} after ${timeoutMs / 1000}s:\n${child.outputTail()}`);
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc. */
export function cpuSecondsOf(pid) {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/**
 * CPU seconds the whole machine has been busy (user, nice, system, irq,
 * softirq) and stolen (steal: the hypervisor ran another guest while this one
 * wanted the CPU), from /proc/stat. Busy minus what the server and the load
 * generator used is what other processes took during a run: on a shared
 * machine, the noise in the figures; so is steal.
 */
export function machineCpuSeconds() {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { busy: (user + nice + system + irq + softirq) / CLOCK_TICKS, steal: steal / CLOCK_TICKS };
  } catch {
    return { busy: NaN, steal: NaN };
  }
}

/**
 * Waits until the machine is nearly idle (under `maxCores` busy for two
 * seconds in a row) so other work on a shared machine does not land in a
 * measurement; gives up after `timeoutMs`. Returns the seconds waited, or -1
 * when it gave up.
 */
export async function waitForQuiet({ maxCores = 0.25, timeoutMs = 120_000 } = {}) {
  const started = Date.now();
  let quietSeconds = 0;
  while (Date.now() - started < timeoutMs) {
    const before = machineCpuSeconds();
    await new Promise((r) => setTimeout(r, 1000));
    const after = machineCpuSeconds();
    const busy = after.busy + after.steal - before.busy - before.steal;
    if (!(busy >= 0)) return 0; // no /proc: cannot tell, don't wait
    quietSeconds = busy < maxCores ? quietSeconds + 1 : 0;
    if (quietSeconds >= 2) return Math.round((Date.now() - started) / 1000) - 2;
  }
  return -1;
}

/**
 * The PostgreSQL backends (one process per connection) serving `database`, found by the title
 * PostgreSQL gives them ("postgres: [cluster: ]<user> <database> <client> <state>"), from /proc.
 * Empty when the server's processes are not visible here (another host or container).
 */
export function postgresBackendsOf(database) {
  const pids = [];
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return pids;
  }
  for (const name of entries) {
    try {
      const title = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0+$/, '');
      if (title.startsWith('postgres: ') && title.split(' ').includes(database)) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Pins this process (every thread) to `cpus`, so the load generator keeps off the server's CPU. */
export function pinSelf(cpus) {
  if (canPin) spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

/** The open-file limit of a process (`hard`: the ceiling it may raise its own to), from /proc; NaN if unknown. */
export function fdLimitOf(pid = process.pid, { hard = false } = {}) {
  try {
    const match = /^Max open files\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return Number(match?.[hard ? 2 : 1]);
  } catch {
    return NaN;
  }
}

/**
 * The most open files a child can get: `wanted` when prlimit may set it (above this process's
 * hard limit that needs CAP_SYS_RESOURCE, which a container often lacks), else the hard limit it
 * inherits (Node raises its soft limit to the hard one by itself).
 */
export function reachableFdLimit(wanted) {
  if (canPrlimit && spawnSync('prlimit', [`--nofile=${wanted}:${wanted}`, 'true'], { stdio: 'ignore' }).status === 0) return wanted;
  return Math.min(wanted, fdLimitOf(process.pid, { hard: true }));
}

/** Resident set size now and at its peak (VmRSS, VmHWM), in bytes, from /proc/<pid>/status; NaN if unknown. */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/** CPU seconds of the PostgreSQL backends serving the database of `databaseUrl` now (a backend that ended takes its seconds along). */
export function postgresCpuSeconds(databaseUrl) {
  const database = new URL(databaseUrl).pathname.slice(1);
  return postgresBackendsOf(database).reduce((sum, backend) => sum + (cpuSecondsOf(backend) || 0), 0);
}
