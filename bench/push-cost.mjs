// API CPU of the early push per device, in-process: DeviceStreams.pushChanged over N connected
// streams after a rules change, with the real FlagsService (evaluation shared by devices with the
// same facts), SnapshotSigner (one Ed25519 signature a device) and SSE frame building. The streams
// are sinks that only take each frame's bytes (what a socket write copies); the socket's own cost
// (a write system call a device) is not in these figures: bench:propagation measures the whole.
//
// Run: `node bench/push-cost.mjs [distDir ...]` after `npm run build` (default: dist). With several
// builds (e.g. one of an older commit), rounds alternate between them in one process, and the frames
// each build writes for the same device, key and instant are compared byte for byte.
// Environment: BENCH_DEVICES=10000  BENCH_ROUNDS=10

import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { median } from './lib/report.mjs';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const dists = process.argv.length > 2 ? process.argv.slice(2) : ['dist'];
const { privateKey } = generateKeyPairSync('ed25519');
const key = { kid: 'bench-key', privateKey };
const options = { issuer: 'https://killswitch.example', lifetimeSec: 86_400 };
const inventory = ['camera', 'doorbell', 'lock', 'plug', 'hub', 'light'].map((name, i) => ({
  integration: `${i % 2 ? 'acme' : 'xiaomi'}.${name}`,
  vendorModel: `model-${name}`,
  vendorFirmware: `${i}.0.1`,
}));
const kill = {
  id: '0193a3c4-5678-7abc-8def-0123456789ab',
  scope: { vendor: 'acme', integration: 'acme.doorbell' },
  incidentId: null,
  deviceMessage: 'This feature is temporarily disabled by the manufacturer for your safety.',
  releasedBelow: 0,
};

function setUp(dist) {
  const lib = (name) => require(path.resolve(dist, 'libs', name));
  const { compileRules } = lib('evaluation/src/index.js');
  const { SnapshotSigner } = lib('snapshots/src/index.js');
  const { FlagsService } = lib('device-api/src/flags.service.js');
  const { DeviceStreams } = lib('device-api/src/device-streams.js');
  const rules = {
    generation: 0,
    rev: 0n,
    compiled: compileRules([]),
    failModes: new Map(inventory.map((i) => [i.integration, 'closed'])),
    catchUp: async () => undefined,
    onChange: () => undefined,
  };
  // The facts cache's own entries where the build has them (they hold the device's answer and its signature's slot).
  const { CachedDevice } = lib('device-api/src/device-facts-cache.js');
  const shared = { key: 'one', model: 'hub', firmware: '1.0', region: 'eu', cohort: 'stable', inventory };
  const devices = new Map();
  for (let i = 0; i < DEVICES; i++) {
    const id = `0193a3c4-5678-7abc-8def-${String(i).padStart(12, '0')}`;
    devices.set(id, CachedDevice ? new CachedDevice(id, shared, 1) : { id, ...shared, factsKey: shared.key, version: 1, sightingWindow: 0 });
  }
  const facts = { peek: (id) => devices.get(id), get: (id) => devices.get(id) };
  const keys = { activeKey: () => key };
  const signer = new SnapshotSigner(keys, options);
  const flags = new FlagsService(rules, facts, keys, signer, options);
  const streams = new DeviceStreams({}, flags, rules, {}, {});
  let bytes = 0;
  for (const id of devices.keys()) {
    const sink = { writableLength: 0, on: () => undefined, write: (chunk) => void (bytes += Buffer.byteLength(chunk)) };
    void streams.attach(id, 'credential', sink, -1n);
  }
  /** A rules change that flips every device's doorbell: kill on odd revisions, lifted on even ones. */
  const change = () => {
    rules.rev++;
    rules.generation++;
    rules.compiled = compileRules(rules.rev % 2n ? [kill] : []);
  };
  return { dist, flags, streams, change, devices, bytes: () => bytes, cpu: [] };
}

const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const builds = dists.map(setUp);
await new Promise((resolve) => setTimeout(resolve, 100)); // the attaches' first answers
for (let round = 0; round < ROUNDS; round++) {
  for (const build of builds) {
    build.change();
    const before = build.bytes();
    const start = cpuUs();
    await build.streams.pushChanged();
    build.cpu.push((cpuUs() - start) / DEVICES);
    if (build.bytes() - before < DEVICES * 1000) throw new Error(`${build.dist}: not every device was pushed`);
  }
}
for (const build of builds) {
  console.log(
    `${build.dist}: early push ${median(build.cpu).toFixed(1)} µs CPU a device (median of ${ROUNDS} rounds; range ${Math.min(...build.cpu).toFixed(1)}–${Math.max(...build.cpu).toFixed(1)})`,
  );
}
if (builds.length > 1) {
  // Same device, key, revision and instant: every build must give the very same answer body.
  const at = Date.now();
  const id = builds[0].devices.keys().next().value;
  const bodies = builds.map((b) => {
    b.change(); // answers signed now, at the same instant in every build
    return b.flags.cachedAnswer(id, at).body;
  });
  console.log(bodies.every((b) => b === bodies[0]) ? `answer bodies identical across builds (${bodies[0].length} bytes)` : 'ANSWER BODIES DIFFER');
}
