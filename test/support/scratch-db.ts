import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { REPO_ROOT } from './processes';

/**
 * A database of its own, migrated, for a suite that owns a global table (such
 * as signing_keys) and must not disturb the other suites of the run.
 */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests through jest (test/global-setup.mjs)');
  const name = `${new URL(process.env.DATABASE_URL!).pathname.slice(1)}_s${randomBytes(4).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  execFileSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'scripts/db-migrate.mjs'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: 'pipe',
  });
  return {
    url: url.toString(),
    async drop() {
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
