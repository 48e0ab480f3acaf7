// Fan-out benchmark: time from a kill to 1,000,000 deliveries queued (every
// device's delivery row written and its page's delivery job in BullMQ), and to
// all of them marked sent. Real API and worker processes, devices seeded
// straight into the database. Run with `npm run bench:fanout` (builds first).
//
// Writes its BENCHMARKS.md section (`fanout`) only at the full size, 1,000,000 devices, and not
// with BENCH_NO_WRITE=1; a smaller run prints the section.
//
// Environment (optional): BENCH_FANOUT_DEVICES=1000000  BENCH_NO_WRITE=1
//   BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379

import path from 'node:path';
import { startNode, stop } from './lib/processes.mjs';
import { machine, provenance, publishSection } from './lib/report.mjs';
import { seedDevicesInSql } from './lib/seed.mjs';
import { ROOT, startStack } from './lib/stack.mjs';

const FULL_SIZE = 1_000_000;
const DEVICES = Number(process.env.BENCH_FANOUT_DEVICES ?? FULL_SIZE);
const log = (message) => console.log(`[bench:fanout] ${message}`);
const seconds = (ms) => (ms / 1000).toFixed(1);

/** Polls `query` until `done(row)`; returns the time it became true. */
async function until(db, query, params, done, timeoutMs = 600_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(query, params);
    if (done(rows[0])) return Date.now();
    if (Date.now() > end) throw new Error(`timed out waiting for: ${query}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  const stack = await startStack('fanout');
  try {
    const { api, db, env, apiProcess } = stack;
    const seedStart = Date.now();
    await seedDevicesInSql(db, DEVICES); // each linked to one xiaomi.camera-stream product
    const seeded = Date.now() - seedStart;
    log(`seeded ${DEVICES} devices in ${seconds(seeded)} s`);

    const worker = startNode('worker', ['dist/apps/worker/src/main.js'], { cwd: ROOT, env: { ...env, LOG_LEVEL: 'info' } });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const killStart = Date.now();
    const kill = (await api.call('POST', '/v1/kill-switches', { scope: { vendor: 'xiaomi', integration: 'xiaomi.camera-stream' }, reason: 'bench' })).body;
    const killed = Date.now();
    log(`kill answered in ${killed - killStart} ms: ${kill.affectedDevices} devices`);
    const queued = await until(db, 'SELECT "fannedOutAt" FROM revocations WHERE id = $1', [kill.revocationId], (row) => row?.fannedOutAt);
    const [{ count: rows }] = (await db.query('SELECT count(*)::int AS count FROM deliveries WHERE "revocationId" = $1', [kill.revocationId])).rows;
    log(`${rows} deliveries queued ${seconds(queued - killStart)} s after the kill request`);
    const sent = await until(
      db,
      `SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent FROM deliveries WHERE "revocationId" = $1`,
      [kill.revocationId],
      (row) => row.sent >= DEVICES,
    );
    log(`all ${DEVICES} marked sent ${seconds(sent - killStart)} s after the kill request`);
    await stop(worker);
    await stop(apiProcess);

    const m = machine(ROOT);
    publishSection(
      path.join(ROOT, 'BENCHMARKS.md'),
      'fanout',
      `## Fan-out to ${DEVICES.toLocaleString('en-US')} registered devices

${provenance(m, 'npm run bench:fanout', 'node bench/fanout.mjs')}

| step | time after the kill request | target |
| --- | ---: | --- |
| \`POST /v1/kill-switches\` answered (counts ${kill.affectedDevices.toLocaleString('en-US')} devices in its transaction) | ${seconds(killed - killStart)} s | |
| ${rows.toLocaleString('en-US')} deliveries queued (rows written, one delivery job a page of 1,000) | **${seconds(queued - killStart)} s** | < 60 s |
| all marked sent (delivery jobs done, pushes published) | ${seconds(sent - killStart)} s | |

How: PostgreSQL 15 and Redis local; one API and one worker process (\`dist/\`), default settings
(\`FANOUT_PAGE_SIZE=1000\`, 8 concurrent jobs); devices seeded straight into the database (${seconds(seeded)} s, not counted),
each linked to one \`xiaomi.camera-stream\` product; the kill scope is the whole integration. No device is connected:
this measures the control plane's side (rows, jobs, pub/sub), not delivery to devices.`,
      { full: DEVICES === FULL_SIZE, log },
    );
  } finally {
    await stack.close();
  }
}

main().catch((error) => {
  console.error(`[bench:fanout] ${error.message}`);
  process.exit(1);
});
