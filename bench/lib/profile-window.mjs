// Where a process's CPU went during one window of a V8 CPU profile (node --cpu-prof): the functions
// with the most self time and the most total (inclusive) time, and self time by package or source
// file. The window is in CLOCK_MONOTONIC µs, the profile's own clock, as bench/kills.mjs logs it.
//
//   node bench/lib/profile-window.mjs <file.cpuprofile> [fromUs-toUs] [top=40]

import { readFileSync } from 'node:fs';

const [file, window, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/lib/profile-window.mjs <file.cpuprofile> [fromUs-toUs] [top]');
  process.exit(2);
}
const top = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const [from, to] = window ? window.split('-').map(Number) : [-Infinity, Infinity];

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const name = (node) => {
  const f = node.callFrame;
  const where = f.url ? `${f.url.replace(/^file:\/\//, '').replace(/.*\/(node_modules|dist)\//, '$1/')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
const group = (node) => {
  const url = node.callFrame.url.replace(/^file:\/\//, '');
  if (!url) return node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : '(native)';
  const pkg = url.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const dist = url.match(/dist\/(.*)/);
  return dist ? dist[1] : url.startsWith('node:') ? 'node:internal' : url;
};

const self = new Map();
const total = new Map();
const groups = new Map();
let t = profile.startTime;
let counted = 0;
let totalUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i];
  t += dt;
  if (t < from || t > to) continue;
  // A sample's weight: the time to the next sample (the last one gets the previous delta).
  const weight = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : dt;
  const node = nodes.get(profile.samples[i]);
  if (node.callFrame.functionName === '(idle)') continue;
  counted++;
  totalUs += weight;
  const key = name(node);
  self.set(key, (self.get(key) ?? 0) + weight);
  const g = group(node);
  groups.set(g, (groups.get(g) ?? 0) + weight);
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const k = name(nodes.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + weight);
  }
}

const show = (title, map, n) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(us / 1000).toFixed(1).padStart(10)} ms ${((us / totalUs) * 100).toFixed(1).padStart(5)} %  ${key}`);
  }
};
console.log(`${counted} samples, ${(totalUs / 1000).toFixed(0)} ms busy in the window`);
show('self time by package / file', groups, top);
show('self time by function', self, top);
show('total time by function', total, top * 2);
