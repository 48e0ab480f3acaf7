import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { REPO_ROOT } from '../../../test/support/processes';
import { CliSandbox } from '../test/cli-harness';

const run = promisify(execFile);

// Each test spawns CLI processes that start a Nest context: slower than the default allows on a busy machine.
jest.setTimeout(120_000);

/** `npm run <script> -- <args>` from the repository, as the README says; exit code and output. */
async function npmRun(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', script, '--', ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('killswitch keys rotate and audit check (CLI on the database)', () => {
  let cli: CliSandbox;
  // signing_keys is one table for the whole database: rotating it on the run's database would disturb other suites.
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    cli = new CliSandbox();
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    cli.remove();
    await scratch.drop();
  });

  it('keys rotate (npm run keys:rotate) rotates with DATABASE_URL, prints the new kids and is audited as the operator', async () => {
    const first = await npmRun('keys:rotate', ['--reason', 'scheduled rotation'], { DATABASE_URL: scratch.url });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const kids = JSON.parse(first.stdout) as { previous: string; current: string; next: string };
    expect(kids).toEqual({ previous: expect.any(String), current: expect.any(String), next: expect.any(String), retired: null });

    const second = await cli.json(['keys', 'rotate'], { env: { DATABASE_URL: scratch.url } });
    expect(second).toMatchObject({ previous: kids.current, current: kids.next, retired: kids.previous });

    const db = new Client({ connectionString: scratch.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ actor: string; reason: string | null }>(
        `SELECT actor, reason FROM audit_log WHERE action = 'signing-key.rotate' ORDER BY seq`,
      );
      expect(rows).toEqual([
        { actor: expect.stringMatching(/^system:rotate-keys \(os user .+\)$/), reason: 'scheduled rotation' },
        { actor: expect.stringMatching(/^system:rotate-keys/), reason: null },
      ]);
    } finally {
      await db.end();
    }
  });

  it('audit check (npm run audit:check) reads the export against DATABASE_URL and fails on a file with no checkpoint', async () => {
    const empty = join(cli.home, 'empty.jsonl');
    writeFileSync(empty, '');
    const result = await npmRun('audit:check', [empty], { DATABASE_URL: scratch.url });
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual(['FAIL  line 0: the file holds no checkpoint', 'audit:check FAILED: 1 of 1 checkpoints do not hold']);
  });

  it('refuses without DATABASE_URL, or without a file, with exit code 2 and what to do', async () => {
    const noDatabase = await cli.run(['keys', 'rotate']);
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toMatch(/DATABASE_URL is not set/);
    const badDatabase = await cli.run(['audit', 'check', 'x.jsonl'], { env: { DATABASE_URL: 'mysql://nope' } });
    expect(badDatabase.code).toBe(2);
    expect(badDatabase.stderr).toMatch(/DATABASE_URL must be a postgresql:\/\/ connection string/);
    const noFile = await cli.run(['audit', 'check'], { env: { DATABASE_URL: scratch.url } });
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/missing required argument 'file'/);
    const missingFile = await cli.run(['audit', 'check', join(cli.home, 'missing.jsonl')], { env: { DATABASE_URL: scratch.url } });
    expect(missingFile.code).toBe(2);
    expect(missingFile.stdout).toMatch(/^audit:check: ENOENT/);
  });
});
