// CPU of the refusal limiter's check and vouch, as the ack route makes them for each ack (retryAfterFor, then vouch,
// keyed by the credential's SHA-256), over a fleet's credentials in turn: each credential comes back once every
// BENCH_CREDENTIALS requests, as when every device acks one kill. Several builds' limiters alternate round by round in
// one process (e.g. one of an older commit): `node bench/refusal-limiter-probe.mjs [distDir ...]` after `npm run build`.
// Environment: BENCH_CREDENTIALS=10000  BENCH_OPS=300000 (a round)  BENCH_ROUNDS=6. Not part of `npm run bench`.

import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { median } from './lib/report.mjs';

const require = createRequire(import.meta.url);
const CREDENTIALS = Number(process.env.BENCH_CREDENTIALS ?? 10_000);
const OPS = Number(process.env.BENCH_OPS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const dists = process.argv.length > 2 ? process.argv.slice(2) : ['dist'];
const digests = Array.from({ length: CREDENTIALS }, () => randomBytes(32));

const builds = dists.map((dist) => {
  const { RefusalLimiter, credentialKeyOfDigest, addressKey } = require(path.resolve(dist, 'libs/identity/src/refusal-limiter.js'));
  // The ack route's limits: 50 refusals a minute.
  const limiter = new RefusalLimiter(50, 60_000);
  const address = addressKey('127.0.0.1');
  const once = (i) => {
    const credential = credentialKeyOfDigest(digests[i % CREDENTIALS]);
    if (limiter.retryAfterFor(credential, address) === undefined) limiter.vouch(credential);
  };
  for (let i = 0; i < OPS; i++) once(i); // warm: every credential vouched, the code optimized
  return { dist, once, rounds: [] };
});

for (let round = 0; round < ROUNDS; round++) {
  for (const build of builds) {
    const before = process.cpuUsage();
    for (let i = 0; i < OPS; i++) build.once(i);
    const { user, system } = process.cpuUsage(before);
    build.rounds.push((user + system) / OPS);
  }
}
for (const build of builds) {
  const us = build.rounds.map((r) => r.toFixed(2)).join(', ');
  console.log(`${build.dist}: median ${median(build.rounds).toFixed(2)} µs a check and vouch (rounds ${us}), ${CREDENTIALS} credentials`);
}
