// One measured case: autocannon against a URL with the devices' requests
// rotated, plus our own latency samples and the CPU both sides used.

import autocannon from 'autocannon';
import { cpuSecondsOf } from './processes.mjs';

/**
 * Requests are prebuilt, one per device: autocannon then sends ready buffers
 * instead of rebuilding a request each time (a setupRequest would), which
 * keeps the load generator's own cost per request low and identical across
 * cases. Each connection walks the list from a different device.
 */
export function deviceRequests(path, devices, { withEtag }) {
  return devices.map((d) => ({
    method: 'GET',
    path,
    headers: { authorization: `Bearer ${d.credential}`, ...(withEtag ? { 'if-none-match': d.etag } : {}) },
  }));
}

/**
 * Runs autocannon for `seconds` and returns req/s (mean), p50/p99 latency and
 * status counts. Latency percentiles come from the per-response times
 * autocannon reports to its 'response' listeners (fractions of a ms), because
 * its own histogram keeps whole milliseconds only.
 */
export async function measure({ url, requests, connections, seconds, expectStatus, serverPid }) {
  const samples = new Float64Array(4_000_000);
  let n = 0;
  const statuses = {};
  const cpuBefore = { server: cpuSecondsOf(serverPid), self: process.cpuUsage() };
  let clients = 0;
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    requests,
    excludeErrorStats: false,
    // Start each connection at a different device rather than all at the first
    // (autocannon has no option for it; the iterator's index is the way in).
    setupClient: (client) => {
      if (client.requestIterator) client.requestIterator.currentRequestIndex = Math.floor((clients++ * requests.length) / connections) % requests.length;
    },
  });
  instance.on('response', (client, statusCode, bytes, responseTime) => {
    if (n < samples.length) samples[n++] = responseTime;
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const result = await instance;
  const selfUsage = process.cpuUsage(cpuBefore.self);
  const sorted = samples.subarray(0, n).sort();
  const pct = (p) => (n ? sorted[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)] : NaN);
  const unexpected = Object.entries(statuses).filter(([code]) => Number(code) !== expectStatus).reduce((sum, [, count]) => sum + count, 0);
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
    serverCores: (cpuSecondsOf(serverPid) - cpuBefore.server) / result.duration,
    loadCores: (selfUsage.user + selfUsage.system) / 1e6 / result.duration,
  };
}
