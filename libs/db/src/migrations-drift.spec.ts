// The migrations in prisma/migrations must build exactly the database that
// prisma/schema.prisma describes. scripts/db-drift-check.mjs compares the two
// (see its header); it needs `node --experimental-wasm-modules` for Prisma's
// WASM schema engine, which Jest's own process does not have, so the test runs
// it as a child process and reads its JSON result.
//
// Needs a PostgreSQL server where databases may be created: the run's
// TEST_ADMIN_DATABASE_URL or DATABASE_URL (set by the Jest global setup). The
// checker creates and drops its own uniquely named scratch databases there.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const CHECKER = path.join(REPO_ROOT, 'scripts', 'db-drift-check.mjs');
const SCHEMA_PATH = path.join(REPO_ROOT, 'prisma', 'schema.prisma');
const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');
const TIMEOUT_MS = 120_000;

interface DriftResult {
  ok: boolean;
  differences?: string[];
  error?: string;
}

/** The server the checker may create scratch databases on. */
function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run this test through the repository jest config');
  return url;
}

/** Runs the drift checker on a schema and migrations folder; resolves to its JSON result and exit code. */
function runDriftCheck(schemaPath: string, migrationsDir: string): Promise<{ code: number | null; result: DriftResult }> {
  const args = [
    '--experimental-wasm-modules',
    '--no-warnings',
    CHECKER,
    '--json',
    `--admin-url=${adminUrl()}`,
    `--schema=${schemaPath}`,
    `--migrations=${migrationsDir}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lastLine = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({ code, result: JSON.parse(lastLine) as DriftResult });
      } catch {
        reject(new Error(`drift checker exited ${code} without a JSON result:\n${stdout}\n${stderr}`));
      }
    });
  });
}

/** schema.prisma with one extra nullable column in model Vendor (table "vendors"). */
function schemaWithExtraColumn(): string {
  const original = fs.readFileSync(SCHEMA_PATH, 'utf8');
  const changed = original.replace(/^model Vendor \{\n/m, (opening) => `${opening}  driftProbe String?\n`);
  if (changed === original) throw new Error('model Vendor not found in schema.prisma: update this test');
  return changed;
}

describe('migrations drift', () => {
  let tempDir: string;

  beforeAll(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'killswitch-drift-'));
  });

  afterAll(() => {
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it(
    'the migrations build exactly the database schema.prisma describes',
    async () => {
      const { code, result } = await runDriftCheck(SCHEMA_PATH, MIGRATIONS_DIR);

      expect(result.error).toBeUndefined();
      expect(result.differences).toEqual([]);
      expect(result.ok).toBe(true);
      expect(code).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'a column added to schema.prisma without a migration is reported as drift naming its table and column',
    async () => {
      const schemaPath = path.join(tempDir, 'schema.prisma');
      fs.writeFileSync(schemaPath, schemaWithExtraColumn());

      const { code, result } = await runDriftCheck(schemaPath, MIGRATIONS_DIR);

      expect(result.error).toBeUndefined();
      expect(result.ok).toBe(false);
      expect(code).toBe(1);
      expect(result.differences).toEqual([expect.stringContaining('column vendors.driftProbe')]);
    },
    TIMEOUT_MS,
  );
});
