// Soak: 10,000 simulated devices (apps/fleet-sim: streaming, polling every 30 s and acknowledging)
// against one API and one worker for 30 minutes, with a new kill switch every minute. Afterwards:
// were there errors anywhere, did every revocation reach 100 % acknowledged, and did the API's and
// the worker's memory stay flat. Run with `npm run bench:soak` (builds first).
//
// The kills: minute m creates a kill with the m-th of ten scopes (whole vendors, one integration,
// vendor firmware matchers, vendor and device models, device firmware, regions, cohorts; taken in
// turn), and half a minute later the oldest kill is lifted (break glass) once more than three are in
// force. So every minute brings a kill and, from the fourth on, a lift: devices keep changing
// answers, and the rules do not just pile up.
//
// Memory: API and worker resident set (/proc) and V8 heap (bench/lib/heap-probe.js) every 10 s, and
// the heap right after a forced full GC at the end of the warm-up and at the end (no forced GC in
// between: it would put a saw-tooth of its own into the RSS series the slope is taken over).
// Flat means, for each process: (1) heap used after a forced GC at the end within 10 % (at least
// 5 MiB) of the same after the warm-up, and (2) the least-squares slope of RSS over the last two
// thirds of the soak below 50 MiB an hour.
//
// Writes its BENCHMARKS.md section (`soak`) only at the full size (30 minutes, 10,000 devices) and
// not with BENCH_NO_WRITE=1; any other run prints the section.
//
// Environment (optional):
//   BENCH_SOAK_MIN=30  BENCH_SOAK_DEVICES=10000  BENCH_SOAK_WARMUP=90 (s: ramp-up before the first kill)
//   BENCH_SOAK_DRAIN=120 (s: after the last minute, how long every revocation may take to reach 100 %)
//   BENCH_NO_WRITE=1  BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { metricValue, mib, sampleMemory, slope } from './lib/memory.mjs';
import { rssOf, startNode, stop } from './lib/processes.mjs';
import { machine, provenance, publishSection } from './lib/report.mjs';
import { seedVariedCatalogue } from './lib/seed.mjs';
import { ROOT, startStack } from './lib/stack.mjs';

const require = createRequire(import.meta.url);
const Redis = require('ioredis');

