// Acknowledgement benchmark: after a kill reaches N registered devices, every device sends
// POST /v1/device/acks for the kill's revision at once (BENCH_ACK_CONCURRENCY in flight), and
// this measures ack latency and throughput, and when GET /v1/revocations/:id shows 100 %.
// Real API and worker processes; devices seeded in SQL. Run with `npm run bench:acks`.
//
// Environment (optional): BENCH_DEVICES=10000  BENCH_ACK_CONCURRENCY=100 (acks in flight)
//   BENCH_ROUNDS=3 (each round a new kill, its deliveries recorded, then every device acks its revision: round 1
//   runs on a cold API (JIT, prepared statements, pool), the later rounds warm; both are printed, labelled)
//   BENCH_ACK_PIPELINE=1 (acks in flight on each connection: CONCURRENCY / PIPELINE connections)
//   BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379
//   BENCH_CPU_PROF=<dir>  run the API with --cpu-prof, its profile into <dir> (nothing is written to BENCHMARKS.md)
// Writes its BENCHMARKS.md section only at the default size and not with BENCH_NO_WRITE=1; any
// other run prints the section.

import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { buildRequest, sendAll } from './lib/http-lanes.mjs';
import { cpuSecondsOf, postgresCpuSeconds, stop } from './lib/processes.mjs';
import { cloneDevicesInDatabase, enrollThroughApi } from './lib/seed.mjs';
import { machine, median, provenance, publishSection } from './lib/report.mjs';
import { ROOT, startStack } from './lib/stack.mjs';

const DEFAULT_DEVICES = 10_000;
const DEVICES = Number(process.env.BENCH_DEVICES ?? DEFAULT_DEVICES);
const CONCURRENCY = Number(process.env.BENCH_ACK_CONCURRENCY ?? 100);
const PIPELINE = Number(process.env.BENCH_ACK_PIPELINE ?? 1);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const PROFILE_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
const log = (message) => console.log(`[bench:acks] ${message}`);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const monotonicUs = () => process.hrtime.bigint() / 1000n;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function revocation(api, id) {
  return (await api.call('GET', `/v1/revocations/${id}`)).body;
}

/** Polls the revocation until `done(view)` or the deadline; returns the view. */
async function waitFor(api, id, done, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await revocation(api, id);
    if (done(view) || Date.now() > deadline) return view;
    await sleep(50);
  }
}

