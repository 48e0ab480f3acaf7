// Preloaded into a benchmarked process (`node --expose-gc --require bench/lib/heap-probe.js …`,
// see memoryProbe() in memory.mjs) to read its V8 heap from outside: the worker has no HTTP
// server to ask. Every second it writes { at, rss, heapUsed, heapTotal, external, arrayBuffers,
// spaces (V8's heap spaces: committed size and used bytes), gcs, gcMs, pauses } to
// the file named by BENCH_HEAP_PROBE (written aside, then renamed, so a reader never sees half a
// line); on SIGUSR2 it first runs a full garbage collection and counts it in `gcs`. `pauses` counts the
// process's own collections since it started (perf_hooks' gc entries, the forced ones left out):
// { major: { count, ms, maxMs }, minor: {...} }. Nothing else in the process changes: one SIGUSR2
// handler, one gc observer, no socket, an unref'd timer.

'use strict';

const { renameSync, writeFileSync } = require('node:fs');
const v8 = require('node:v8');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const file = process.env.BENCH_HEAP_PROBE;
if (file) {
  let gcs = 0;
  let gcMs = 0;
  const pauses = { major: { count: 0, ms: 0, maxMs: 0 }, minor: { count: 0, ms: 0, maxMs: 0 } };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue; // ours, on SIGUSR2
      // Major (mark-compact) and minor (scavenge) pauses; incremental marking steps and weak callbacks are left out.
      const kind = { [constants.NODE_PERFORMANCE_GC_MAJOR]: pauses.major, [constants.NODE_PERFORMANCE_GC_MINOR]: pauses.minor }[entry.detail?.kind];
      if (!kind) continue;
      kind.count++;
      kind.ms += entry.duration;
      kind.maxMs = Math.max(kind.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const write = () => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const spaces = {};
    for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = { size: s.space_size, used: s.space_used_size };
    const sample = { at: Date.now(), rss, heapUsed, heapTotal, external, arrayBuffers, spaces, gcs, gcMs, pauses };
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