const env = process.env;
const MINUTES = Number(env.BENCH_SOAK_MIN ?? 30);
const DEVICES = Number(env.BENCH_SOAK_DEVICES ?? 10_000);
const WARMUP_S = Number(env.BENCH_SOAK_WARMUP ?? 90);
const DRAIN_S = Number(env.BENCH_SOAK_DRAIN ?? 120);
const FULL = MINUTES === 30 && DEVICES === 10_000;
const SAMPLE_MS = 10_000;
const KEEP = 3;
const HEAP_TOLERANCE = 0.1;
const HEAP_TOLERANCE_MIN = 5 * 1024 * 1024;
const RSS_SLOPE_MAX = 50; // MiB an hour
const log = (message) => console.log(`[bench:soak] ${new Date().toISOString().slice(11, 19)} ${message}`);
const int = (x) => Math.round(x).toLocaleString('en-US');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Taken in turn, one a minute; the fleet's mix (apps/fleet-sim device-mix.ts) has devices in each. */
const SCOPES = [
  { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', vendorFirmware: { lt: '3.5.1_00.68' } },
  { vendor: 'acme', region: 'eu' },
  { vendor: 'globex', integration: 'globex.cast', deviceModel: 'display' },
  { vendor: 'xiaomi', vendorModel: 'aqara-hub', cohort: 'beta' },
  { vendor: 'initech' },
  { vendor: 'acme', integration: 'acme.lock', vendorFirmware: { between: ['3.5.2', '4.0.0'] } },
  { vendor: 'xiaomi', integration: 'xiaomi.doorbell', deviceFirmware: { lt: '2.0.3' } },
  { vendor: 'globex', region: 'apac', cohort: 'stable' },
  { vendor: 'xiaomi', vendorFirmware: { in: ['3.5.2', '4.0.0'] } },
  { vendor: 'acme', integration: 'acme.camera-stream', deviceModel: 'hub-max', vendorFirmware: { gte: '3.5.2' } },
];

async function main() {
  const stack = await startStack('soak', { workerLogLevel: 'warn', probe: true });
  const { api, db } = stack;
  const failures = []; // the benchmark's own calls that failed
  try {
    await seedVariedCatalogue(api);
    const { enrollFleet, fetchCatalogue, writeCredentials } = require(path.join(ROOT, 'dist/libs/fleet-sim/src/enrollment.js'));
    let t = Date.now();
    const fleet = await enrollFleet(stack.url, api.token, DEVICES, await fetchCatalogue(stack.url, api.token), { seed: 1, concurrency: 16 });
    const enrollSec = (Date.now() - t) / 1000;
    const credentials = path.join(stack.scratch, 'devices.jsonl');
    await writeCredentials(credentials, fleet);
    log(`${DEVICES} devices enrolled through POST /v1/devices (fleet-sim's mix) in ${enrollSec.toFixed(0)} s`);

    const errorsBefore = await serverErrors(stack);
    const reportFile = path.join(stack.scratch, 'fleet-report.json');
    const simArgs = [
      '--url',
      stack.url,
      '--credentials',
      credentials,
      '--mode',
      'both',
      '--interval',
      '30',
      '--ramp',
      '30',
      '--duration',
      '0',
      '--report',
      reportFile,
    ];
    const sim = startNode('fleet-sim', ['dist/apps/fleet-sim/src/main.js', ...simArgs], { cwd: ROOT, env: { KILLSWITCH_TOKEN: api.token } });
    const processes = { api: stack.apiProcess, worker: stack.worker };
    const samples = [];
    const sampleAll = async (gc = false) => {
      const row = { at: Date.now() };
      for (const [name, child] of Object.entries(processes)) row[name] = await sampleMemory(child.pid, stack.probes[name], { gc });
      row.sim = rssOf(sim.pid);
      if (!gc) samples.push(row);
      return row;
    };
    const sampler = setInterval(() => void sampleAll().catch((error) => failures.push(`sample: ${error.message}`)), SAMPLE_MS);
    log(`fleet-sim started (pid ${sim.pid}); warm-up ${WARMUP_S} s`);
    await sleep(WARMUP_S * 1000);
    if (sim.exitCode !== null) throw new Error(`fleet-sim exited during the warm-up:\n${sim.outputTail()}`);
    const warm = await sampleAll(true);
    log(
      `after warm-up: API heap ${mib(warm.api.heapUsed).toFixed(0)} MiB after GC, RSS ${mib(warm.api.rss).toFixed(0)} MiB; worker heap ${mib(warm.worker.heapUsed).toFixed(0)} MiB`,
    );

    // The kill every minute, a lift half a minute later once more than KEEP are in force.
    const soakStart = Date.now();
    const active = [];
    const kills = [];
    for (let minute = 0; minute < MINUTES; minute++) {
      await sleep(soakStart + minute * 60_000 - Date.now());
      const scope = SCOPES[minute % SCOPES.length];
      try {
        const kill = (await api.call('POST', '/v1/kill-switches', { scope, reason: `soak minute ${minute}` })).body;
        kills.push({ minute, scope, ...kill });
        active.push(kill.id);
        log(`minute ${minute}: kill ${JSON.stringify(scope)}: ${kill.affectedDevices} devices, rev ${kill.revision}`);
      } catch (error) {
        failures.push(`kill at minute ${minute}: ${error.message}`);
      }
      await sleep(soakStart + minute * 60_000 + 30_000 - Date.now());
      if (active.length > KEEP) {
        const id = active.shift();
        try {
          await api.call('POST', `/v1/kill-switches/${id}/lift-requests`, { reason: `soak minute ${minute}: lift the oldest`, breakGlass: true });
        } catch (error) {
          failures.push(`lift at minute ${minute}: ${error.message}`);
        }
      }
      if (sim.exitCode !== null) throw new Error(`fleet-sim exited during the soak:\n${sim.outputTail()}`);
    }
    await sleep(soakStart + MINUTES * 60_000 - Date.now());
    const soakEnd = Date.now();

    // Every revocation (kills and lifts) must reach 100 % acknowledged.
    const revocations = await waitForRevocations(stack, DRAIN_S * 1000);
    const end = await sampleAll(true);
    clearInterval(sampler);
    const errorsAfter = await serverErrors(stack);
    await stop(sim, 60_000);
    const simReport = JSON.parse(readFileSync(reportFile, 'utf8'));
    const deliveries = Object.fromEntries(
      (await db.query('SELECT state::text, count(*)::int AS n FROM deliveries GROUP BY state')).rows.map((r) => [r.state, r.n]),
    );
    const failedJobs = await failedJobCount(stack.prefix);
    report({
      enrollSec,
      soakStart,
      soakEnd,
      warm,
      end,
      samples,
      kills,
      revocations,
      deliveries,
      failedJobs,
      simReport,
      failures,
      http5xx: errorsAfter - errorsBefore,
    });
  } finally {
    await stack.close();
  }
}

/** The API's count of 5xx answers (its /metrics counter killswitch_http_errors_total). */
async function serverErrors(stack) {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  return metricValue(text, 'killswitch_http_errors_total') || 0;
}

/** GET /v1/revocations/:id for every revocation, until each is at 100 % or `timeoutMs` passed; the last answers. */
async function waitForRevocations(stack, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await stack.db.query(`SELECT id, kind::text FROM revocations ORDER BY rev`);
    const answers = [];
    for (const row of rows) {
      const r = (await stack.api.call('GET', `/v1/revocations/${row.id}`)).body;
      const due = r.target - r.counts.canceled;
      answers.push({ ...r, kind: row.kind, due, done: r.counts.acknowledged >= due });
    }
    if (answers.every((r) => r.done) || Date.now() > deadline) return answers;
    await sleep(2000);
  }
}

