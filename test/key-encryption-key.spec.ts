import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { appEnv, built, freePort, run, waitForHttp } from './support/processes';
import { createScratchDatabase } from './support/scratch-db';

/** Runs scripts/key-encryption-key.mjs as `npm start` does, in a child process (Jest runs CommonJS). */
async function ensureKey(dataDir: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const script = `import { ensureKeyEncryptionKey } from './scripts/key-encryption-key.mjs';
try { console.log(JSON.stringify(ensureKeyEncryptionKey({ dataDir: ${JSON.stringify(dataDir)} }))); }
catch (error) { console.log(error.message); process.exit(1); }`;
  const child = run(['--input-type=module', '-e', script], appEnv({ KILLSWITCH_KEY_ENCRYPTION_KEY: undefined, ...env }));
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
    const env = appEnv({
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL,
      PORT: String(await freePort()),
      NODE_ENV: 'production',
      KILLSWITCH_KEY_ENCRYPTION_KEY: undefined,
    });
    for (const entry of ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js']) {
      const app = run([built(entry)], env);
      expect((await app.exited).code).toBe(1);
      expect(app.output().trim()).toMatch(
        /^killswitch (api|worker) cannot start: config error: KILLSWITCH_KEY_ENCRYPTION_KEY is not set \(required when NODE_ENV=production\): make one with openssl rand -base64 32 and keep it outside the database$/,
      );
    }
  });
});

describe('npm start and the signing keys', () => {
  let dataDir: string;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ks-kek-start-'));
    scratch = await createScratchDatabase();
  });
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await scratch.drop();
  });

  const signingKeys = async (): Promise<{ kid: string; privateKey: string }[]> => {
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    try {
      return (await client.query('SELECT kid, "privateKey" FROM signing_keys ORDER BY kid')).rows;
    } finally {
      await client.end();
    }
  };

  /** scripts/start.mjs on this suite's database, with this suite's data directory. */
  const spawnStart = async () => {
    const port = await freePort();
    // No key in the environment: npm start must make and keep its own.
    const env = appEnv({
      PORT: String(port),
      KILLSWITCH_DATA_DIR: dataDir,
      DATABASE_URL: scratch.url,
      REDIS_URL: process.env.REDIS_URL,
      KILLSWITCH_KEY_ENCRYPTION_KEY: undefined,
    });
    return { port, start: run(['--experimental-wasm-modules', '--no-warnings', 'scripts/start.mjs'], env) };
  };

  /** Starts, waits until the API is ready, stops; the exit and everything printed. */
  async function startUntilReady() {
    const { port, start } = await spawnStart();
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health/ready`, 120_000);
    } finally {
      start.child.kill('SIGTERM');
    }
    return { ...(await start.exited), output: start.output() };
  }

  it('creates the key file once (mode 0600), seals the keys with it, and opens them with it on the next start', async () => {
    const file = path.join(dataDir, 'key-encryption-key');
    const first = await startUntilReady();
    expect(first.code).toBe(0);
    expect(first.output).toContain(`created the key-encryption key ${file}`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(file, 'utf8');
    const keys = await signingKeys();
    expect(keys).toHaveLength(2);
    for (const row of keys) expect(row.privateKey).toMatch(/^aes-256-gcm:v1:/);

    const second = await startUntilReady();
    expect(second.code).toBe(0);
    expect(second.output).not.toContain('created the key-encryption key');
    expect(fs.readFileSync(file, 'utf8')).toBe(key);
    expect(await signingKeys()).toEqual(keys);
  }, 240_000);

  it('stops, in one line, when the key file no longer opens the stored keys, and makes no new keys', async () => {
    const keys = await signingKeys();
    fs.writeFileSync(path.join(dataDir, 'key-encryption-key'), `${Buffer.alloc(32, 7).toString('base64url')}\n`, { mode: 0o600 });
    const { start } = await spawnStart();
    expect((await start.exited).code).toBe(1);
    expect(start.output()).toMatch(
      /^killswitch (api|worker) cannot start: signing key \S+ cannot be decrypted: wrong KILLSWITCH_KEY_ENCRYPTION_KEY, or the stored key was altered; start with the key the signing keys were sealed with \(no new keys are made in their place\)$/m,
    );
    expect(await signingKeys()).toEqual(keys);
  }, 240_000);
});
