import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const ADMIN_SOURCES = path.join(REPO_ROOT, 'apps', 'admin');
export const ADMIN_DIST = path.join(REPO_ROOT, 'dist', 'admin');

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

function isFresh(): boolean {
  const index = path.join(ADMIN_DIST, 'index.html');
  if (!fs.existsSync(index)) return false;
  const inputs = ['src', 'public', 'index.html', 'vite.config.mts'].map((name) => path.join(ADMIN_SOURCES, name)).filter((p) => fs.existsSync(p));
  return fs.statSync(index).mtimeMs >= Math.max(...inputs.map(newestMtime));
}

/**
 * Builds the admin UI (npm run admin:build) unless dist/admin is newer than
 * its sources, so a test never drives a stale UI. `npm test` builds it first
 * anyway (pretest); this covers running jest directly. One build at a time
 * across Jest workers (a directory lock).
 */
export function ensureAdminBuild(): string {
  if (isFresh()) return ADMIN_DIST;
  const lock = path.join(os.tmpdir(), `killswitch-admin-build-${Buffer.from(REPO_ROOT).toString('hex').slice(-16)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`admin UI build: ${lock} is still held after 2 minutes; remove it if no build runs`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (!isFresh()) {
      const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
      execFileSync(process.execPath, [vite, 'build', ADMIN_SOURCES, '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'pipe' });
    }
  } finally {
    fs.rmdirSync(lock);
  }
  return ADMIN_DIST;
}
