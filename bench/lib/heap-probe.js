// Preloaded into a benchmarked process (`node --expose-gc --require bench/lib/heap-probe.js …`,
// see memoryProbe() in memory.mjs) to read its V8 heap from outside: the worker has no HTTP
// server to ask. Every second it writes { at, rss, heapUsed, heapTotal, external, arrayBuffers,
// spaces (V8's heap spaces: committed size and used bytes), gcs, gcMs } to
// the file named by BENCH_HEAP_PROBE (written aside, then renamed, so a reader never sees half a
// line); on SIGUSR2 it first runs a full garbage collection and counts it in `gcs`. Nothing else
// in the process changes: one SIGUSR2 handler, no socket, an unref'd timer.

'use strict';

const { renameSync, writeFileSync } = require('node:fs');
const v8 = require('node:v8');

const file = process.env.BENCH_HEAP_PROBE;
if (file) {
  let gcs = 0;
  let gcMs = 0;
  const write = () => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const spaces = {};
    for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = { size: s.space_size, used: s.space_used_size };
    const sample = { at: Date.now(), rss, heapUsed, heapTotal, external, arrayBuffers, spaces, gcs, gcMs };
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify(sample));
      renameSync(`${file}.tmp`, file);
    } catch {
      // the benchmark removed its directory: it is shutting down
    }
  };
  setInterval(write, 1000).unref();
  process.on('SIGUSR2', () => {
    if (typeof globalThis.gc === 'function') {
      const started = process.hrtime.bigint();
      globalThis.gc();
      gcMs = Number(process.hrtime.bigint() - started) / 1e6;
      gcs++;
    }
    write();
  });
  write();
}
