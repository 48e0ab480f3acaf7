// Unleash server for `npm run bench:peers`: which version to use, installing it from npm into a
// scratch folder (this project does not depend on it), and the one flag the benchmark polls.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URLSearchParams } from 'node:url';

/** Tried when the registry cannot be asked: the newest release whose engines allow Node 20 when this was written. */
export const FALLBACK_VERSION = '7.5.1';

/** Does a package's `engines.node` range (the `>=`, `>`, `<`, `<=`, `^`, `||` forms packages use) allow `nodeVersion`? */
export function nodeSatisfies(range, nodeVersion = process.version) {
  if (!range || range.trim() === '*') return true;
  const have = parse(nodeVersion);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const m = /^(>=|<=|>|<|\^|=)?v?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(comparator);
        if (!m) return false; // a form we do not read: not a version we pick
        const want = [Number(m[2]), Number(m[3]) || 0, Number(m[4]) || 0];
        const c = compare(have, want);
        switch (m[1]) {
          case '>=':
            return c >= 0;
          case '>':
            return c > 0;
          case '<':
            return c < 0;
          case '<=':
            return c <= 0;
          case '^':
            return c >= 0 && have[0] === want[0];
          default:
            return m[3] === undefined ? have[0] === want[0] : c === 0;
        }
      }),
  );
}

const parse = (version) => version.replace(/^v/, '').split(/[.-]/).slice(0, 3).map(Number);
function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * The newest release of unleash-server (no pre-releases) whose `engines.node` allows this Node,
 * asked of the registry npm is configured with. Returns { version, newest, newestEngines } or
 * { error } when npm cannot answer.
 */
export function pickVersion() {
  const res = spawnSync('npm', ['view', 'unleash-server@>=0.0.0', 'version', 'engines', '--json'], { encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0) return { error: `npm view unleash-server failed: ${(res.stderr || res.error?.message || '').trim().split('\n').slice(-3).join(' ')}` };
  let rows = JSON.parse(res.stdout);
  if (!Array.isArray(rows)) rows = [rows];
  rows = rows.filter((r) => /^\d+\.\d+\.\d+$/.test(r.version)).sort((a, b) => compare(parse(b.version), parse(a.version)));
  const fits = rows.find((r) => nodeSatisfies(r.engines?.node));
  if (!fits) return { error: `no unleash-server release on the registry allows Node ${process.version}` };
  return { version: fits.version, newest: rows[0].version, newestEngines: rows[0].engines?.node };
}

/**
 * Installs unleash-server@version into <tmp>/killswitch-bench-unleash/<version> (kept for the next
 * run: the install takes minutes) with `npm install --prefix`. Install scripts are not run (the
 * server needs none; one of them reports installs to a third party). Returns { dir, seconds, reused }.
 */
export async function installUnleash(version, { log }) {
  const dir = path.join(os.tmpdir(), 'killswitch-bench-unleash', version);
  const installed = path.join(dir, 'node_modules', 'unleash-server', 'package.json');
  if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === version) return { dir, seconds: 0, reused: true };
  mkdirSync(dir, { recursive: true });
  log(`installing unleash-server@${version} into ${dir} (npm install, a few minutes)`);
  const started = Date.now();
  const args = ['install', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', `unleash-server@${version}`];
  const output = [];
  const code = await new Promise((resolve) => {
    const child = spawn('npm', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk) => output.push(String(chunk));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), 15 * 60_000);
    child.on('exit', (exitCode, signal) => {
      clearTimeout(timer);
      resolve(signal ?? exitCode);
    });
    child.on('error', (error) => {
      output.push(error.message);
      resolve(-1);
    });
  });
  if (code !== 0 || !existsSync(installed)) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm ${args.join(' ')} failed (${code}): ${output.join('').trim().split('\n').slice(-5).join(' | ')}`);
  }
  return { dir, seconds: (Date.now() - started) / 1000, reused: false };
}

/** The Unleash tokens the benchmark creates at start-up (Unleash's `[project]:[environment].secret` form). */
export function unleashTokens(salt) {
  return {
    admin: `*:*.bench-admin-${salt}`,
    client: `default:development.bench-client-${salt}`,
    frontend: `default:development.bench-frontend-${salt}`,
  };
}

/**
 * The flag standing for one kill: `kill.xiaomi.camera-stream` (type kill-switch) in the default
 * project's development environment, a flexibleRollout at 100 % constrained to vendor xiaomi and
 * vendor firmware < 3.5.1-68 (Unleash's version operators take semver, so the device's
 * 3.5.1_00.66 is written 3.5.1-66), switched on. Made through Unleash's admin API.
 */
export const FLAG = 'kill.xiaomi.camera-stream';
export const DEVICE_CONTEXT = { vendor: 'xiaomi', vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1-66' };

export async function createFlag(url, adminToken) {
  const call = async (method, route, body) => {
    const res = await fetch(url + route, {
      method,
      headers: { authorization: adminToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`Unleash ${method} ${route} → ${res.status}: ${text}`);
  };
  for (const name of Object.keys(DEVICE_CONTEXT)) await call('POST', '/api/admin/context', { name, stickiness: false });
  await call('POST', '/api/admin/projects/default/features', { name: FLAG, type: 'kill-switch' });
  await call('POST', `/api/admin/projects/default/features/${FLAG}/environments/development/strategies`, {
    name: 'flexibleRollout',
    parameters: { rollout: '100', stickiness: 'default', groupId: FLAG },
    constraints: [
      { contextName: 'vendor', operator: 'IN', values: ['xiaomi'] },
      { contextName: 'vendorFirmware', operator: 'SEMVER_LT', value: '3.5.1-68' },
    ],
  });
  await call('POST', `/api/admin/projects/default/features/${FLAG}/environments/development/on`);
}

/** The frontend API's query for one device: its id as userId, its facts as context properties. */
export function frontendPath(deviceId) {
  const query = new URLSearchParams({ appName: 'bench-fleet', userId: deviceId });
  for (const [key, value] of Object.entries(DEVICE_CONTEXT)) query.set(`properties[${key}]`, value);
  return `/api/frontend?${query}`;
}
