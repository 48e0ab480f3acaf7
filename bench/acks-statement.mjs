// PostgreSQL's CPU for the acks' first statement alone (RAISE_ACKED_REV, libs/revocations/src/acks.service.ts), as
// built in dist/, beside the form it had before dd824ce (the rows locked in one pass, then updated from the batch's
// input joined with the locked ids: planned as a scan of every locked id a row, quadratic in the batch). A scratch
// database with a `devices` table of the real one's columns and indexes, 20,000 devices, every one acked once a
// round in batches of BENCH_BATCH, each form in turn; CPU is the backend's own (/proc/<pid>/stat), µs an ack.
// Run: `npm run build && node bench/acks-statement.mjs` (BENCH_BATCH=50, BENCH_ROUNDS=4, BENCH_PG as elsewhere).

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pg = require('pg');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { RAISE_ACKED_REV } = require(path.join(ROOT, 'dist/libs/revocations/src/acks.service.js'));
const PG_SERVER = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const DEVICES = 20_000;
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

const BEFORE = `
    WITH cur AS (SELECT rev FROM "revision" WHERE id = 1),
    input AS (
      SELECT device_id, max(rev) AS rev FROM unnest($1::uuid[], $2::bigint[]) AS t(device_id, rev)
      WHERE rev <= (SELECT rev FROM cur) GROUP BY device_id
    ),
    locked AS MATERIALIZED (SELECT id FROM devices WHERE id IN (SELECT device_id FROM input) ORDER BY id FOR NO KEY UPDATE),
    raised AS (
      UPDATE devices d SET "ackedRev" = i.rev FROM input i, locked l WHERE d.id = i.device_id AND d.id = l.id AND d."ackedRev" < i.rev
    )
    SELECT coalesce((SELECT rev FROM cur), 0)::text AS current`;
const FORMS = [
  ['before dd824ce', BEFORE],
  ['dist/', RAISE_ACKED_REV.text],
];

const dbName = `killswitch_acks_statement_${process.pid}`;
const admin = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const db = new pg.Client({ connectionString: `${PG_SERVER}/${dbName}` });
try {
  await db.connect();
  await db.query(`
    CREATE TABLE revision (id int PRIMARY KEY, rev bigint NOT NULL); INSERT INTO revision VALUES (1, 1000000);
    CREATE TABLE devices (id uuid PRIMARY KEY, model text NOT NULL, firmware text NOT NULL, "firmwareKey" bytea NOT NULL, region text,
      cohort text, "externalId" text UNIQUE, "enrolledAt" timestamptz(3) NOT NULL DEFAULT now(), "updatedAt" timestamptz(3) NOT NULL DEFAULT now(),
      "decommissionedAt" timestamptz(3), "lastSeenAt" timestamptz(3), "ackedRev" bigint NOT NULL DEFAULT 0, "inventoryAt" timestamptz(3));
    CREATE INDEX ON devices (model); CREATE INDEX ON devices (region); CREATE INDEX ON devices (cohort);
    INSERT INTO devices (id, model, firmware, "firmwareKey", region, cohort)
      SELECT gen_random_uuid(), 'hub', '1.0', '\\x01', 'eu', 'a' FROM generate_series(1, ${DEVICES});`);
  await db.query('VACUUM ANALYZE devices');
  const ids = (await db.query('SELECT id FROM devices')).rows.map((row) => row.id);
  const pid = (await db.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const cpuSeconds = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  let rev = 0;
  const results = new Map(FORMS.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, text] of round % 2 ? [...FORMS].reverse() : FORMS) {
      rev++;
      const before = cpuSeconds();
      for (let at = 0; at < ids.length; at += BATCH) {
        const batch = ids.slice(at, at + BATCH);
        await db.query({ name, text, values: [`{${batch.join(',')}}`, `{${batch.map(() => rev).join(',')}}`] });
      }
      results.get(name).push(((cpuSeconds() - before) * 1e6) / ids.length);
    }
  }
  const raised = (await db.query('SELECT count(*)::int AS n FROM devices WHERE "ackedRev" = $1', [rev])).rows[0].n;
  if (raised !== DEVICES) throw new Error(`${raised} devices raised to ${rev}, not ${DEVICES}`);
  console.log(`acks' first statement, ${DEVICES} acks a round in batches of ${BATCH}, PostgreSQL CPU µs an ack (rounds):`);
  for (const [name, values] of results) console.log(`  ${name}: ${values.map((v) => v.toFixed(1)).join(', ')}`);
} finally {
  await db.end().catch(() => {});
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}
