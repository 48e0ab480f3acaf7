// The machine a run happened on, the results table, and BENCHMARKS.md: each
// benchmark owns the section between its own markers, so several can share the file.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export function machine(cwd) {
  const sh = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
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

/** Markdown table rows, one per case. */
export function resultsTable(cases) {
  const lines = [
    '| case | status | req/s (mean) | p50 ms | p99 ms | max ms | requests | unexpected status | socket errors / timeouts | server CPU (cores) | autocannon CPU (cores) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of cases) {
    const r = c.result;
    lines.push(
      `| ${c.name} | ${c.expectStatus} | ${Math.round(r.rps).toLocaleString('en-US')} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max, 1)} | ${r.total.toLocaleString('en-US')} | ${r.unexpected}${r.unexpected ? ` (${JSON.stringify(r.statuses)})` : ''} | ${r.errors} / ${r.timeouts} | ${f(r.serverCores)} | ${f(r.loadCores)} |`,
    );
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