/** Jobs in BullMQ's failed sets under this run's prefix (the dead-letter view). */
async function failedJobCount(prefix) {
  const redis = new Redis(env.BENCH_REDIS ?? 'redis://127.0.0.1:6379');
  try {
    let total = 0;
    for (const key of await redis.keys(`{${prefix}}:*:failed`)) total += await redis.zcard(key);
    return total;
  } finally {
    redis.disconnect();
  }
}

function report(r) {
  const m = machine(ROOT);
  const hours = (ms) => ms / 3_600_000;
  const window = r.samples.filter((s) => s.at >= r.soakStart + (r.soakEnd - r.soakStart) / 3 && s.at <= r.soakEnd);
  const memory = ['api', 'worker'].map((name) => {
    const rssSlope = slope(window.map((s) => [hours(s.at - r.soakStart), mib(s[name].rss)]));
    const heapSlope = slope(window.map((s) => [hours(s.at - r.soakStart), mib(s[name].heapUsed)]));
    const before = r.warm[name].heapUsed;
    const after = r.end[name].heapUsed;
    const heapOk = Math.abs(after - before) <= Math.max(HEAP_TOLERANCE * before, HEAP_TOLERANCE_MIN);
    const rssOk = rssSlope < RSS_SLOPE_MAX;
    const rss = r.samples.map((s) => s[name].rss);
    return { name, rssSlope, heapSlope, before, after, heapOk, rssOk, rssMin: Math.min(...rss), rssMax: Math.max(...rss), ok: heapOk && rssOk };
  });
  const sim = r.simReport;
  const simErrors = sim.requests.pollErrors + sim.requests.streamErrors + sim.requests.ackErrors;
  const refused = Object.values(sim.refused).reduce((a, b) => a + b, 0);
  const verifyErrors = Object.entries(sim.errors)
    .filter(([key]) => /^(verify|jwks)/.test(key))
    .reduce((sum, [, n]) => sum + n, 0);
  const failedDeliveries = (r.deliveries.failed ?? 0) + (r.deliveries.expired ?? 0);
  const errorTotal = r.http5xx + simErrors + refused + verifyErrors + failedDeliveries + r.failedJobs + r.failures.length;
  const notDone = r.revocations.filter((x) => !x.done);
  const memoryOk = memory.every((x) => x.ok);
  const verdict = (ok) => (ok ? '**yes**' : '**no**');
  const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
  const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
  const lines = [
    `errors = 0: ${errorTotal === 0 ? 'yes' : 'NO'} (${errorTotal})`,
    `every revocation 100 % acknowledged: ${notDone.length === 0 ? 'yes' : 'NO'} (${r.revocations.length - notDone.length}/${r.revocations.length})`,
    `memory flat: ${memoryOk ? 'yes' : 'NO'} (${memory.map((x) => `${x.name}: heap after GC ${f0(mib(x.before))} → ${f0(mib(x.after))} MiB, RSS slope ${f1(x.rssSlope)} MiB/h`).join('; ')})`,
  ];
  for (const line of lines) log(line);
  const errorsByCause = Object.entries(sim.errors)
    .map(([cause, n]) => `${cause} ${int(n)}`)
    .join(', ');
  const body = `## Soak: ${int(DEVICES)} devices, ${MINUTES} minutes, a kill every minute

${provenance(m, 'npm run bench:soak', 'node bench/soak.mjs')}

| verdict | |
| --- | --- |
| no errors anywhere | ${verdict(errorTotal === 0)} (${errorTotal}) |
| every revocation reached 100 % acknowledged | ${verdict(notDone.length === 0)} (${r.revocations.length - notDone.length} of ${r.revocations.length}: ${r.revocations.filter((x) => x.kind === 'kill').length} kills, ${r.revocations.filter((x) => x.kind === 'lift').length} lifts) |
| memory flat (API and worker) | ${verdict(memoryOk)} |

| process | heap used after a forced GC: after warm-up → end | within 10 % | RSS slope, last ⅔ of the soak | < ${RSS_SLOPE_MAX} MiB/h | heap used slope, same window | RSS range (10 s samples) |
| --- | ---: | --- | ---: | --- | ---: | ---: |
${memory
  .map(
    (x) =>
      `| ${x.name} | ${f0(mib(x.before))} → ${f0(mib(x.after))} MiB | ${x.heapOk ? 'yes' : 'no'} | ${f1(x.rssSlope)} MiB/h | ${x.rssOk ? 'yes' : 'no'} | ${f1(x.heapSlope)} MiB/h | ${f0(mib(x.rssMin))}–${f0(mib(x.rssMax))} MiB |`,
  )
  .join('\n')}

Errors counted: API 5xx answers ${int(r.http5xx)} (its \`killswitch_http_errors_total\`); devices' failed polls ${int(sim.requests.pollErrors)}, stream
failures ${int(sim.requests.streamErrors)}, failed acks ${int(sim.requests.ackErrors)}, refused snapshots ${int(refused)}, verification errors ${int(verifyErrors)}${errorsByCause ? ` (by cause: ${errorsByCause})` : ''};
deliveries failed or expired ${int(failedDeliveries)}; BullMQ jobs in a failed set ${int(r.failedJobs)}; the benchmark's own calls that failed ${r.failures.length}${r.failures.length ? ` (${r.failures.slice(0, 3).join('; ')})` : ''}.
Devices: ${int(sim.requests.polls)} polls (${int(sim.requests.notModified)} answered 304), ${int(sim.requests.streamConnects)} stream connections, ${int(sim.requests.acks)} acks;
at the end ${int(sim.devices.streamsOpen)} streams open and ${int(sim.devices.withSnapshot)} devices holding a verified snapshot.
${notDone.length ? `\nNot at 100 %: ${notDone.map((x) => `${x.kind} ${x.id} ${x.counts.acknowledged}/${x.due}`).join(', ')}.\n` : ''}
| minute | kill scope | devices affected |
| ---: | --- | ---: |
${r.kills.map((k) => `| ${k.minute} | \`${JSON.stringify(k.scope)}\` | ${int(k.affectedDevices)} |`).join('\n')}

