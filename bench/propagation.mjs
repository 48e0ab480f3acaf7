// Propagation benchmark: time from the kill request to every one of N connected devices having
// received the kill's event on its stream (GET /v1/device/events). Real API and worker
// processes; devices seeded in SQL (one enrolled through the API, the rest cloned from it),
// each holding one server-sent event stream from a stream-holder child process
// (bench/lib/stream-holder.mjs). Run with `npm run bench:propagation` (10,000 devices) or
// `npm run bench:propagation:100k` (100,000).
//
// Writes its BENCHMARKS.md section only at a full size: `propagation` at 10,000 devices,
// `propagation-100k` at 100,000, with the default rounds, and not with BENCH_NO_WRITE=1; any other
// size prints the section.
//
// Open files: every stream is a socket in a stream holder and in an API process. A holder takes at
// most STREAMS_PER_HOLDER streams, each on its own loopback source address (127.0.0.2, .3, …: one
// address has about 28,000 ports). An API process needs about one descriptor a stream; when this
// machine's open-file limit (raised with prlimit where permitted) is below that, the streams are
// spread over several API instances (stateless replicas, as behind a load balancer), each device
// connecting to one of them, and the section says so.
//
// Environment (optional): BENCH_DEVICES=10000  BENCH_ROUNDS=5
//   BENCH_API_INSTANCES=<n>        default: as few as the open-file limit allows
//   BENCH_OPEN_CONCURRENCY=48      streams being opened at once, over all holders (each first open
//                                  loads the device from PostgreSQL: this bounds the connections the
//                                  API instances' pools open; each pool is DATABASE_POOL_MAX,
//                                  sized so that all of them and the worker's stay under 100)
//   BENCH_NO_WRITE=1  BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379
//   BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"   extra node flags for the API processes
//   BENCH_WORKER_NODE_ARGS=…       the same for the worker
//
// API CPU per pushed device: the API processes' CPU (user + system, /proc) from just before the kill
// request to the moment every device has the kill's event, ÷ devices; and the same until the API has
// gone quiet again (the delivery jobs' pushes through Redis, which find every stream already current).

import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { cpuSecondsOf, freePort, machineCpuSeconds, postgresBackendsOf, reachableFdLimit, startNode, stop } from './lib/processes.mjs';
import { INVENTORY, cloneDevicesInDatabase, enrollThroughApi } from './lib/seed.mjs';
import { machine, provenance, publishSection } from './lib/report.mjs';
import { ROOT, startStack } from './lib/stack.mjs';

const env = process.env;
const DEVICES = Number(env.BENCH_DEVICES ?? 10_000);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 5);
const OPEN_CONCURRENCY = Number(env.BENCH_OPEN_CONCURRENCY ?? 48);
const SECTIONS = { 10_000: ['propagation', 'npm run bench:propagation'], 100_000: ['propagation-100k', 'npm run bench:propagation:100k'] };
const [SECTION, COMMAND] = SECTIONS[DEVICES] ?? [`propagation-${DEVICES}`, `BENCH_DEVICES=${DEVICES} node bench/propagation.mjs`];
const STREAMS_PER_HOLDER = 12_500;
/** Descriptors an API process needs besides its streams: database pool, Redis, listeners, files. */
const API_SPARE_FDS = 2_000;
const HOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'stream-holder.mjs');
const log = (message) => console.log(`[bench:propagation] ${message}`);
const int = (x) => Math.round(x).toLocaleString('en-US');

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Sends `message` to a holder and resolves with its answer of type `reply`. */
function ask(holder, message, reply) {
  return new Promise((resolve, reject) => {
    const onMessage = (answer) => {
      if (answer.type !== reply) return;
      holder.off('message', onMessage);
      resolve(answer);
    };
    holder.on('message', onMessage);
    void holder.exited.then(({ code, signal }) => reject(new Error(`${holder.label} exited (${signal ?? code}):\n${holder.outputTail()}`)));
    holder.send(message);
  });
}

