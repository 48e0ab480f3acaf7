import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `npm run api:types:check` (part of `npm run lint`) keeps the checked-in
 * contract, docs/openapi.json, and the admin UI's generated types,
 * apps/admin/src/lib/api-types.ts, equal to what the code gives. Needs dist/
 * (npm test builds first).
 */
const ROOT = resolve(__dirname, '..');
const FILES = ['docs/openapi.json', 'apps/admin/src/lib/api-types.ts'];

function check(out?: string) {
  const args = ['scripts/api-types.mjs', '--check', ...(out ? ['--out', out] : [])];
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stderr: run.stderr };
}

describe('npm run api:types:check', () => {
  let copy: string;

  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'killswitch-api-types-'));
    for (const file of FILES) cpSync(join(ROOT, file), join(copy, file), { recursive: true });
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  it('passes on the checked-in OpenAPI document and admin types (they are what the code gives)', () => {
    expect(check()).toEqual({ status: 0, stderr: '' });
  });

  it('fails, naming the file, when the admin types no longer match the API', () => {
    const types = join(copy, 'apps/admin/src/lib/api-types.ts');
    writeFileSync(types, readFileSync(types, 'utf8').replace("'approver_granted_by_requester'", "'approver_granted_by_requester' | 'stale_code'"));
    expect(check(copy)).toEqual({ status: 1, stderr: expect.stringContaining('apps/admin/src/lib/api-types.ts is stale') });
  });

  it('fails, naming the file, when the OpenAPI document is missing', () => {
    rmSync(join(copy, 'docs/openapi.json'));
    expect(check(copy)).toEqual({ status: 1, stderr: expect.stringContaining('docs/openapi.json is stale') });
  });
});
