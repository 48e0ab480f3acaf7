// One measured case: autocannon against a URL with the devices' requests
// rotated, plus our own latency samples and the CPU both sides used.

import { performance } from 'node:perf_hooks';
import http from 'node:http';
import autocannon from 'autocannon';
import { cpuSecondsOf, machineCpuSeconds, waitForQuiet } from './processes.mjs';

/** One request per device: its credential, and its ETag when the case wants 304s. */
export function deviceRequests(path, devices, { withEtag }) {
  return devices.map((d) => ({
    method: 'GET',
    path,
    headers: { authorization: `Bearer ${d.credential}`, ...(withEtag ? { 'if-none-match': d.etag } : {}) },
  }));
}

/**
 * Runs autocannon for `seconds` and returns req/s (mean), p50/p99 latency and
 * status counts. `sidePids` (optional) names processes working for the server, e.g. its
 * database backends: their CPU is reported apart (sideCores) rather than as other work. Latency percentiles come from the per-response times
 * autocannon reports to its 'response' listeners (fractions of a ms), because
 * its own histogram keeps whole milliseconds only.
 */
export async function measure({ url, requests, connections, seconds, expectStatus, serverPid, sidePids }) {
  const samples = new Float64Array(4_000_000);
  let n = 0;
  const statuses = {};
  const sideBefore = sidePids ? cpuSecondsOfEach(sidePids()) : undefined;
  const cpuBefore = { server: cpuSecondsOf(serverPid), self: process.cpuUsage(), machine: machineCpuSeconds() };
  // Connection k cycles through devices k, k + connections, k + 2·connections…:
  // every device is polled, and autocannon prebuilds each request once (a
  // setupRequest would rebuild it on every send; one shared list of all
  // devices would be prebuilt again by every connection).
  const slices = Array.from({ length: connections }, (_, k) => requests.filter((_, i) => i % connections === k));
  let clients = 0;
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    requests: slices[0],
    excludeErrorStats: false,
    setupClient: (client) => client.setRequests(slices[clients++ % connections]),
  });
  instance.on('response', (client, statusCode, bytes, responseTime) => {
    if (n < samples.length) samples[n++] = responseTime;
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const selfUsage = process.cpuUsage(cpuBefore.self);
  const serverSeconds = cpuSecondsOf(serverPid) - cpuBefore.server;
  const machine = machineCpuSeconds();
  // A process that appeared during the run counts from zero; one that ended is lost (rare: pools keep their connections).
  const sideSeconds = sideBefore ? [...cpuSecondsOfEach(sidePids())].reduce((sum, [pid, s]) => sum + s - (sideBefore.get(pid) ?? 0), 0) : 0;
  const selfSeconds = (selfUsage.user + selfUsage.system) / 1e6;
  const sorted = samples.subarray(0, n).sort();
  const pct = (p) => (n ? sorted[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)] : NaN);
  const unexpected = Object.entries(statuses)
    .filter(([code]) => Number(code) !== expectStatus)
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    rps: result.requests.average,
    p50: pct(50),
    p99: pct(99),
    max: n ? sorted[n - 1] : NaN,
    total: result.requests.total,
    statuses,
    unexpected,
    errors: result.errors,
    timeouts: result.timeouts,
    // CPU used over the run, in cores (1.0 = one core busy all the time).
    serverCores: serverSeconds / result.duration,
    loadCores: selfSeconds / result.duration,
    // The processes sidePids() named (e.g. the server's database backends), when given.
    sideCores: sideSeconds / result.duration,
    // Every other process on the machine, and what the hypervisor took away.
    otherCores: Math.max(0, machine.busy - cpuBefore.machine.busy - serverSeconds - sideSeconds - selfSeconds) / result.duration,
    stealCores: (machine.steal - cpuBefore.machine.steal) / result.duration,
  };
}

/** pid → CPU seconds so far, for each of `pids` still running. */
function cpuSecondsOfEach(pids) {
  return new Map(pids.map((pid) => [pid, cpuSecondsOf(pid)]).filter(([, seconds]) => Number.isFinite(seconds)));
}

/**
 * measure() on a quiet machine: waits (up to `quietWait` s) until other work stops, runs a
 * discarded `warmup` (s), then the measured run. A run during which other processes and steal
 * took more than `maxNoise` cores is measured again, up to `retries` times: on a shared machine
 * one build or test run elsewhere halves a figure. onRun(result, willRetry) sees every run.
 * Returns the kept result with `waited` (s, -1: never quiet), `attempt` and `discarded`.
 */
export async function measureQuietly(options, { warmup, quietWait, maxNoise, retries, onRun }) {
  for (let attempt = 0; ; attempt++) {
    const waited = await waitForQuiet({ timeoutMs: quietWait * 1000 });
    if (warmup > 0) await measure({ ...options, seconds: warmup });
    const result = { ...(await measure(options)), waited, attempt, discarded: attempt };
    const retry = result.otherCores + result.stealCores > maxNoise && attempt < retries;
    onRun?.(result, retry);
    if (!retry) return result;
  }
}

/**
 * Polls GET /v1/device/flags once for each of `count` devices (credentialOf(i) gives device i's
 * credential, etagOf(i) an optional If-None-Match), `concurrency` at a time over keep-alive
 * connections. onAnswer(i, status, etag, body) sees each answer. Returns { ms, statuses, errors }.
 * Lighter than fetch, so the client takes less of the CPU the server needs.
 */
export async function pollEach(url, count, credentialOf, { concurrency = 64, etagOf, onAnswer, from = 0 } = {}) {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = {};
  let errors = 0;
  let next = from;
  const end = from + count;
  const pollOne = (i) =>
    new Promise((resolve) => {
      const etag = etagOf?.(i);
      const headers = { authorization: `Bearer ${credentialOf(i)}`, ...(etag ? { 'if-none-match': etag } : {}) };
      const request = http.get({ hostname, port, path: '/v1/device/flags', headers, agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => {
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          onAnswer?.(i, response.statusCode, response.headers.etag, body);
          resolve();
        });
      });
      request.setTimeout(30_000, () => request.destroy(new Error('timed out')));
      request.on('error', () => {
        errors++;
        resolve();
      });
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) await pollOne(next++);
    }),
  );
  agent.destroy();
  return { ms: performance.now() - started, statuses, errors };
}
