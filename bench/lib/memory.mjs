// A benchmarked process's memory, seen from outside: resident set from /proc, V8 heap from the
// preloaded heap probe (heap-probe.js), and a full garbage collection on request.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rssOf } from './processes.mjs';

const PROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'heap-probe.js');

export const mib = (bytes) => bytes / (1024 * 1024);

/**
 * What to add to a node command line (`args`, before the script) and to its environment (`env`)
 * for the heap probe writing into `file`; then read() the latest sample, or gc(pid) to force a
 * full collection and get the sample taken right after it.
 */
export function memoryProbe(file) {
  const read = () => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      return undefined;
    }
  };
  return {
    args: ['--expose-gc', '--require', PROBE],
    env: { BENCH_HEAP_PROBE: file },
    read,
    async gc(pid, timeoutMs = 60_000) {
      const before = read()?.gcs ?? 0;
      process.kill(pid, 'SIGUSR2');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const sample = read();
        if (sample && sample.gcs > before) return sample;
        if (Date.now() > deadline) throw new Error(`no forced GC from pid ${pid} within ${timeoutMs / 1000} s (started with the heap probe?)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** RSS (from /proc) and V8 heap (from the probe) of one process now; `gc: true` forces a full collection first. */
export async function sampleMemory(pid, probe, { gc = false } = {}) {
  const heap = gc ? await probe.gc(pid) : probe.read();
  const { rss, peak } = rssOf(pid);
  return {
    at: Date.now(),
    rss,
    peak,
    heapUsed: heap?.heapUsed ?? NaN,
    heapTotal: heap?.heapTotal ?? NaN,
    external: heap?.external ?? NaN,
    arrayBuffers: heap?.arrayBuffers ?? NaN,
    spaces: heap?.spaces ?? {},
    gcMs: gc ? heap?.gcMs : undefined,
    pauses: heap?.pauses,
  };
}

/**
 * Where a process's resident set is, from /proc/<pid>/smaps: `rollup` (smaps_rollup's kB fields, in
 * bytes) and the resident bytes of file-backed mappings (code, shared libraries), of the brk heap
 * (`[heap]`: glibc malloc's main arena), of malloc's thread arenas, of the other anonymous mappings
 * (V8's heap pages, large mmap'd allocations) and of the rest (stack, vdso…). Undefined if /proc cannot be read.
 */
export function residentBreakdown(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return undefined;
  }
  // glibc's thread arenas are 64 MiB reservations aligned on 64 MiB: a read-write part, then the
  // rest reserved (---p) right after it. Their resident bytes are malloc's, not V8's.
  const ARENA = 64 * 1024 * 1024;
  const mappings = [];
  let current;
  for (const line of text.split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      current = { start: parseInt(header[1], 16), end: parseInt(header[2], 16), perms: header[3], name: header[4], rss: 0 };
      mappings.push(current);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && current) current.rss = Number(rss[1]) * 1024;
  }
  const parts = { file: 0, brkHeap: 0, mallocArenas: 0, anonymous: 0, other: 0 };
  mappings.forEach((m, i) => {
    const next = mappings[i + 1];
    const arena =
      m.name === '' &&
      m.start % ARENA === 0 &&
      m.perms.startsWith('rw') &&
      (m.end - m.start === ARENA || (next && next.name === '' && next.start === m.end && next.perms.startsWith('---') && next.end - m.start === ARENA));
    const kind = arena ? 'mallocArenas' : m.name === '' ? 'anonymous' : m.name === '[heap]' ? 'brkHeap' : m.name.startsWith('/') ? 'file' : 'other';
    parts[kind] += m.rss;
  });
  const rollup = {};
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')) {
      const field = /^(\w+):\s+(\d+) kB/.exec(line);
      if (field) rollup[field[1]] = Number(field[2]) * 1024;
    }
  } catch {
    // an older kernel: the per-mapping sums above still stand
  }
  return { rollup, ...parts };
}

/** Least-squares slope of y over x for points [x, y]; NaN with fewer than two distinct x. */
export function slope(points) {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/** A Prometheus text exposition's value for `name` (the sum over its label sets); NaN if absent. */
export function metricValue(text, name) {
  let total = NaN;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    total = (Number.isNaN(total) ? 0 : total) + value;
  }
  return total;
}
