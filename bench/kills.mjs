// Poll throughput with many kill switches in force: GET /v1/device/flags on the 304 and the 200
// path (as bench/run.mjs measures it) with 10, 1,000 and 10,000 active kill switches, every one
// created through POST /v1/kill-switches; plus the cost of a device's first answer after the rules
// change (in-memory evaluation against every kill, and signing when the answer changes).
// Run with `npm run bench:kills` (builds first).
//
// Writes its BENCHMARKS.md section (`kills`) only at the full size (levels 10,1000,10000, 10,000
// devices, 15 s × 3 rounds) and not with BENCH_NO_WRITE=1; any other run prints the section.
//
// Environment (optional):
//   BENCH_KILL_LEVELS=10,1000,10000   kill switches in force at each level (created cumulatively)
//   BENCH_KILLS_DEVICES=10000         devices (one enrolled through the API, the rest cloned in SQL)
//   BENCH_CREATE_CONCURRENCY=4        POST /v1/kill-switches in flight while creating
//   BENCH_CONNECTIONS=100  BENCH_DURATION=15 (s)  BENCH_WARMUP=2 (s)  BENCH_ROUNDS=3
//   BENCH_QUIET_WAIT=120  BENCH_MAX_NOISE=0.25  BENCH_RETRIES=3   (as in bench/run.mjs)
//   BENCH_NO_WRITE=1  BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379
//   BENCH_CREATE_ONLY=1               measure only the creation of each level's kills (no first answers, no throughput)
//   BENCH_CPU_PROF=<dir>              run the API with --cpu-prof, its profile into <dir>; each level's creation window is
//                                     logged in CLOCK_MONOTONIC µs, the profile's clock (bench/lib/profile-window.mjs reads it)

import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { cpuSecondsOf, stop } from './lib/processes.mjs';
import { deviceRequests, measureQuietly, pollEach } from './lib/load.mjs';
import { machine, median, provenance, publishSection } from './lib/report.mjs';
import { cloneDevicesInDatabase, seedVariedCatalogue } from './lib/seed.mjs';
import { ROOT, startStack } from './lib/stack.mjs';

const env = process.env;
const FULL_LEVELS = '10,1000,10000';
const LEVELS = (env.BENCH_KILL_LEVELS ?? FULL_LEVELS).split(',').map(Number);
const DEVICES = Number(env.BENCH_KILLS_DEVICES ?? 10_000);
const CREATE_CONCURRENCY = Number(env.BENCH_CREATE_CONCURRENCY ?? 4);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 100);
const DURATION = Number(env.BENCH_DURATION ?? 15);
const WARMUP = Number(env.BENCH_WARMUP ?? 2);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const CREATE_ONLY = env.BENCH_CREATE_ONLY === '1';
const PROFILE_DIR = env.BENCH_CPU_PROF ? path.resolve(env.BENCH_CPU_PROF) : undefined;
const QUIET = {
  warmup: WARMUP,
  quietWait: Number(env.BENCH_QUIET_WAIT ?? 120),
  maxNoise: Number(env.BENCH_MAX_NOISE ?? 0.25),
  retries: Number(env.BENCH_RETRIES ?? 3),
};
const FULL = LEVELS.join(',') === FULL_LEVELS && DEVICES === 10_000 && DURATION === 15 && ROUNDS === 3 && !PROFILE_DIR;
/** CLOCK_MONOTONIC in µs: the clock of a V8 CPU profile's startTime and endTime. */
const monotonicUs = () => process.hrtime.bigint() / 1000n;
const log = (message) => console.log(`[bench:kills] ${message}`);
const int = (x) => Math.round(x).toLocaleString('en-US');