async function main() {
  const fdLimit = reachableFdLimit(DEVICES + API_SPARE_FDS);
  const instances = Number(env.BENCH_API_INSTANCES ?? Math.ceil(DEVICES / (fdLimit - API_SPARE_FDS)));
  const holdersCount = Math.ceil(DEVICES / STREAMS_PER_HOLDER);
  log(`${DEVICES} streams: ${instances} API instance(s) (open files a process may have: ${fdLimit}), ${holdersCount} stream holder(s)`);
  // Every process shares PostgreSQL's 100 connections: each instance's pool is sized so the API
  // instances and the worker stay under it (DATABASE_POOL_MAX).
  const poolMax = Math.max(4, Math.min(20, Math.floor(70 / (instances + 1))));
  const apiNodeArgs = env.BENCH_API_NODE_ARGS ? env.BENCH_API_NODE_ARGS.split(' ') : [];
  const workerNodeArgs = env.BENCH_WORKER_NODE_ARGS ? env.BENCH_WORKER_NODE_ARGS.split(' ') : [];
  const stack = await startStack('propagation', {
    workerLogLevel: 'info',
    nofile: fdLimit,
    apiNodeArgs,
    workerNodeArgs,
    // The worker's metrics port of its own: other runs on this machine may hold the default one.
    apiEnv: { DATABASE_POOL_MAX: String(poolMax), WORKER_METRICS_PORT: String(await freePort()) },
  });
  try {
    const { api, db } = stack;
    await api.call('POST', '/v1/integrations', { key: 'xiaomi.doorbell', vendor: 'xiaomi', name: 'Doorbell' });
    const [template] = await enrollThroughApi(api, 1);
    await api.call(
      'PUT',
      '/v1/device/inventory',
      { items: [...INVENTORY, { integration: 'xiaomi.doorbell', vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }] },
      { authorization: `Bearer ${template.credential}` },
    );
    let t = Date.now();
    const devices = [template, ...(await cloneDevicesInDatabase(db, template.id, DEVICES - 1))];
    await db.query('ANALYZE');
    log(`${devices.length} devices seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    // Replicas start one after another: the first start of an instance may create keys.
    const ports = [stack.port];
    const apiPids = [stack.apiProcess.pid];
    for (let i = 1; i < instances; i++) {
      const replica = await stack.addApi();
      ports.push(replica.port);
      apiPids.push(replica.process.pid);
    }
    const apiCpu = () => apiPids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);

    // Holder h takes devices h·N/H … and one source address; device i connects to API instance i mod instances.
    t = Date.now();
    const holders = [];
    for (let h = 0; h < holdersCount; h++) {
      const holder = startNode(`streams-${h}`, [HOLDER], { cwd: ROOT, ipc: true, nofile: STREAMS_PER_HOLDER + 1000 });
      const from = Math.floor((h * devices.length) / holdersCount);
      const to = Math.floor(((h + 1) * devices.length) / holdersCount);
      holder.devices = to - from;
      holder.opened = ask(
        holder,
        {
          type: 'open',
          streams: devices.slice(from, to).map((d, j) => ({ port: ports[(from + j) % instances], credential: d.credential })),
          localAddress: `127.0.0.${2 + (h % 250)}`,
          concurrency: Math.max(1, Math.round(OPEN_CONCURRENCY / holdersCount)),
        },
        'opened',
      );
      holders.push(holder);
    }
    const opened = await Promise.all(holders.map((h) => h.opened));
    const holdersCpu = () => holders.reduce((sum, h) => sum + cpuSecondsOf(h.pid), 0);
    const redisPids = pidsOf('redis-server');
    const database = new URL(stack.databaseUrl).pathname.slice(1);
    // The rest of the machine's CPU over a round, by process: where "everything else" goes. PostgreSQL's by backend, so
    // that one ending during the round takes away only its own seconds (cpuDelta).
    const othersCpu = () => ({
      worker: new Map([[stack.worker.pid, cpuSecondsOf(stack.worker.pid)]]),
      postgres: new Map(postgresBackendsOf(database).map((pid) => [pid, cpuSecondsOf(pid) || 0])),
      redis: new Map(redisPids.map((pid) => [pid, cpuSecondsOf(pid) || 0])),
    });
    const open = opened.reduce((sum, o) => sum + o.open, 0);
    log(`${open} streams open in ${((Date.now() - t) / 1000).toFixed(1)} s, each with its first answer (${opened.reduce((s, o) => s + o.failed, 0)} failed)`);
    if (open < devices.length) throw new Error(`only ${open} of ${devices.length} streams opened`);
    await new Promise((r) => setTimeout(r, 2000));

    const timeoutMs = Math.max(60_000, DEVICES * 2);
    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate: kill the doorbell for every device, then lift it, so every round changes every device.
      const cpuBefore = apiCpu();
      const holdersBefore = holdersCpu();
      const machineBefore = machineCpuSeconds().busy;
      const othersBefore = othersCpu();
      const started = Date.now();
      const kill = (
        await api.call('POST', '/v1/kill-switches', { scope: { vendor: 'xiaomi', integration: 'xiaomi.doorbell' }, reason: `bench round ${round}` })
      ).body;
      const answered = Date.now() - started;
      const waited = await Promise.all(holders.map((h) => ask(h, { type: 'wait', rev: kill.revision, timeoutMs }, 'waited')));
      const cpuPushed = apiCpu() - cpuBefore;
      const cpuHolders = holdersCpu() - holdersBefore;
      const cpuMachine = machineCpuSeconds().busy - machineBefore;
      const othersAfter = othersCpu();
      const othersUs = Object.entries(othersAfter)
        .map(([name, seconds]) => `${name} ${((cpuDelta(othersBefore[name], seconds) * 1e6) / devices.length).toFixed(1)}`)
        .join(', ');
      const cpuQuiet = (await apiQuiet(apiCpu)) - cpuBefore;
      const delays = waited
        .flatMap((w) => w.times)
        .filter((at) => at !== null)
        .map((at) => at - started)
        .sort((a, b) => a - b);
      const result = {
        round,
        answered,
        received: delays.length,
        first: delays[0],
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        max: delays[delays.length - 1],
        errors: waited.reduce((sum, w) => sum + w.errors, 0),
        cpuPerDeviceUs: (cpuPushed * 1e6) / devices.length,
        cpuQuietPerDeviceUs: (cpuQuiet * 1e6) / devices.length,
        holdersPerDeviceUs: (cpuHolders * 1e6) / devices.length,
        othersPerDeviceUs: ((cpuMachine - cpuPushed - cpuHolders) * 1e6) / devices.length,
        othersUs,
      };
      rounds.push(result);
      log(
        `round ${round + 1}: kill answered in ${answered} ms; ${delays.length}/${devices.length} devices got rev ${kill.revision}: first ${result.first} ms, p50 ${result.p50} ms, p99 ${result.p99} ms, last ${result.max} ms; API CPU ${result.cpuPerDeviceUs.toFixed(1)} µs a device (${result.cpuQuietPerDeviceUs.toFixed(1)} µs until quiet); holders ${result.holdersPerDeviceUs.toFixed(1)} µs, everything else ${result.othersPerDeviceUs.toFixed(1)} µs a device (of which ${othersUs}); stream errors so far ${result.errors}`,
      );
      // Lift it (break glass), and wait until every device has the lift's revision before the next round.
      await api.call('POST', `/v1/kill-switches/${kill.id}/lift-requests`, { reason: 'bench: next round', breakGlass: true });
      const lifted = await Promise.all(holders.map((h) => ask(h, { type: 'wait', rev: kill.revision + 1, timeoutMs }, 'waited')));
      const behind = devices.length - lifted.reduce((sum, w) => sum + w.reached, 0);
      if (behind > 0) log(`${behind} devices did not get the lift within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    for (const h of holders) h.send({ type: 'close' });
    await Promise.all(holders.map((h) => stop(h)));
    await stop(stack.worker);
    report({ rounds, devices: devices.length, instances, holders: holdersCount, fdLimit });
  } finally {
    await stack.close();
  }
}

/** CPU seconds between two readings by pid: a process in both counts its difference, one only in the second all of it. */
function cpuDelta(before, after) {
  let sum = 0;
  for (const [pid, seconds] of after) if (!Number.isNaN(seconds)) sum += seconds - (before.get(pid) ?? 0);
  return sum;
}

/** Pids of the processes named `name` (pgrep), none when pgrep finds none. */
function pidsOf(name) {
  try {
    return execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Waits until the API processes have used under 20 ms of CPU in 500 ms (at most 30 s); returns their CPU seconds then. */
async function apiQuiet(apiCpu) {
  let last = apiCpu();
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const now = apiCpu();
    if (now - last < 0.02) return now;
    last = now;
  }
  return last;
}

function report({ rounds, devices, instances, holders, fdLimit }) {
  const m = machine(ROOT);
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const apis =
    instances === 1
      ? 'one API process'
      : `${instances} API instances (stateless replicas on their own ports; device i connects to instance i mod ${instances}, as a load balancer would spread them: one process may open only ${int(fdLimit)} files on this machine)`;
  const body = `## Propagation: kill request → every connected device has the event (${int(devices)} streams)

${provenance(m, COMMAND, `${DEVICES !== 10_000 ? `BENCH_DEVICES=${DEVICES} ` : ''}node bench/propagation.mjs`)}

| round | kill answered | devices that got it | first | p50 | p99 | last | API CPU / device, to the last event | … until the API is quiet | holders' CPU / device | the rest of the machine / device |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rounds.map((r) => `| ${r.round + 1} | ${r.answered} ms | ${int(r.received)} | ${r.first} ms | ${r.p50} ms | ${r.p99} ms | ${r.max} ms | ${r.cpuPerDeviceUs.toFixed(1)} µs | ${r.cpuQuietPerDeviceUs.toFixed(1)} µs | ${r.holdersPerDeviceUs.toFixed(1)} µs | ${r.othersPerDeviceUs.toFixed(1)} µs (${r.othersUs}) |`).join('\n')}

Median of the rounds: **p50 ${med(rounds.map((r) => r.p50))} ms, p99 ${med(rounds.map((r) => r.p99))} ms; API CPU per pushed device ${med(rounds.map((r) => r.cpuPerDeviceUs)).toFixed(1)} µs (${med(rounds.map((r) => r.cpuQuietPerDeviceUs)).toFixed(1)} µs until quiet)**${devices === 10_000 ? ' (target: p99 < 1 s)' : ' (the < 1 s target is for 10,000 devices; here 100,000 streams, their holders and every API instance share the same 2 cores)'}.${rounds.some((r) => r.received < devices) ? ' **Some devices did not get the event within the timeout.**' : ''}${rounds.at(-1).errors ? ` Stream errors: ${rounds.at(-1).errors}.` : ''}

How: ${apis} and one worker process (\`dist/\`), PostgreSQL 15 and Redis local; ${holders === 1 ? 'one child process holds' : `${holders} child processes hold`} every
device's server-sent event stream (node:http${holders === 1 ? ', from 127.0.0.2' : `, each from its own loopback source address, 127.0.0.2–${2 + holders - 1}`}) on the same ${m.nproc} cores. Each round kills one integration
(\`xiaomi.doorbell\`) linked on every device, measures from just before \`POST /v1/kill-switches\` to the arrival of the event
whose \`id\` is the kill's revision on each stream, then lifts it (break glass) and waits until every device has the lift. The path
measured is the product's: transaction with outbox row and NOTIFY → each API instance pushes to its streams whose answer changed;
relay → BullMQ fan-out → delivery jobs → Redis pub/sub → the API instances' streams for whatever that push missed. API CPU:
the API processes' user + system CPU (\`/proc\`, 10 ms ticks) from just before the kill request to the last device's event, ÷ devices
(it includes the kill request and the rules reload); "until quiet" runs on until the API has used under 20 ms in 500 ms (the
delivery jobs' pushes, which find the streams already current). The holders' CPU and the rest of the machine's (\`/proc/stat\`: the worker,
PostgreSQL, Redis, the kernel's loopback work, and anything else running) are over the same window as the first API column. Load average (1, 5, 15 min) at the end: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}.`;
  publishSection(path.join(ROOT, 'BENCHMARKS.md'), SECTION, body, { full: Boolean(SECTIONS[DEVICES]) && ROUNDS === 5, log });
}

main().catch((error) => {
  console.error(`[bench:propagation] ${error.stack ?? error.message}`);
  process.exit(1);
});
