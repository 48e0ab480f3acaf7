// API memory with 1,000,000 devices registered: the API process's resident set (/proc) and V8
// heap (the heap probe, bench/lib/heap-probe.js) at idle after a fresh start, then after more and
// more devices have polled once (each poll caches the device's credential, record, inventory and
// signed answer in the API), each step also after a forced full GC and after an idle period; the
// slope per device of the heap used and committed, of the memory outside the heap and of RSS; and
// where the resident set is (V8's heap, array buffers, malloc's arenas, mapped files).
// Run with `npm run bench:memory` (builds first).
//
// Writes its BENCHMARKS.md section (`memory`) only at the full size (1,000,000 devices registered,
// default steps) and not with BENCH_NO_WRITE=1; any other run prints the section.
//
// Environment (optional):
//   BENCH_MEMORY_DEVICES=1000000                 devices registered (seeded in SQL, with credentials)
//   BENCH_MEMORY_STEPS=100000,250000,500000,1000000  devices that have polled once, cumulative
//   BENCH_MEMORY_MAX_MIN=40                      no new step starts after this many minutes of polling
//   BENCH_CONCURRENCY=64                         polls in flight
//   BENCH_MEMORY_SETTLE_SEC=30                   after each step's forced GC, idle this long, then sample again: the
//                                                state a production API is in between bursts of first polls (V8's
//                                                memory reducer may shrink the heap once allocation stops; measured
//                                                here, it shrank a fresh API's young generation, not the heap a
//                                                burst of first polls left)
//   BENCH_MEMORY_SEEN=1   the devices were seen a moment ago (lastSeenAt now, as the replica that restarted left it): their
//                         first polls write no sighting while the 5-minute window lasts (each step logs whether it turned);
//                         such a run never writes BENCHMARKS.md
//   BENCH_CPU_PROF=<dir>  run the API with --cpu-prof, its profile into <dir>; each step's polling window is logged in
//                         CLOCK_MONOTONIC µs, the profile's clock (bench/lib/profile-window.mjs reads it); nothing is written
//   BENCH_API_NODE_ARGS='--flag …'  node options for the API process (before its script), e.g. a V8 flag to compare
//   HEAP_COMPACTION=every-full-gc  (the API's own setting, passed through) compact the heap on every full collection
//   BENCH_NO_WRITE=1  BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379

import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { metricValue, mib, residentBreakdown, sampleMemory, slope } from './lib/memory.mjs';
import { buildRequest, sendAll } from './lib/http-lanes.mjs';
import { cpuSecondsOf, postgresCpuSeconds, stop } from './lib/processes.mjs';
import { machine, provenance, publishSection } from './lib/report.mjs';
import { createKillSwitch, seedDevicesInSql } from './lib/seed.mjs';
import { ROOT, startStack } from './lib/stack.mjs';

const require = createRequire(import.meta.url);

const FULL_DEVICES = 1_000_000;
const FULL_STEPS = '100000,250000,500000,1000000';
const env = process.env;
const DEVICES = Number(env.BENCH_MEMORY_DEVICES ?? FULL_DEVICES);
const STEPS = (env.BENCH_MEMORY_STEPS ?? (DEVICES === FULL_DEVICES ? FULL_STEPS : String(DEVICES)))
  .split(',')
  .map(Number)
  .filter((n) => n > 0 && n <= DEVICES)
  .sort((a, b) => a - b);
