// Kill creation while one credential floods the API with refused reads (issue 12, point 4): how
// long POST /v1/kill-switches takes with no flood and during one, how many refusals the flood made,
// and how much the audit log grew. Every refused attempt used to append its own chained audit
// entry under the same lock kill creation waits on; now each is one row update outside that lock,
// folded into one chained entry a principal, action, target, reason and minute.
// Run with `npm run bench:refusal-flood` (builds first). Loopback only; bounded in time.
//
// Environment (optional):
//   BENCH_KILLS=40             kills created in each phase, one after another
//   BENCH_FLOOD_CONCURRENCY=32 refused reads in flight during the flood
//   BENCH_FLOOD_RATE=0         refused reads a second at most (0: as fast as the API answers), to
//                              compare builds at the same load
//   BENCH_REFUSAL_LIMIT=100000   the API's REFUSAL_LIMIT: high, so every refusal reaches the server's
//                              refusal path (the 429 answer for a credential that keeps being refused
//                              is measured separately by its test); set e.g. 30 to see it cut the flood
//   BENCH_PG=postgres://postgres@127.0.0.1:5432  BENCH_REDIS=redis://127.0.0.1:6379

import { performance } from 'node:perf_hooks';
import { startStack } from './lib/stack.mjs';

const env = process.env;
const KILLS = Number(env.BENCH_KILLS ?? 40);
const CONCURRENCY = Number(env.BENCH_FLOOD_CONCURRENCY ?? 32);
const RATE = Number(env.BENCH_FLOOD_RATE ?? 0);
const log = (message) => console.log(`[bench:refusal-flood] ${message}`);

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function createKills(api, from) {
  const durations = [];
  for (let i = from; i < from + KILLS; i += 1) {
    const started = performance.now();
    await api.call('POST', '/v1/kill-switches', {
      scope: { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', vendorFirmware: { eq: `9.9.${i}` } },
      reason: 'refusal flood bench',
    });
    durations.push(performance.now() - started);
  }
  return durations;
}

const headSeq = async (db) => (await db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM audit_log')).rows[0].seq;

const stack = await startStack('refusalflood', { apiEnv: { REFUSAL_LIMIT: env.BENCH_REFUSAL_LIMIT ?? '100000' } });
try {
  const email = `flooder-${process.pid}@bench.local`;
  const password = 'flooder-password-123';
  await stack.api.call('POST', '/v1/users', { email, password, roles: ['responder'] });
  const login = await fetch(`${stack.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const flooder = (await login.json()).accessToken;

  await createKills(stack.api, 10_000); // warm-up
  const quiet = await createKills(stack.api, 0);

  const head = await headSeq(stack.db);
  const statuses = new Map();
  let flooding = true;
  let sent = 0;
  const floodStarted = performance.now();
  const flood = Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (flooding) {
        if (RATE > 0) {
          const due = floodStarted + (sent++ / RATE) * 1000;
          if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
        }
        const res = await fetch(`${stack.url}/v1/users`, { headers: { authorization: `Bearer ${flooder}` } });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 1000)); // the flood is under way before the first kill
  const during = await createKills(stack.api, KILLS);
  flooding = false;
  await flood;
  const floodSeconds = (performance.now() - floodStarted) / 1000;
  const growth = (await stack.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE seq > $1 AND outcome = 'refused'`, [head])).rows[0].n;
  const pending = await stack.db
    .query('SELECT coalesce(sum(count), 0)::int AS n, count(*)::int AS rows FROM refused_attempts')
    .then((r) => r.rows[0])
    .catch(() => ({ n: 0, rows: 0 })); // no such table before the change

  const ms = (x) => `${x.toFixed(1)} ms`;
  const refused = statuses.get(403) ?? 0;
  log(`kills without a flood: p50 ${ms(percentile(quiet, 50))}, p95 ${ms(percentile(quiet, 95))} (${KILLS} kills)`);
  log(`kills during the flood: p50 ${ms(percentile(during, 50))}, p95 ${ms(percentile(during, 95))} (${KILLS} kills)`);
  log(
    `flood: ${[...statuses].map(([status, n]) => `${n} × ${status}`).join(', ')} in ${floodSeconds.toFixed(1)} s (${Math.round(refused / floodSeconds)} refusals/s)`,
  );
  log(
    `audit log: ${growth} refused entries appended during the flood for ${refused} refusals; ${pending.n} refusals in ${pending.rows} refused_attempts row(s) wait for their minute to be folded`,
  );
} finally {
  await stack.close();
}