How: one API and one worker process (\`dist/\`, default settings), PostgreSQL 15 and Redis local, and \`apps/fleet-sim\` as a third
process (\`--mode both --interval 30 --ramp 30\`: each device holds a server-sent event stream, polls every 30 s ± 20 % with its ETag,
verifies every snapshot and acknowledges each new revision). The ${int(DEVICES)} devices were enrolled through \`POST /v1/devices\` with
fleet-sim's device mix (${f0(r.enrollSec)} s, not counted). After a ${WARMUP_S} s warm-up, minute m creates a kill with the m-th scope
above (ten, in turn), and half a minute later the oldest kill is lifted with break glass once more than ${KEEP} are in force. At the
end, up to ${DRAIN_S} s for every revocation's \`GET /v1/revocations/:id\` to show acknowledged = target − canceled. Memory: VmRSS from
\`/proc\` every 10 s; the V8 heap from \`process.memoryUsage()\` inside each process through a preloaded probe
(\`node --expose-gc --require bench/lib/heap-probe.js\`), which also runs a full GC after the warm-up and at the end (only then).
"Flat": heap used after the final forced GC within 10 % (at least 5 MiB) of the one after the warm-up, and the least-squares
slope of RSS over the last two thirds of the soak under ${RSS_SLOPE_MAX} MiB an hour.`;
  publishSection(path.join(ROOT, 'BENCHMARKS.md'), 'soak', body, { full: FULL, log });
  if (errorTotal !== 0 || notDone.length || !memoryOk) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`[bench:soak] ${error.stack ?? error.message}`);
  process.exit(1);
});