const MAX_MS = Number(env.BENCH_MEMORY_MAX_MIN ?? 40) * 60_000;
const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 64);
const SETTLE_SEC = Number(env.BENCH_MEMORY_SETTLE_SEC ?? 30);
const SEEN = env.BENCH_MEMORY_SEEN === '1';
const NODE_ARGS = (env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
/** DeviceSightings' window now, as built (lastSeenAt is written once a window). */
const sightingWindow = () => require(path.join(ROOT, 'dist/libs/device-api/src/sighting-window.js')).sightingWindowOf(Date.now());
const PROFILE_DIR = env.BENCH_CPU_PROF ? path.resolve(env.BENCH_CPU_PROF) : undefined;
const monotonicUs = () => process.hrtime.bigint() / 1000n;
const log = (message) => console.log(`[bench:memory] ${message}`);
const int = (x) => Math.round(x).toLocaleString('en-US');
const mb = (bytes) => `${mib(bytes).toFixed(0)} MiB`;

async function main() {
  const stack = await startStack('memory', { probe: true, apiNodeArgs: [...NODE_ARGS, ...(PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [])] });
  try {
    const { api, db } = stack;
    let t = Date.now();
    const { credentialOf } = await seedDevicesInSql(db, DEVICES, { credentials: true });
    const seedSec = (Date.now() - t) / 1000;
    log(`seeded ${int(DEVICES)} devices with credentials in ${seedSec.toFixed(1)} s`);
    if (SEEN) {
      await db.query('UPDATE devices SET "lastSeenAt" = now()');
      await db.query('VACUUM ANALYZE devices');
      log(`every device seen a moment ago (lastSeenAt now, sighting window ${sightingWindow()})`);
    }
    const kill = await createKillSwitch(api);
    log(`kill switch: ${int(kill.affectedDevices)} devices affected`);

    // A fresh API process: nothing of the fleet in memory, as after a deploy.
    await stack.restartApi();
    const pid = stack.apiProcess.pid;
    const probe = stack.probes.api;
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const rows = [{ label: 'idle, after a fresh start', polled: 0, ...(await both(pid, probe)) }];
    log(`idle: RSS ${mb(rows[0].mem.rss)}, heap ${mb(rows[0].mem.heapUsed)}; after GC: RSS ${mb(rows[0].gc.rss)}, heap ${mb(rows[0].gc.heapUsed)}`);

    let polled = 0;
    const pollStart = Date.now();
    let unexpected = 0;
    for (const target of STEPS) {
      if (Date.now() - pollStart > MAX_MS) {
        log(`stopping: ${MAX_MS / 60_000} min of polling reached at ${int(polled)} devices`);
        break;
      }
      const requests = firstPollRequests(stack.url, polled, target - polled, credentialOf);
      const windowStart = monotonicUs();
      const cpu = { api: cpuSecondsOf(pid), db: postgresCpuSeconds(stack.databaseUrl), load: process.cpuUsage() };
      const pausesBefore = probe.read()?.pauses;
      const result = await firstPolls(stack.url, requests);
      const cpuUs = (before, after) => ((after - before) * 1e6) / (target - polled);
      const apiUs = cpuUs(cpu.api, cpuSecondsOf(pid));
      const dbUs = cpuUs(cpu.db, postgresCpuSeconds(stack.databaseUrl));
      const loadCpu = process.cpuUsage(cpu.load);
      const loadUs = (loadCpu.user + loadCpu.system) / (target - polled);
      if (PROFILE_DIR) log(`profile window ${target}: ${windowStart}-${monotonicUs()} (API pid ${pid})`);
      const ok = result.statuses[200] ?? 0;
      unexpected += target - polled - ok;
      const row = {
        label: `${int(target)} devices have polled once`,
        polled: target,
        stepDevices: target - polled,
        ms: result.ms,
        apiUs,
        dbUs,
        loadUs,
        ...(await both(pid, probe)),
      };
      rows.push(row);
      polled = target;
      log(
        `${int(target)} polled (${int(row.stepDevices)} in ${(result.ms / 1000).toFixed(1)} s, ${int((row.stepDevices / result.ms) * 1000)}/s, statuses ${JSON.stringify(result.statuses)}, errors ${result.errors}; ` +
          `CPU a first poll: API ${int(apiUs)} µs, PostgreSQL ${int(dbUs)} µs, load generator ${int(loadUs)} µs): ` +
          `RSS ${mb(row.mem.rss)}, heap ${mb(row.mem.heapUsed)}; after GC: RSS ${mb(row.gc.rss)}, heap ${mb(row.gc.heapUsed)} (GC ${row.gc.gcMs.toFixed(0)} ms)` +
          (SEEN ? `; sighting window now ${sightingWindow()}` : '') +
          `; the API's own collections during the step: ${pausesDuring(pausesBefore, row.mem.pauses)}`,
      );
    }
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    const cross = { rss: metricValue(metrics, 'process_resident_memory_bytes'), heap: metricValue(metrics, 'nodejs_heap_size_used_bytes') };
    log(`cross-check, the API's own /metrics: process_resident_memory_bytes ${mb(cross.rss)}, nodejs_heap_size_used_bytes ${mb(cross.heap)}`);
    const peak = rows.at(-1).mem.peak;

    report(rows, { seedSec, unexpected, peak, cross, killAffected: kill.affectedDevices });
    if (PROFILE_DIR) {
      await stop(stack.apiProcess); // --cpu-prof writes the profile on exit
      log(`API CPU profile (pid ${pid}) written to ${PROFILE_DIR}`);
    }
  } finally {
    await stack.close();
  }
}

/** One first poll of each of `count` devices from `from` on: pre-built requests (no Content-Length, as a device's GET). */
function firstPollRequests(url, from, count, credentialOf) {
  const { host } = new URL(url);
  const requests = new Array(count);
  for (let k = 0; k < count; k++) requests[k] = buildRequest('GET', '/v1/device/flags', host, { authorization: `Bearer ${credentialOf(from + k)}` });
  return requests;
}

/**
 * Sends each request once, CONCURRENCY in flight, each on its own keep-alive connection (bench/lib/http-lanes.mjs:
 * written as pre-built bytes and read by status line and Content-Length, so the load generator, on the same 2
 * cores, takes a small part of them; Node's http client took more CPU a poll than the API). Status 0: no answer.
 */
async function firstPolls(url, requests) {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  const { statuses: each } = await sendAll({ host: hostname, port: Number(port), requests, connections: CONCURRENCY });
  const ms = performance.now() - started;
  const statuses = {};
  let errors = 0;
  for (const status of each) {
    if (status === 0) errors++;
    else statuses[status] = (statuses[status] ?? 0) + 1;
  }
  return { ms, statuses, errors };
}

/** No collection yet: pausesDuring from a process's start. */
const ZERO_PAUSES = { major: { count: 0, ms: 0, maxMs: 0 }, minor: { count: 0, ms: 0, maxMs: 0 } };

/** The API's garbage collections between two probe samples (perf_hooks' gc entries): how many, their longest pause and their sum. */
function pausesDuring(before, after) {
  if (!before || !after) return 'unknown';
  const kind = (name) => {
    const count = after[name].count - before[name].count;
    const ms = after[name].ms - before[name].ms;
    return `${count} ${name} (${ms.toFixed(0)} ms in all${name === 'major' ? `, the longest since the start ${after[name].maxMs.toFixed(0)} ms` : ''})`;
  };
  return `${kind('major')}, ${kind('minor')}`;
}

/** Memory now, right after a forced full GC, and after SETTLE_SEC more seconds of idling (no polls). */
async function both(pid, probe) {
  const mem = await sampleMemory(pid, probe);
  const gc = await sampleMemory(pid, probe, { gc: true });
  gc.resident = residentBreakdown(pid);
  log(`  after GC: ${anatomy(gc)}`);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_SEC * 1000 + 1100)); // + the probe's 1 s period
  const settled = await sampleMemory(pid, probe);
  settled.resident = residentBreakdown(pid);
  log(`  after ${SETTLE_SEC} s idle: ${anatomy(settled)}`);
  return { mem, gc, settled };
}

