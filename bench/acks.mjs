// Acknowledgement benchmark: after a kill reaches N registered devices, every device sends
// POST /v1/device/acks for the kill's revision at once (BENCH_ACK_CONCURRENCY in flight), and
// this measures ack latency and throughput, and when GET /v1/revocations/:id shows 100 %.
// Real API and worker processes; devices seeded in SQL. Run with `npm run bench:acks`.
//
// Environment (optional): BENCH_DEVICES=10000  BENCH_ACK_CONCURRENCY=100 (acks in flight)
//   BENCH_ACK_PIPELINE=1 (acks in flight on each connection: CONCURRENCY / PIPELINE connections)
//   BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379
//   BENCH_CPU_PROF=<dir>  run the API with --cpu-prof, its profile into <dir> (nothing is written to BENCHMARKS.md)
// Writes its BENCHMARKS.md section only at the default size and not with BENCH_NO_WRITE=1; any
// other run prints the section.

import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { buildRequest, sendAll } from './lib/http-lanes.mjs';
import { cpuSecondsOf, stop } from './lib/processes.mjs';
import { cloneDevicesInDatabase, enrollThroughApi } from './lib/seed.mjs';
import { machine, provenance, publishSection } from './lib/report.mjs';
import { ROOT, startStack } from './lib/stack.mjs';

const DEFAULT_DEVICES = 10_000;
const DEVICES = Number(process.env.BENCH_DEVICES ?? DEFAULT_DEVICES);
const CONCURRENCY = Number(process.env.BENCH_ACK_CONCURRENCY ?? 100);
const PIPELINE = Number(process.env.BENCH_ACK_PIPELINE ?? 1);
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

    const kill = (await api.call('POST', '/v1/kill-switches', { scope: { vendor: 'xiaomi' }, reason: 'bench: acks' })).body;
    const queued = await waitFor(api, kill.revocationId, (v) => v.counts.queued + v.counts.sent >= devices.length, 120_000);
    log(`kill ${kill.id} at rev ${kill.revision}: ${queued.counts.queued + queued.counts.sent} deliveries recorded`);

    const cpuBefore = { api: cpuSecondsOf(apiProcess.pid), worker: cpuSecondsOf(worker.pid) };
    const loadCpuBefore = process.cpuUsage();
    const send = await ackAll(port, devices, Number(kill.revision));
    const windowStart = monotonicUs();
    const started = performance.now();
    const { latencies, failures } = await send();
    const windowEnd = monotonicUs();
    const sent = performance.now() - started;
    const loadCpu = process.cpuUsage(loadCpuBefore);
    const apiCpu = cpuSecondsOf(apiProcess.pid) - cpuBefore.api;
    const workerCpu = cpuSecondsOf(worker.pid) - cpuBefore.worker;
    const complete = await waitFor(api, kill.revocationId, (v) => v.counts.acknowledged >= devices.length, 60_000);
    const full = performance.now() - started;
    const result = {
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
      workerCpu,
      acknowledged: complete.counts.acknowledged,
      progress: complete.progress,
    };
    log(
      `${result.devices} acks in ${(sent / 1000).toFixed(1)} s (${Math.round(result.perSecond)}/s), p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
        `max ${result.max.toFixed(0)} ms, failures ${result.failures}, API CPU ${result.apiUsPerAck.toFixed(0)} µs an ack (load generator ${result.loadUsPerAck.toFixed(0)} µs); revocation at ${result.acknowledged} acknowledged after ${(full / 1000).toFixed(1)} s`,
    );
    await stop(worker);
    await stop(apiProcess);
    report(result);
    if (PROFILE_DIR) log(`API CPU profile (pid ${apiProcess.pid}) written to ${PROFILE_DIR}; the acks' window: ${windowStart}-${windowEnd}`);
  } finally {
    await stack.close();
  }
}

function report(r) {
  const m = machine(ROOT);
  publishSection(
    path.join(ROOT, 'BENCHMARKS.md'),
    'acks',
    `## Acknowledgements: ${r.devices.toLocaleString('en-US')} devices ack one kill at once

${provenance(m, 'npm run bench:acks', 'node bench/acks.mjs')}

| devices | acks sent in | acks a second | ack p50 | ack p99 | slowest | failed | API CPU an ack | revocation at 100 % after |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${r.devices.toLocaleString('en-US')} | ${(r.sent / 1000).toFixed(1)} s | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(0)} ms | ${r.failures} | ${r.apiUsPerAck.toFixed(0)} µs | ${(r.full / 1000).toFixed(1)} s (${r.acknowledged.toLocaleString('en-US')} acknowledged) |

How: one API and one worker process (\`dist/\`), PostgreSQL 15 and Redis local. Every device (seeded in SQL) polls
once first, as a device does before it hears of a kill. A kill of the whole vendor then reaches every device; once its deliveries are recorded, every device posts
\`{ "rev": <the kill's revision> }\` to \`POST /v1/device/acks\`, ${CONCURRENCY} in flight, each on its own keep-alive connection${PIPELINE > 1 ? ` (${PIPELINE} pipelined on each)` : ''} (bench/lib/http-lanes.mjs: pre-built requests, so the load generator costs the API's cores little),
and the run polls \`GET /v1/revocations/:id\` until it shows all of them acknowledged. Each ack raises the
device's acknowledged revision, closes its open deliveries and adds them to the revocation's counter;
each API instance writes the acks that arrive together in one batch.`,
    { full: DEVICES === DEFAULT_DEVICES && !PROFILE_DIR, log },
  );
}

main().catch((error) => {
  console.error(`[bench:acks] ${error.stack ?? error.message}`);
  process.exit(1);
});
