// The machine a run happened on, the results table, and BENCHMARKS.md: each
// benchmark owns the section between its own markers, so several can share the file.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export function machine(cwd) {
  const sh = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      return '';
    }
  };
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const meminfo = existsSync('/proc/meminfo') ? readFileSync('/proc/meminfo', 'utf8') : '';
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1]) || os.totalmem() / 1024;
  const commit = sh('git', ['rev-parse', '--short', 'HEAD']);
  return {
    nproc: sh('nproc', []) || String(os.availableParallelism()),
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1].trim() ?? os.cpus()[0]?.model ?? 'unknown',
    memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: commit ? `${commit}${sh('git', ['status', '--porcelain']) ? ' with uncommitted changes' : ''}` : 'unknown',
  };
}

const f = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const int = (x) => Math.round(x).toLocaleString('en-US');

export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Server CPU time per request, in µs: unlike req/s it does not depend on
 * whether the server or the load generator was the bottleneck.
 */
const cpuPerRequest = (r) => (r.serverCores / r.rps) * 1e6;

/** One row per case: medians over the rounds, and the req/s range. */
export function summaryTable(cases) {
  const lines = [
    '| case | status | req/s (mean) | range over rounds | p50 ms | p99 ms | server CPU µs / request | unexpected status | errors (timeouts) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of cases) {
    const rps = c.rounds.map((r) => r.rps);
    const sum = (key) => c.rounds.reduce((total, r) => total + r[key], 0);
    lines.push(
      `| ${c.name} | ${c.expectStatus} | ${int(median(rps))} | ${int(Math.min(...rps))}–${int(Math.max(...rps))} | ${f(median(c.rounds.map((r) => r.p50)))} | ${f(median(c.rounds.map((r) => r.p99)))} | ${f(median(c.rounds.map(cpuPerRequest)), 1)} | ${sum('unexpected')} | ${sum('errors')} (${sum('timeouts')}) |`,
    );
  }
  return lines.join('\n');
}

/** Every measured run, in the order they ran, with the CPU each side used. */
/** A run's statuses, `200: 1,234, 304: 56`. */
export function statusesOf(run) {
  return Object.entries(run.statuses)
    .map(([code, count]) => `${code}: ${int(count)}`)
    .join(', ');
}

export function roundsTable(cases) {
  const lines = [
    '| round | case | req/s | p50 ms | p99 ms | max ms | requests | statuses | errors (timeouts) | CPU server | µs / request | CPU autocannon | CPU others | steal |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const rounds = Math.max(...cases.map((c) => c.rounds.length));
  for (let i = 0; i < rounds; i++) {
    for (const c of cases) {
      const r = c.rounds[i];
      if (!r) continue;
      const statuses = statusesOf(r);
      lines.push(
        `| ${i + 1} | ${c.name} | ${int(r.rps)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max, 1)} | ${int(r.total)} | ${statuses} | ${r.errors} (${r.timeouts}) | ${f(r.serverCores)} | ${f(cpuPerRequest(r), 1)} | ${f(r.loadCores)} | ${f(r.otherCores)} | ${f(r.stealCores)} |`,
      );
    }
  }
  return lines.join('\n');
}

const INTRO = `# Benchmarks

Measured with \`npm run bench\` on loopback. Each benchmark rewrites only its
own section (between its \`<!-- bench:…:start -->\` and \`<!-- bench:…:end -->\`
markers); numbers are from the machine named in the section, not a promise
for another one.
`;

/** Replaces (or appends) the section between `<!-- bench:<name>:start -->` and `<!-- bench:<name>:end -->`. */
export function writeSection(file, name, body) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : INTRO;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next = from >= 0 && to > from ? text.slice(0, from) + section + text.slice(to + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

/**
 * The convention every benchmark follows: its section of BENCHMARKS.md is written only by a
 * full-size run (`full`, each file says what that is) and never with BENCH_NO_WRITE=1; any other
 * run prints the section instead. Returns whether it was written.
 */
export function publishSection(file, name, body, { full, log = console.log }) {
  if (full && process.env.BENCH_NO_WRITE !== '1') {
    writeSection(file, name, body);
    log(`written to BENCHMARKS.md (section ${name})`);
    return true;
  }
  console.log(`\n${body.trim()}\n`);
  log(`${full ? 'BENCH_NO_WRITE=1' : 'not the full-size run'}: BENCHMARKS.md left as it was`);
  return false;
}

/** The "Command / Machine" lines every section starts with. */
export function provenance(m, command, script) {
  return `Command: \`${command}\` (\`npm run build && ${script}\`; also part of \`npm run bench\`), ${m.date}, commit ${m.commit}.

Machine: \`nproc\` ${m.nproc}, ${m.cpu}, ${m.memory} memory, Node ${m.node}, ${m.kernel}.`;
}
