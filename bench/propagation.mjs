// Propagation benchmark: time from the kill request to every one of N connected devices having
// received the kill's event on its stream (GET /v1/device/events). Real API and worker
// processes; devices seeded in SQL (one enrolled through the API, the rest cloned from it),
// each holding one server-sent event stream from this process. Run with `npm run bench:propagation`.
//
// Environment (optional): BENCH_DEVICES=10000  BENCH_ROUNDS=5  BENCH_PG=postgres://postgres@127.0.0.1:5432
//   BENCH_REDIS=redis://127.0.0.1:6379

import http from 'node:http';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { stop } from './lib/processes.mjs';
import { INVENTORY, cloneDevicesInDatabase, enrollThroughApi } from './lib/seed.mjs';
import { machine, writeSection } from './lib/report.mjs';
import { ROOT, startStack } from './lib/stack.mjs';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const log = (message) => console.log(`[bench:propagation] ${message}`);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * One device's stream: records when each revision's event arrived. Spread over loopback
 * source addresses (one address has about 28,000 ports).
 */
function openStream(port, device, index, arrivals) {
  return new Promise((resolve, reject) => {
    const request = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/device/events',
        localAddress: `127.0.0.${2 + (index % 8)}`,
        headers: { authorization: `Bearer ${device.credential}`, accept: 'text/event-stream' },
        agent: false,
      },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`stream ${index}: ${response.statusCode}`));
          response.resume();
          return;
        }
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const id = /^id: (\d+)$/m.exec(block)?.[1];
            if (id) {
              let seen = arrivals.get(id);
              if (!seen) arrivals.set(id, (seen = new Map()));
              if (!seen.has(index)) seen.set(index, performance.now());
            }
          }
        });
        resolve(request);
      },
    );
    request.on('error', reject);
  });
}

async function main() {
  const streams = [];
  const stack = await startStack('propagation', { workerLogLevel: 'info' });
  try {
    const { api, db, port, apiProcess, worker } = stack;
    await api.call('POST', '/v1/integrations', { key: 'xiaomi.doorbell', vendor: 'xiaomi', name: 'Doorbell' });
    const [template] = await enrollThroughApi(api, 1);
    await api.call(
      'PUT',
      '/v1/device/inventory',
      { items: [...INVENTORY, { integration: 'xiaomi.doorbell', vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }] },
      {
        authorization: `Bearer ${template.credential}`,
      },
    );
    const devices = [template, ...(await cloneDevicesInDatabase(db, template.id, DEVICES - 1))];
    await db.query('ANALYZE');
    log(`${devices.length} devices seeded; opening their streams`);

    const arrivals = new Map(); // rev → Map(device index → arrival time)
    for (let i = 0; i < devices.length; i += 250) {
      streams.push(...(await Promise.all(devices.slice(i, i + 250).map((d, j) => openStream(port, d, i + j, arrivals)))));
    }
    const initialRev = [...arrivals.keys()].map(Number).sort((a, b) => b - a)[0];
    while ((arrivals.get(String(initialRev))?.size ?? 0) < devices.length) await new Promise((r) => setTimeout(r, 100));
    log(`${streams.length} streams open, each with its first answer (rev ${initialRev})`);
    await new Promise((r) => setTimeout(r, 2000));

    const rounds = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate: kill the doorbell for every device, then lift it, so every round changes every device.
      const started = performance.now();
      const kill = (
        await api.call('POST', '/v1/kill-switches', { scope: { vendor: 'xiaomi', integration: 'xiaomi.doorbell' }, reason: `bench round ${round}` })
      ).body;
      const answered = performance.now() - started;
      const rev = String(kill.revision);
      const deadline = Date.now() + 60_000;
      while ((arrivals.get(rev)?.size ?? 0) < devices.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const seen = arrivals.get(rev) ?? new Map();
      const delays = [...seen.values()].map((t) => t - started).sort((a, b) => a - b);
      const result = {
        round,
        rev,
        answered,
        received: seen.size,
        first: delays[0],
        p50: percentile(delays, 50),
        p99: percentile(delays, 99),
        max: delays[delays.length - 1],
      };
      rounds.push(result);
      log(
        `round ${round + 1}: kill answered in ${answered.toFixed(0)} ms; ${seen.size}/${devices.length} devices got rev ${rev}: first ${result.first.toFixed(0)} ms, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms, last ${result.max.toFixed(0)} ms`,
      );
      // Lift it again straight in the database's terms the product uses: a break-glass lift by the admin.
      await api.call('POST', `/v1/kill-switches/${kill.id}/lift-requests`, { reason: 'bench: next round', breakGlass: true });
      await new Promise((r) => setTimeout(r, 3000));
    }
    for (const s of streams) s.destroy();
    await stop(worker);
    await stop(apiProcess);

    const m = machine(ROOT);
    const sortedP50 = rounds.map((r) => r.p50).sort((a, b) => a - b);
    const sortedP99 = rounds.map((r) => r.p99).sort((a, b) => a - b);
    const med = (xs) => xs[Math.floor(xs.length / 2)];
    writeSection(
      path.join(ROOT, 'BENCHMARKS.md'),
      'propagation',
      `## Propagation: kill request → every connected device has the event (${devices.length.toLocaleString('en-US')} streams)

Command: \`npm run bench:propagation\` (\`npm run build && node bench/propagation.mjs\`), ${m.date}, commit ${m.commit}.

Machine: \`nproc\` ${m.nproc}, ${m.cpu}, ${m.memory} memory, Node ${m.node}, ${m.kernel}.

| round | kill answered | devices that got it | first | p50 | p99 | last |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rounds.map((r) => `| ${r.round + 1} | ${r.answered.toFixed(0)} ms | ${r.received.toLocaleString('en-US')} | ${r.first.toFixed(0)} ms | ${r.p50.toFixed(0)} ms | ${r.p99.toFixed(0)} ms | ${r.max.toFixed(0)} ms |`).join('\n')}

Median of the rounds: **p50 ${med(sortedP50).toFixed(0)} ms, p99 ${med(sortedP99).toFixed(0)} ms** (target: p99 < 1 s).

How: one API and one worker process (\`dist/\`), PostgreSQL 15 and Redis local; this process holds every device's
server-sent event stream (node:http, spread over 127.0.0.2–9) on the same 2 cores. Each round kills one integration
(\`xiaomi.doorbell\`) linked on every device, measures from just before \`POST /v1/kill-switches\` to the arrival of the event
whose \`id\` is the kill's revision on each stream, then lifts it (break glass) for the next round. The path measured is the
product's: transaction with outbox row → relay → BullMQ fan-out → delivery jobs → Redis pub/sub → the API's streams.`,
    );
    log('written to BENCHMARKS.md');
  } finally {
    for (const s of streams) s.destroy();
    await stack.close();
  }
}

main().catch((error) => {
  console.error(`[bench:propagation] ${error.stack ?? error.message}`);
  process.exit(1);
});
