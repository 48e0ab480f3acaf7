// `npm run bench`: every benchmark in sequence (after one build), each a child process writing
// its own section of BENCHMARKS.md at its full size (see the top of each file). A failing one
// does not stop the rest; the exit code says whether all passed.
//
// Environment (optional): BENCH_ALL_ONLY=poll,kills,…  run only these (names below); every
// other BENCH_* variable reaches the benchmarks (a non-default size makes them print, not write).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** In order of running: the short ones first, the 30-minute soak last. */
const BENCHMARKS = [
  { name: 'poll', script: 'bench/run.mjs' },
  // Installs Unleash from npm into a scratch folder on its first run (minutes); without it, measures the rest and says why.
  { name: 'peers', script: 'bench/peers.mjs' },
  { name: 'kills', script: 'bench/kills.mjs' },
  { name: 'board', script: 'bench/board.mjs' },
  { name: 'propagation', script: 'bench/propagation.mjs', env: { BENCH_DEVICES: '10000' } },
  { name: 'propagation-100k', script: 'bench/propagation.mjs', env: { BENCH_DEVICES: '100000' } },
  { name: 'fanout', script: 'bench/fanout.mjs' },
  { name: 'acks', script: 'bench/acks.mjs' },
  { name: 'memory', script: 'bench/memory.mjs' },
  { name: 'soak', script: 'bench/soak.mjs' },
];

const only = process.env.BENCH_ALL_ONLY?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !BENCHMARKS.some((b) => b.name === name)) ?? [];
if (unknown.length) {
  console.error(`[bench] unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

function run({ script, env = {} }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(signal ?? code));
  });
}

const results = [];
for (const benchmark of BENCHMARKS.filter((b) => !only || only.includes(b.name))) {
  console.log(
    `\n[bench] ${benchmark.name}: node ${benchmark.script}${benchmark.env ? ` (${Object.entries(benchmark.env).map(([k, v]) => `${k}=${v}`)})` : ''}`,
  );
  const started = Date.now();
  const outcome = await run(benchmark);
  results.push({ name: benchmark.name, outcome, minutes: (Date.now() - started) / 60_000 });
}
console.log('\n[bench] summary:');
for (const r of results) console.log(`  ${r.name.padEnd(18)} ${r.outcome === 0 ? 'ok' : `FAILED (${r.outcome})`}  ${r.minutes.toFixed(1)} min`);
process.exitCode = results.every((r) => r.outcome === 0) ? 0 : 1;