/** The measured devices: one enrolled, the rest its clones. Every kill below is judged against these facts. */
const DEVICE = {
  model: 'hub',
  firmware: '1.0',
  region: 'eu',
  cohort: 'stable',
  inventory: [
    { integration: 'xiaomi.camera-stream', vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' },
    { integration: 'xiaomi.doorbell', vendorModel: 'mijia-doorbell-2', vendorFirmware: '2.1.0' },
    { integration: 'acme.lock', vendorModel: 'acme-lock', vendorFirmware: '1.4.2' },
  ],
};
/** Kill 0: the one that affects the measured devices at every level (their camera stream is off). */
const AFFECTING = { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', vendorFirmware: { lt: '3.5.1_00.68' } };
/** Each level's last kill: it affects only the sentinel device (cohort canary), none of the measured ones. */
const SENTINEL = { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', cohort: 'canary' };
/** Flips the measured devices' doorbell off (then a break-glass lift flips it back): a change every device must re-sign. */
const FLIP = { vendor: 'xiaomi', integration: 'xiaomi.doorbell', cohort: 'stable' };

/**
 * Kill i ≥ 1: a scope the measured devices fall just outside of, each kind failing at a different
 * check (product firmware, product model, region, cohort, device model, device firmware); eight in
 * ten on the devices' own vendors, so evaluating a device walks them, two in ten on other vendors.
 */
function scopeOf(i) {
  switch (i % 10) {
    case 0:
      return { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', vendorFirmware: { eq: `3.5.1_00.${100 + (i % 900)}` } };
    case 1:
      return { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', vendorModel: i % 20 < 10 ? 'mijia-cam-pro' : 'aqara-hub' };
    case 2:
      return { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', region: i % 20 < 10 ? 'us' : 'apac' };
    case 3:
      return { vendor: 'xiaomi', cohort: 'beta' };
    case 4:
      return { vendor: 'xiaomi', integration: 'xiaomi.doorbell', vendorFirmware: { between: [`3.${i % 10}`, `3.${i % 10}.9`] } };
    case 5:
      return { vendor: 'xiaomi', deviceModel: i % 20 < 10 ? 'display' : 'hub-max' };
    case 6:
      return { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', deviceFirmware: { gte: `2.${i % 50}` } };
    case 7:
      return { vendor: 'acme', integration: 'acme.lock', vendorFirmware: { lt: `1.${i % 4}` } };
    case 8:
      return { vendor: 'globex', integration: i % 20 < 10 ? 'globex.speaker' : 'globex.cast', region: 'eu' };
    default:
      return { vendor: 'initech', cohort: i % 20 < 10 ? 'stable' : 'beta' };
  }
}

async function main() {
  // No worker: the kills' fan-outs stay in the outbox, so they take no CPU from the polls measured.
  const stack = await startStack('kills', {
    apiEnv: { HOST: '127.0.0.1', SNAPSHOT_TTL_SEC: '86400' },
    apiNodeArgs: PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [],
  });
  try {
    const { api, db } = stack;
    const pid = stack.apiProcess.pid;
    await seedVariedCatalogue(api);
    const template = (await api.call('POST', '/v1/devices', DEVICE)).body;
    const devices = [template, ...(await cloneDevicesInDatabase(db, template.id, DEVICES - 1))];
    // Not measured: its answer shows when the API has loaded a kill that changes no measured device's answer.
    const sentinel = (await api.call('POST', '/v1/devices', { ...DEVICE, cohort: 'canary' })).body;
    await db.query('ANALYZE');
    log(`${devices.length} devices seeded`);
    const credentialOf = (i) => devices[i].credential;
    const etagOf = (i) => devices[i].etag;
    const keepEtag = (i, status, etag) => {
      if (etag) devices[i].etag = etag;
    };

    /** Polls `device` until its answer satisfies `check`: the API has loaded the rules that make it so. */
    const answerOf = async (device, check) => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const res = await fetch(`${stack.url}/v1/device/flags`, { headers: { authorization: `Bearer ${device.credential}` } });
        const text = await res.text();
        const body = JSON.parse(text);
        if (check(body.integrations)) return { ...body, bytes: Buffer.byteLength(text) };
        if (Date.now() > deadline) throw new Error(`the API's answer for ${device.id} did not change within 120 s: ${JSON.stringify(body)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const killedBy = (key, id) => (integrations) => integrations[key].killSwitchIds?.includes(id) ?? false;
    /** Every device polls once; the API CPU it took, per device. */
    const pollAllOnce = async () => {
      const cpu = cpuSecondsOf(pid);
      const result = await pollEach(stack.url, devices.length, credentialOf, { etagOf, onAnswer: keepEtag });
      return { ...result, cpuUs: ((cpuSecondsOf(pid) - cpu) / devices.length) * 1e6 };
    };

    const affecting = (await api.call('POST', '/v1/kill-switches', { scope: AFFECTING, reason: 'bench: affects every measured device' })).body;
    let created = 1;
    await answerOf(template, killedBy('xiaomi.camera-stream', affecting.id));
    await pollAllOnce();
    /** A kill that turns every measured device's doorbell off, then its break-glass lift; every device polls after each. */
    const flipAndBack = async () => {
      const flip = (await api.call('POST', '/v1/kill-switches', { scope: FLIP, reason: 'bench: flip every answer' })).body;
      await answerOf(template, killedBy('xiaomi.doorbell', flip.id));
      const flipped = await pollAllOnce();
      await api.call('POST', `/v1/kill-switches/${flip.id}/lift-requests`, { reason: 'bench: flip back', breakGlass: true });
      const answer = await answerOf(template, (integrations) => integrations['xiaomi.doorbell'].enabled);
      return { flipped, back: await pollAllOnce(), answer };
    };
    await flipAndBack(); // warms the evaluation and signing code before anything is measured

    const levels = [];
    for (const target of LEVELS) {
      // 1. Reach `target` kills in force, all through the API; the last one affects only the
      //    sentinel, whose answer shows that the API has loaded them all.
      const t = performance.now();
      const windowStart = monotonicUs();
      const cpu = cpuSecondsOf(pid);
      const before = created;
      const latencies = [];
      await Promise.all(
        Array.from({ length: CREATE_CONCURRENCY }, async () => {
          while (created < target - 1) {
            const i = created++;
            const sent = performance.now();
            const kill = (await api.call('POST', '/v1/kill-switches', { scope: scopeOf(i), reason: `bench kill ${i}` })).body;
            latencies.push(performance.now() - sent);
            if (kill.affectedDevices !== 0)
              throw new Error(`kill ${i} ${JSON.stringify(scopeOf(i))} affects ${kill.affectedDevices} devices; it should affect none`);
          }
        }),
      );
      const last = (await api.call('POST', '/v1/kill-switches', { scope: SENTINEL, reason: `bench kill ${created++}` })).body;
      if (last.affectedDevices !== 1) throw new Error(`the sentinel's kill affects ${last.affectedDevices} devices`);
      await answerOf(sentinel, killedBy('xiaomi.camera-stream', last.id));
      const createMs = performance.now() - t;
      const createCpuUs = ((cpuSecondsOf(pid) - cpu) / (created - before)) * 1e6;
      latencies.sort((a, b) => a - b);
      const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
      log(
        `${target} kills in force: ${created - before} created in ${(createMs / 1000).toFixed(1)} s (${(createMs / (created - before)).toFixed(1)} ms each, ${CREATE_CONCURRENCY} in flight; ` +
          `a request p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms; API CPU ${createCpuUs.toFixed(0)} µs a kill)`,
      );
      if (PROFILE_DIR) log(`profile window ${target}: ${windowStart}-${monotonicUs()} (API pid ${pid})`);
      if (CREATE_ONLY) continue;

      // 2. First answers after rules changes: the one just made changes no measured device's answer
      //    (evaluation only); then a kill that flips their doorbell off and its break-glass lift
      //    (evaluation and a new signature each).
      const unchanged = await pollAllOnce();
      const { flipped, back, answer } = await flipAndBack();
      const camera = answer.integrations['xiaomi.camera-stream'];
      if (camera.enabled !== false || camera.killSwitchIds.join() !== affecting.id)
        throw new Error(`unexpected answer: ${JSON.stringify(answer.integrations)}`);
      log(
        `first answers after a change: unchanged ${unchanged.cpuUs.toFixed(1)} µs API CPU/device (${JSON.stringify(unchanged.statuses)}), ` +
          `re-signed ${flipped.cpuUs.toFixed(1)} µs (${JSON.stringify(flipped.statuses)}), lifted ${back.cpuUs.toFixed(1)} µs (${JSON.stringify(back.statuses)})`,
      );
      const all = (result, status) => result.errors === 0 && result.statuses[status] === devices.length;
      if (!all(unchanged, 304) || !all(flipped, 200) || !all(back, 200)) throw new Error('first answers after the changes were not all 304, 200, 200');

      // 3. Throughput, as bench/run.mjs measures it.
      const cases = [
        { name: '304', expectStatus: 304, requests: deviceRequests('/v1/device/flags', devices, { withEtag: true }), rounds: [] },
        { name: '200', expectStatus: 200, requests: deviceRequests('/v1/device/flags', devices, { withEtag: false }), rounds: [] },
      ];
      for (let round = 1; round <= ROUNDS; round++) {
        for (const c of cases) {
          const options = { url: stack.url, requests: c.requests, connections: CONNECTIONS, expectStatus: c.expectStatus, serverPid: pid, seconds: DURATION };
          const r = await measureQuietly(options, {
            ...QUIET,
            onRun: (run, retry) =>
              log(
                `${target} kills, round ${round}/${ROUNDS} ${c.name}: ${int(run.rps)} req/s, p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, unexpected ${run.unexpected}, ` +
                  `errors ${run.errors}; CPU server ${run.serverCores.toFixed(2)}, others ${run.otherCores.toFixed(2)}, steal ${run.stealCores.toFixed(2)}${retry ? ' - discarded, measuring again' : ''}`,
              ),
          });
          c.rounds.push(r);
        }
      }
      levels.push({ target, createdNow: created - before, createMs, unchanged, flipped, back, cases, bodyBytes: answer.bytes });
    }
    if (!CREATE_ONLY) report(levels);
    if (PROFILE_DIR) {
      await stop(stack.apiProcess); // --cpu-prof writes the profile on exit
      log(`API CPU profile (pid ${pid}) written to ${PROFILE_DIR}`);
    }
  } finally {
    await stack.close();
  }
}

function report(levels) {
  const m = machine(ROOT);
  const med = (rounds, key) => median(rounds.map((r) => r[key]));
  const us = (rounds) => median(rounds.map((r) => (r.serverCores / r.rps) * 1e6));
  const base = levels[0];
  const rps = (level, name) => med(level.cases.find((c) => c.name === name).rounds, 'rps');
  const bad = levels.reduce((sum, l) => sum + l.cases.reduce((s, c) => s + c.rounds.reduce((t, r) => t + r.unexpected + r.errors, 0), 0), 0);
  const discarded = levels.reduce((sum, l) => sum + l.cases.reduce((s, c) => s + c.rounds.reduce((t, r) => t + r.discarded, 0), 0), 0);
  const throughput = levels
    .flatMap((l) =>
      l.cases.map((c) => {
        const r = c.rounds;
        return `| ${int(l.target)} | ${c.name} | ${int(med(r, 'rps'))} | ${int(Math.min(...r.map((x) => x.rps)))}–${int(Math.max(...r.map((x) => x.rps)))} | ${(rps(l, c.name) / rps(base, c.name)).toFixed(2)} | ${med(r, 'p50').toFixed(2)} | ${med(r, 'p99').toFixed(2)} | ${us(r).toFixed(1)} | ${r.reduce((s, x) => s + x.unexpected, 0)} | ${r.reduce((s, x) => s + x.errors, 0)} |`;
      }),
    )
    .join('\n');
  const firstAnswers = levels
    .map(
      (l) =>
        `| ${int(l.target)} | ${int(l.createdNow)} in ${(l.createMs / 1000).toFixed(1)} s (${(l.createMs / Math.max(1, l.createdNow)).toFixed(1)} ms each) | ${l.unchanged.cpuUs.toFixed(1)} µs | ${l.flipped.cpuUs.toFixed(1)} µs | ${l.back.cpuUs.toFixed(1)} µs | ${int((l.flipped.statuses[200] / l.flipped.ms) * 1000)}/s |`,
    )
    .join('\n');
  const body = `## Device poll with many kill switches in force

${provenance(m, 'npm run bench:kills', 'node bench/kills.mjs')}

| kill switches in force | path | req/s (median) | range over rounds | ÷ ${int(base.target)} kills | p50 ms | p99 ms | server CPU µs / request | unexpected status | errors |
| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${throughput}

First answer of each device after the rules change (API CPU per device, every device polling once, 64 in flight; the last column is
how many of those re-signed first answers a second the API gave):

| kill switches in force | created through \`POST /v1/kill-switches\` | change that leaves answers as they were (evaluation; 304) | change that flips an integration (evaluation + signature; 200) | its break-glass lift (200) | re-signed first answers |
| ---: | --- | ---: | ---: | ---: | ---: |
${firstAnswers}

How: one API process (\`dist/\`, \`SNAPSHOT_TTL_SEC=86400\`, no worker: the kills' fan-outs wait in the outbox and take no CPU
from the polls), PostgreSQL 15 local. ${int(DEVICES)} devices (one enrolled through \`POST /v1/devices\` as a hub on firmware 1.0,
region eu, cohort stable, linked to a xiaomi camera on 3.5.1_00.66, a xiaomi doorbell and an acme lock; the rest cloned from it
in SQL). Every kill switch is created through \`POST /v1/kill-switches\` (${CREATE_CONCURRENCY} in flight), each level adding to
the last. One kill (xiaomi camera stream, vendor firmware < 3.5.1_00.68) affects every measured device at every level, so
their answers (${base.bodyBytes} bytes) are the same at each level; each other kill misses them at a different check (xiaomi
camera firmware \`eq\` other builds, other xiaomi models, regions us/apac, cohort beta vendor-wide, doorbell firmware
\`between\` 3.x ranges, device models display/hub-max, device firmware \`gte\` 2.x, acme lock firmware \`lt\` 1.0–1.3), and two
in ten are on vendors the devices do not have (globex, initech); every creation is checked to affect 0 devices. Each level's
last kill affects only one extra, unmeasured device (cohort canary), whose answer shows when the API has loaded every kill; a
level's creation time runs until then. First answers: every device polls once with its ETag right after that last kill
(its answer is unchanged: the API evaluates it against every kill and answers 304), then once after a kill that turns every
device's doorbell off and once after its break-glass lift (evaluation and a new signature: 200); API CPU from \`/proc\`. Throughput
as in the poll benchmark: autocannon, ${CONNECTIONS} connections, ${DURATION} s per case after a ${WARMUP} s discarded run,
${ROUNDS} rounds, requests rotating over every device (with its \`If-None-Match\` on the 304 path), each run after the machine
went quiet and run again when other work took more than ${QUIET.maxNoise} cores (${discarded} discarded).
${bad ? `\n**${bad} unexpected statuses or socket errors** during the measured runs.\n` : ''}`;
  publishSection(path.join(ROOT, 'BENCHMARKS.md'), 'kills', body, { full: FULL, log });
}

main().catch((error) => {
  console.error(`[bench:kills] ${error.stack ?? error.message}`);
  process.exit(1);
});