/** What a sample's resident set is made of: V8's heap (used, committed, the young generation), memory outside it, mappings. */
function anatomy(sample) {
  const young = sample.spaces.new_space;
  const r = sample.resident;
  return (
    `RSS ${mb(sample.rss)} = V8 heap committed ${mb(sample.heapTotal)} (used ${mb(sample.heapUsed)}; new space ${young ? mb(young.size) : 'n/a'}) ` +
    `+ external ${mb(sample.external)} (array buffers ${mb(sample.arrayBuffers)}) + the rest; ` +
    (r
      ? `by mapping: anonymous ${mb(r.anonymous)}, malloc brk heap ${mb(r.brkHeap)}, malloc thread arenas ${mb(r.mallocArenas)}, files ${mb(r.file)}, other ${mb(r.other)}`
      : 'mappings unreadable')
  );
}

function report(rows, { seedSec, unexpected, peak, cross, killAffected }) {
  const m = machine(ROOT);
  const points = (when, key) => rows.map((r) => [r.polled, r[when][key]]);
  const perDevice = { heap: slope(points('gc', 'heapUsed')), rss: slope(points('gc', 'rss')) };
  const settledPerDevice = { heap: slope(points('settled', 'heapUsed')), rss: slope(points('settled', 'rss')) };
  // Where the bytes a device adds go, after the forced GC and once settled.
  const anatomyPerDevice = (when) =>
    ['heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'rss'].map((key) => `${key} ${int(slope(points(when, key)))} B`).join(', ');
  log(`per device, after a forced GC: ${anatomyPerDevice('gc')}`);
  log(`per device, after ${SETTLE_SEC} s idle (the steady state): ${anatomyPerDevice('settled')}`);
  const last = rows.at(-1);
  const pollMs = rows.reduce((sum, r) => sum + (r.ms ?? 0), 0);
  // CPU a first poll over every step, weighted by the step's devices.
  const perPoll = (key) => rows.reduce((sum, r) => sum + (r[key] ?? 0) * (r.stepDevices ?? 0), 0) / last.polled;
  const full = DEVICES === FULL_DEVICES && STEPS.join(',') === FULL_STEPS && last.polled === FULL_DEVICES && !PROFILE_DIR && !SEEN;
  const perDeviceText = (bytes) => (Number.isFinite(bytes) ? `${int(bytes)} bytes` : 'n/a');
  const body = `## API memory with ${int(DEVICES)} devices registered

${provenance(m, 'npm run bench:memory', 'node bench/memory.mjs')}

| API process | devices polled | time for the step | RSS | V8 heap used | RSS after a forced GC | heap used after a forced GC | RSS after ${SETTLE_SEC} s idle | heap used (committed) after ${SETTLE_SEC} s idle |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    (r) =>
      `| ${r.label} | ${int(r.polled)} | ${r.ms === undefined ? '' : `${(r.ms / 1000).toFixed(1)} s (${int((r.stepDevices / r.ms) * 1000)}/s)`} | ${mb(r.mem.rss)} | ${mb(r.mem.heapUsed)} | ${mb(r.gc.rss)} | ${mb(r.gc.heapUsed)} | ${mb(r.settled.rss)} | ${mb(r.settled.heapUsed)} (${mb(r.settled.heapTotal)}) |`,
  )
  .join('\n')}

Per device that has polled (least-squares slope over the rows, after GC): **${perDeviceText(perDevice.heap)} of heap, ${perDeviceText(perDevice.rss)} of RSS**;
after ${SETTLE_SEC} s idle, the steady state an API reaches between bursts of first polls: **${perDeviceText(settledPerDevice.heap)} of heap, ${perDeviceText(settledPerDevice.rss)} of RSS**.
Where a device's bytes are (slopes: V8 heap used and committed, memory outside the heap and its array buffers, RSS), after GC: ${anatomyPerDevice('gc')}; after ${SETTLE_SEC} s idle: ${anatomyPerDevice('settled')}.
Peak RSS (VmHWM) ${mb(peak)}. ${int(last.polled)} first polls took ${(pollMs / 1000).toFixed(0)} s in all (${int((last.polled / pollMs) * 1000)}/s; CPU a first poll: API ${int(perPoll('apiUs'))} µs, PostgreSQL ${int(perPoll('dbUs'))} µs, the load generator ${int(perPoll('loadUs'))} µs)${last.polled < DEVICES ? `; polling stopped there (BENCH_MEMORY_MAX_MIN), so the figure for all ${int(DEVICES)} is the slope's` : ''}.
The API's own garbage collections from its start to the last step's sample (the probe's forced ones left out): ${pausesDuring(ZERO_PAUSES, last.mem.pauses)}; a full collection pauses every request the process holds.
${unexpected ? `**${int(unexpected)} polls did not answer 200.**` : 'Every poll answered 200.'} The API's own \`/metrics\` agreed at the end: \`process_resident_memory_bytes\` ${mb(cross.rss)}, \`nodejs_heap_size_used_bytes\` ${mb(cross.heap)}.

How: one API process (\`dist/\`, default settings, HEAP_COMPACTION=${env.HEAP_COMPACTION ?? 'v8'}, no worker), PostgreSQL 15 local. ${int(DEVICES)} devices seeded straight into the
database with credentials (${seedSec.toFixed(0)} s, not counted), each linked to one \`xiaomi.camera-stream\` product, and one kill switch
(vendor firmware < 3.5.1_00.68) affecting ${int(killAffected)} of them, so every answer carries a kill. The API is restarted after
seeding, then each device polls \`GET /v1/device/flags\` once (${CONCURRENCY} in flight, each on its own keep-alive connection, from this process, with
\`bench/lib/http-lanes.mjs\`: pre-built requests, so the load generator takes little of the cores the API shares): that first poll
loads its credential, record and inventory from the database and signs its answer, and the API keeps all of it in memory
(caches bounded at 1,000,000 devices). RSS is VmRSS from \`/proc/<pid>/status\`; the heap comes from \`process.memoryUsage()\`
inside the API, read through a preloaded probe (\`node --expose-gc --require bench/lib/heap-probe.js\`), which also runs the
forced full GC (\`global.gc()\`) on request; the "idle" columns are sampled ${SETTLE_SEC} s after that GC, with no polls.
The run's log says, at each step, where the resident set is: V8's committed heap (used bytes and the free space it keeps),
external memory and array buffers (the credential cache's flat arrays), and from \`/proc/<pid>/smaps\` malloc's brk heap
and thread arenas and mapped files.`;
  publishSection(path.join(ROOT, 'BENCHMARKS.md'), 'memory', body, { full, log });
}

main().catch((error) => {
  console.error(`[bench:memory] ${error.stack ?? error.message}`);
  process.exit(1);
});
