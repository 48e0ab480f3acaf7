import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appEnv, built, freePort, run } from './support/processes';

/** Runs scripts/key-encryption-key.mjs as `npm start` does, in a child process (Jest runs CommonJS). */
async function ensureKey(dataDir: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const script = `import { ensureKeyEncryptionKey } from './scripts/key-encryption-key.mjs';
try { console.log(JSON.stringify(ensureKeyEncryptionKey({ dataDir: ${JSON.stringify(dataDir)} }))); }
catch (error) { console.log(error.message); process.exit(1); }`;
  const child = run(['--input-type=module', '-e', script], appEnv(env));
  const { code } = await child.exited;
  return { code, output: child.output().trim() };
}

describe('the key-encryption key of npm start', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-kek-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is created once in the data directory with mode 0600, and the same key is used on every later start', async () => {
    const first = await ensureKey(dataDir);
    expect(first.code).toBe(0);
    const created = JSON.parse(first.output);
    const file = path.join(dataDir, 'key-encryption-key');
    expect(created).toEqual({ key: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), source: 'created', file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(created.key, 'base64url')).toHaveLength(32);

    const again = JSON.parse((await ensureKey(dataDir)).output);
    expect(again).toEqual({ key: created.key, source: 'file', file });
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(created.key);
  });

  it('takes KILLSWITCH_KEY_ENCRYPTION_KEY from the environment over the file, writing nothing', async () => {
    const given = 'ab'.repeat(32);
    const result = await ensureKey(dataDir, { KILLSWITCH_KEY_ENCRYPTION_KEY: given });
    expect(JSON.parse(result.output)).toEqual({ key: given, source: 'env' });
    expect(fs.existsSync(path.join(dataDir, 'key-encryption-key'))).toBe(false);
  });

  it('refuses a key file other users can read, or one that holds no key, in one line', async () => {
    const file = path.join(dataDir, 'key-encryption-key');
    fs.writeFileSync(file, 'not a key\n', { mode: 0o600 });
    expect(await ensureKey(dataDir)).toEqual({
      code: 1,
      output: `${file} does not hold a key-encryption key (32 bytes, base64url): restore it from your backup`,
    });
    fs.chmodSync(file, 0o644);
    expect(await ensureKey(dataDir)).toEqual({ code: 1, output: `${file} can be read by other users (mode 644): run chmod 600 ${file}` });
  });
});

describe('a production start', () => {
  it('refuses to run without KILLSWITCH_KEY_ENCRYPTION_KEY, saying how to make one, in one line', async () => {
    const env = appEnv({ DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL, PORT: String(await freePort()), NODE_ENV: 'production' });
    for (const entry of ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js']) {
      const app = run([built(entry)], env);
      expect((await app.exited).code).toBe(1);
      expect(app.output().trim()).toMatch(
        /^killswitch (api|worker) cannot start: config error: KILLSWITCH_KEY_ENCRYPTION_KEY is not set \(required when NODE_ENV=production\): make one with openssl rand -base64 32 and keep it outside the database$/,
      );
    }
  });
});
