// The cost of an auto-kill policy's budget count: policyAutoKilledDevices (libs/signals auto-kill.service.ts, as built
// in dist/), which GET /v1/auto-kill-policies answers for each policy it lists (the admin UI polls it every 10 s) and
// which every alert a policy matches runs twice inside the signal's transaction (the policy's row and the audit
// chain's lock held). A scratch database with the real migrations; one policy whose kills in force (four, one a
// region) cover BENCH_SIZES devices in turn, beside a fleet of BENCH_OTHER_DEVICES devices of another vendor and
// BENCH_OTHER_PROPOSALS proposals of other alerts, all seeded in SQL. For each size: the function's time (median of
// BENCH_ROUNDS after one warm-up call), and the EXPLAIN (ANALYZE, BUFFERS) of each of its statements. Prints; it does
// not rewrite BENCHMARKS.md (its section there is written by hand, with the figures before and after).
// Run: `npm run bench:auto-kill-budget` (`npm run build && node bench/auto-kill-budget.mjs`; BENCH_SIZES=10000,100000,
// 1000000 BENCH_OTHER_DEVICES=100000 BENCH_OTHER_PROPOSALS=100000 BENCH_ROUNDS=5, BENCH_PG as elsewhere;
// BENCH_PLANS=full prints whole plans).

import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runNode } from './lib/processes.mjs';
import { machine, median } from './lib/report.mjs';
import { UUID_V7_SQL } from './lib/seed.mjs';
import { ROOT } from './lib/stack.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { PrismaPg } = require('@prisma/adapter-pg');
const dist = (lib) => require(path.join(ROOT, 'dist/libs', lib));
const { PrismaClient, Prisma } = dist('db/src/generated/prisma/client.js');
const { policyAutoKilledDevices } = dist('signals/src/auto-kill.service.js');
const { versionKey } = dist('evaluation/src/version-key.js');

const PG_SERVER = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const OTHER_DEVICES = Number(process.env.BENCH_OTHER_DEVICES ?? 100_000);
const OTHER_PROPOSALS = Number(process.env.BENCH_OTHER_PROPOSALS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FULL_PLANS = process.env.BENCH_PLANS === 'full';
const REGIONS = ['r0', 'r1', 'r2', 'r3'];
const log = (message) => console.log(`[bench:auto-kill-budget] ${message}`);

/** `count` devices of `vendor`'s `integration`, spread over REGIONS, each with one linked product. */
async function seedDevices(db, count, vendor, integration) {
  await db.query('BEGIN');
  await db.query(`CREATE TEMP TABLE bench_fleet ON COMMIT DROP AS SELECT n, ${UUID_V7_SQL} AS id FROM generate_series(1, $1::int) AS n`, [count]);
  await db.query(
    `INSERT INTO devices (id, model, firmware, "firmwareKey", region, "updatedAt")
     SELECT id, 'hub', '1.0', $1, ($2::text[])[1 + n % ${REGIONS.length}], now() FROM bench_fleet ORDER BY n`,
    [versionKey('1.0'), REGIONS],
  );
  await db.query(
    `INSERT INTO device_inventory_items ("deviceId", vendor, integration, "vendorModel", "vendorFirmware", "vendorFirmwareKey")
     SELECT id, $1, $2, 'model', '3.5.1_00.66', $3 FROM bench_fleet ORDER BY n`,
    [vendor, integration, versionKey('3.5.1_00.66')],
  );
  await db.query('COMMIT');
}

/** The catalogue, one incident, the policy and its four regional kills in force (each with its auto-killed proposal). */
async function seedPolicy(db) {
  await db.query(`INSERT INTO vendors (id, slug, name) VALUES (gen_random_uuid(), 'acme', 'Acme'), (gen_random_uuid(), 'globex', 'Globex')`);
  await db.query(
    `INSERT INTO users (id, email, "passwordHash", roles, "updatedAt") VALUES (gen_random_uuid(), 'bench@killswitch.local', 'x', '{admin}', now())`,
  );
  const [{ id: userId }] = (await db.query('SELECT id FROM users')).rows;
  const [{ id: incidentId }] = (
    await db.query(
      `INSERT INTO incidents (id, title, severity, "reportedAt", "updatedAt") VALUES (gen_random_uuid(), 'bench', 'SEV1', now(), now()) RETURNING id`,
    )
  ).rows;
  const [{ id: policyId }] = (
    await db.query(
      `INSERT INTO auto_kill_policies (id, name, state, vendor, integration, "maxAffectedDevices", "createdById", "updatedAt")
       VALUES (gen_random_uuid(), 'bench', 'active', 'acme', 'acme.camera-stream', 2000000000, $1, now()) RETURNING id`,
      [userId],
    )
  ).rows;
  for (const region of REGIONS) {
    const scope = { vendor: 'acme', integration: 'acme.camera-stream', region };
    const [{ id: killId }] = (
      await db.query(
        `INSERT INTO kill_switches (id, scope, vendor, integration, reason, "incidentId", revision, "updatedAt")
         VALUES (gen_random_uuid(), $1, 'acme', 'acme.camera-stream', 'bench', $2, 1, now()) RETURNING id`,
        [scope, incidentId],
      )
    ).rows;
    await db.query(
      `INSERT INTO proposals (id, state, source, fingerprint, summary, severity, scope, vendor, "incidentId", "killSwitchId", "policyId", "updatedAt")
       VALUES (gen_random_uuid(), 'auto-killed', 'alertmanager', $1, 'bench', 'SEV1', $2, 'acme', $3, $4, $5, now())`,
      [`bench-${region}`, scope, incidentId, killId, policyId],
    );
  }
  // Other alerts' proposals: a table that grows with every alert ever received.
  await db.query(
    `INSERT INTO proposals (id, state, source, fingerprint, summary, severity, vendor, "incidentId", "updatedAt")
     SELECT ${UUID_V7_SQL}, 'open', 'alertmanager', 'other-' || n, 'other', 'SEV3', 'globex', $1, now() FROM generate_series(1, $2::int) AS n`,
    [incidentId, OTHER_PROPOSALS],
  );
  return policyId;
}

/** A client whose raw statements (policyAutoKilledDevices sends only such) are each EXPLAINed as they are sent. */
function explaining(prisma, db, plans) {
  return new Proxy(prisma, {
    get(target, key) {
      if (key !== '$queryRaw') return Reflect.get(target, key);
      return async (strings, ...values) => {
        const sql = Prisma.sql(strings, ...values);
        const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, sql.values);
        plans.push({ name: plans.length === 0 ? 'the policy’s kills in force' : 'the devices they match', lines: rows.map((r) => r['QUERY PLAN']) });
        return target.$queryRaw(strings, ...values);
      };
    },
  });
}