/** One poll per device, CONCURRENCY in flight. */
async function pollAll(baseUrl, devices) {
  let next = 0;
  async function lane() {
    while (next < devices.length) {
      const device = devices[next++];
      const res = await fetch(`${baseUrl}/v1/device/flags`, { headers: { authorization: `Bearer ${device.credential}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`poll of ${device.id}: ${res.status}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

/**
 * Every device acks `rev` with its own credential, CONCURRENCY in flight over as many keep-alive connections
 * (PIPELINE requests on each, 1 by default: one at a time, as a device sends them). The requests are built
 * before the clock starts; returns each ack's latency (ms) and the statuses other than 2xx (0: no answer).
 */
async function ackAll(port, devices, rev) {
  const body = JSON.stringify({ rev });
  const requests = devices.map((device) =>
    buildRequest('POST', '/v1/device/acks', `127.0.0.1:${port}`, { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' }, body),
  );
  return async () => {
    const { statuses, latencies } = await sendAll({ host: '127.0.0.1', port, requests, connections: Math.ceil(CONCURRENCY / PIPELINE), pipeline: PIPELINE });
    return { latencies: [...latencies].sort((a, b) => a - b), failures: [...statuses].filter((status) => status < 200 || status > 299) };
  };
}

/**
 * One round: a new kill of every device, its deliveries recorded, then every device acks its revision. Only the
 * acks' window is measured: the kill, the fan-out and this run's GET /v1/revocations/:id polls fall before or after it.
 */
async function ackRound({ api, db, port, apiProcess, worker, databaseUrl }, devices, round) {
  const kill = (await api.call('POST', '/v1/kill-switches', { scope: { vendor: 'xiaomi' }, reason: `bench: acks, round ${round}` })).body;
  const queued = await waitFor(api, kill.revocationId, (v) => v.counts.queued + v.counts.sent >= devices.length, 120_000);
  const recorded = queued.counts.queued + queued.counts.sent;
  log(`round ${round}: kill ${kill.id} at rev ${kill.revision}: ${recorded} deliveries recorded`);
  // Acks of a kill with no deliveries close nothing: such a round measures another path, so it is not reported.
  if (recorded < devices.length) throw new Error(`round ${round}: ${recorded} of ${devices.length} deliveries recorded after 120 s (is the worker running?)`);

  const cpuBefore = { api: cpuSecondsOf(apiProcess.pid), worker: cpuSecondsOf(worker.pid), db: postgresCpuSeconds(databaseUrl) };
  const loadCpuBefore = process.cpuUsage();
  const commitsBefore = await commits(db);
  const send = await ackAll(port, devices, Number(kill.revision));
  const windowStart = monotonicUs();
  const started = performance.now();
  const { latencies, failures } = await send();
  const windowEnd = monotonicUs();
  const sent = performance.now() - started;
  const loadCpu = process.cpuUsage(loadCpuBefore);
  const apiCpu = cpuSecondsOf(apiProcess.pid) - cpuBefore.api;
  const workerCpu = cpuSecondsOf(worker.pid) - cpuBefore.worker;
  const dbCpu = postgresCpuSeconds(databaseUrl) - cpuBefore.db;
  // PostgreSQL publishes a backend's counts within a second of its transactions; this reading's own counts once.
  await sleep(1100);
  const windowCommits = (await commits(db)) - commitsBefore - 1;
  const complete = await waitFor(api, kill.revocationId, (v) => v.counts.acknowledged >= devices.length, 60_000);
  if (complete.counts.acknowledged < devices.length)
    throw new Error(`round ${round}: ${complete.counts.acknowledged} of ${devices.length} deliveries acknowledged 60 s after the acks were answered`);
  const full = performance.now() - started;
  const background = await backgroundCpu(api, apiProcess, kill.revocationId);
  const result = {
    round,
    devices: devices.length,
    sent,
    full,
    perSecond: devices.length / (sent / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1],
    failures: failures.length,
    apiUsPerAck: (apiCpu / devices.length) * 1e6,
    // This process sends the acks on the same cores: what it costs says whether it, not the API, sets the rate.
    loadUsPerAck: (loadCpu.user + loadCpu.system) / devices.length,
    // The database's backends for this run (the worker's included) over the same window.
    dbUsPerAck: (dbCpu / devices.length) * 1e6,
    workerCpu,
    acknowledged: complete.counts.acknowledged,
    progress: complete.progress,
    windowStart,
    windowEnd,
    // The API's CPU while idle, as µs an ack over a window as long as this round's: what the measure holds besides acks.
    // Two statements, each its own transaction, a batch, and whatever the worker committed meanwhile: an upper bound on batches.
    acksPerCommit: devices.length / windowCommits,
    idleUsPerAck: (background.idleUsPerSecond * (sent / 1000)) / devices.length,
    pollUs: background.pollUs,
  };
  log(
    `round ${round} (${round === 1 ? 'cold' : 'warm'}): ${result.devices} acks in ${(sent / 1000).toFixed(1)} s (${Math.round(result.perSecond)}/s), p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
      `max ${result.max.toFixed(0)} ms, failures ${result.failures}, API CPU ${result.apiUsPerAck.toFixed(0)} µs an ack (PostgreSQL ${result.dbUsPerAck.toFixed(0)} µs, load generator ${result.loadUsPerAck.toFixed(0)} µs); revocation at ${result.acknowledged} acknowledged after ${(full / 1000).toFixed(1)} s; ` +
      `${result.acksPerCommit.toFixed(1)} acks a committed transaction in the window; ` +
      `outside the window: the API idle ${background.idleUsPerSecond.toFixed(0)} µs/s (≈ ${result.idleUsPerAck.toFixed(1)} µs an ack over this window), one GET /v1/revocations/:id ${background.pollUs.toFixed(0)} µs`,
  );
  return result;
}

/**
 * What the API spends besides acks, measured right after a round: its CPU over 2 s idle (timers, metrics, pool),
 * and one GET /v1/revocations/:id (the polls that find a round's deliveries recorded and acknowledged, outside the acks' window).
 */
async function backgroundCpu(api, apiProcess, revocationId) {
  const idleMs = 2000;
  const idleBefore = cpuSecondsOf(apiProcess.pid);
  await sleep(idleMs);
  const idleUsPerSecond = ((cpuSecondsOf(apiProcess.pid) - idleBefore) * 1e6) / (idleMs / 1000);
  const polls = 200;
  const pollBefore = cpuSecondsOf(apiProcess.pid);
  for (let i = 0; i < polls; i++) await revocation(api, revocationId);
  const pollUs = ((cpuSecondsOf(apiProcess.pid) - pollBefore) * 1e6) / polls;
  return { idleUsPerSecond, pollUs };
}

/** The transactions committed in the bench's database so far. */
async function commits(db) {
  const { rows } = await db.query('SELECT xact_commit::bigint::text AS n FROM pg_stat_database WHERE datname = current_database()');
  return Number(rows[0].n);
}

/** The warm rounds' medians, each figure on its own. */
function warmMedians(rounds) {
  const of = (key) => median(rounds.map((r) => r[key]));
  return {
    rounds: rounds.length,
    perSecond: of('perSecond'),
    p50: of('p50'),
    p99: of('p99'),
    apiUsPerAck: of('apiUsPerAck'),
    dbUsPerAck: of('dbUsPerAck'),
    loadUsPerAck: of('loadUsPerAck'),
  };
}

async function main() {
  const stack = await startStack('acks', {
    workerLogLevel: 'warn',
    apiNodeArgs: PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [],
  });
  try {
    const { api, db, port, apiProcess, worker } = stack;
    const [template] = await enrollThroughApi(api, 1);
    const devices = [template, ...(await cloneDevicesInDatabase(db, template.id, DEVICES - 1))];
    await db.query('ANALYZE');
    // Devices that ack have polled or streamed before: their credentials are in the API's memory.
    await pollAll(`http://127.0.0.1:${port}`, devices);
    log(`${devices.length} devices seeded, each polled once`);

    const rounds = [];
    for (let round = 1; round <= ROUNDS; round++) rounds.push(await ackRound(stack, devices, round));
    const first = rounds[0];
    const warm = rounds.slice(1);
    if (warm.length > 0) {
      const w = warmMedians(warm);
      log(
        `warm (median of rounds 2-${ROUNDS}): ${Math.round(w.perSecond)} acks/s, p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms, ` +
          `API CPU ${w.apiUsPerAck.toFixed(0)} µs an ack (rounds: ${warm.map((r) => r.apiUsPerAck.toFixed(0)).join(', ')}), PostgreSQL ${w.dbUsPerAck.toFixed(0)} µs, load generator ${w.loadUsPerAck.toFixed(0)} µs; cold (round 1): API CPU ${first.apiUsPerAck.toFixed(0)} µs an ack`,
      );
    }
    // Whether the rows an ack updates stay on their page (a HOT update) or take a new one and an entry in every index.
    await sleep(1100);
    const { rows: hot } = await db.query(
      `SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname IN ('devices', 'deliveries', 'revocations') ORDER BY relname`,
    );
    log(
      `updates since the database was made, HOT of all (seeding, sightings and every round): ${hot.map((t) => `${t.relname} ${t.n_tup_hot_upd} of ${t.n_tup_upd}`).join(', ')}`,
    );
    await stop(worker);
    await stop(apiProcess);
    report(first, warm.length > 0 ? warmMedians(warm) : undefined);
    if (PROFILE_DIR)
      log(
        `API CPU profile (pid ${apiProcess.pid}) written to ${PROFILE_DIR}; the acks' windows: ${rounds.map((r) => `${r.windowStart}-${r.windowEnd}`).join(' ')}`,
      );
  } finally {
    await stack.close();
  }
}

function report(r, warm) {
  const m = machine(ROOT);
  publishSection(
    path.join(ROOT, 'BENCHMARKS.md'),
    'acks',
    `## Acknowledgements: ${r.devices.toLocaleString('en-US')} devices ack one kill at once

${provenance(m, 'npm run bench:acks', 'node bench/acks.mjs')}

| devices | acks sent in | acks a second | ack p50 | ack p99 | slowest | failed | API CPU an ack | PostgreSQL CPU an ack | load generator CPU an ack | revocation at 100 % after |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${r.devices.toLocaleString('en-US')} (round 1, cold) | ${(r.sent / 1000).toFixed(1)} s | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(0)} ms | ${r.failures} | ${r.apiUsPerAck.toFixed(0)} µs | ${r.dbUsPerAck.toFixed(0)} µs | ${r.loadUsPerAck.toFixed(0)} µs | ${(r.full / 1000).toFixed(1)} s (${r.acknowledged.toLocaleString('en-US')} acknowledged) |${
      warm
        ? `
| ${r.devices.toLocaleString('en-US')} (median of ${warm.rounds} warm rounds) | | ${Math.round(warm.perSecond).toLocaleString('en-US')} | ${warm.p50.toFixed(1)} ms | ${warm.p99.toFixed(1)} ms | | | ${warm.apiUsPerAck.toFixed(0)} µs | ${warm.dbUsPerAck.toFixed(0)} µs | ${warm.loadUsPerAck.toFixed(0)} µs | |`
        : ''
    }

How: one API and one worker process (\`dist/\`), PostgreSQL 15 and Redis local. Every device (seeded in SQL) polls
once first, as a device does before it hears of a kill. A kill of the whole vendor then reaches every device; once its deliveries are recorded, every device posts
\`{ "rev": <the kill's revision> }\` to \`POST /v1/device/acks\`, ${CONCURRENCY} in flight, each on its own keep-alive connection${PIPELINE > 1 ? ` (${PIPELINE} pipelined on each)` : ''} (bench/lib/http-lanes.mjs: pre-built requests, so the load generator costs the API's cores little),
and the run polls \`GET /v1/revocations/:id\` until it shows all of them acknowledged. CPU columns: each process's user + system time (\`/proc\`) over the acks' window, ÷ acks; PostgreSQL's is its backends for this run's database (the worker's too). Each ack raises the
device's acknowledged revision, closes its open deliveries and adds them to the revocation's counter;
each API instance writes the acks that arrive together in one batch (two batches in flight at most). ${ROUNDS > 1 ? `${ROUNDS} rounds, each a new kill acked by every device: round 1 on a freshly started API, the others warm (their medians).` : ''}`,
    { full: DEVICES === DEFAULT_DEVICES && !PROFILE_DIR, log },
  );
}

main().catch((error) => {
  console.error(`[bench:acks] ${error.stack ?? error.message}`);
  process.exit(1);
});