const dbName = `killswitch_auto_kill_budget_${process.pid}`;
const admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = `${PG_SERVER}/${dbName}`;
const db = new pg.Client({ connectionString: url });
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
try {
  await runNode('migrate', ['--experimental-wasm-modules', '--no-warnings', 'scripts/db-migrate.mjs'], { cwd: ROOT, env: { DATABASE_URL: url } });
  await db.connect();
  const m = machine(ROOT);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  log(`${m.nproc} × ${m.cpu}, ${m.memory}, ${m.node}, ${m.commit}, ${m.date}; load average ${load}`);
  const policyId = await seedPolicy(db);
  await seedDevices(db, OTHER_DEVICES, 'globex', 'globex.speaker');
  log(`seeded the policy (4 kills), ${OTHER_DEVICES} devices of another vendor, ${OTHER_PROPOSALS} other proposals`);
  let covered = 0;
  const results = [];
  for (const size of SIZES) {
    const start = performance.now();
    await seedDevices(db, size - covered, 'acme', 'acme.camera-stream');
    covered = size;
    await db.query('VACUUM ANALYZE');
    log(`${size} devices under the policy's kills (fleet ${size + OTHER_DEVICES}), seeded in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    const counted = await policyAutoKilledDevices(prisma, policyId);
    if (counted !== size) throw new Error(`policyAutoKilledDevices counted ${counted}, not ${size}`);
    const times = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      await policyAutoKilledDevices(prisma, policyId);
      times.push(performance.now() - t0);
    }
    const plans = [];
    await policyAutoKilledDevices(explaining(prisma, db, plans), policyId);
    results.push({ size, ms: median(times), times });
    log(`policyAutoKilledDevices: median ${median(times).toFixed(1)} ms (${times.map((t) => t.toFixed(1)).join(', ')})`);
    for (const plan of plans) {
      const shown = FULL_PLANS ? plan.lines : plan.lines.filter((line) => /Scan|Join|Aggregate|SubPlan|Execution Time|Planning Time/.test(line));
      console.log(`  ${plan.name}:\n${shown.map((line) => `    ${line}`).join('\n')}`);
    }
  }
  console.log(`\npolicyAutoKilledDevices, median of ${ROUNDS} (ms), beside ${OTHER_DEVICES} other devices and ${OTHER_PROPOSALS} other proposals:`);
  for (const { size, ms } of results) console.log(`  ${String(size).padStart(9)} devices under its kills: ${ms.toFixed(1)} ms`);
} finally {
  await prisma.$disconnect().catch(() => {});
  await db.end().catch(() => {});
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}
