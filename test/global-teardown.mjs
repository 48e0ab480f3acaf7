// Jest globalTeardown: undo test/global-setup.mjs. Drops this run's database,
// deletes this run's Redis keys (by KILLSWITCH_QUEUE_PREFIX), stops the
// servers setup started and removes its temporary directory. Copes with a
// setup that stopped half-way; cleanup failures are reported, not thrown.

import fs from 'node:fs';
import IORedis from 'ioredis';
import pg from 'pg';

/** Where global-setup.mjs leaves what there is to undo (same process as teardown). */
export const STATE_KEY = Symbol.for('killswitch.test.globalSetupState');

const Redis = IORedis.Redis ?? IORedis;

/** Drop database `name` on the server at adminUrl, disconnecting its sessions. */
export async function dropDatabase({ adminUrl, name }) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const id = client.escapeIdentifier(name);
    try {
      await client.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
    } catch (err) {
      if (err.code !== '42601') throw err; // syntax error: PostgreSQL < 13 has no FORCE
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      await client.query(`DROP DATABASE IF EXISTS ${id}`);
    }
  } finally {
    await client.end();
  }
}

/** Delete every key starting with `prefix` (SCAN + UNLINK, in batches). */
async function deleteKeys(url, prefix) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => {});
  await redis.connect();
  try {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export default async function globalTeardown() {
  const state = globalThis[STATE_KEY];
  if (!state) return;
  delete globalThis[STATE_KEY];

  const problems = [];
  const attempt = async (what, fn) => {
    try {
      await fn();
    } catch (err) {
      problems.push(`${what}: ${err.message}`);
    }
  };

  if (state.database) await attempt(`drop database ${state.database.name}`, () => dropDatabase(state.database));
  // A Redis we started goes away whole; a shared one keeps other runs' keys.
  if (state.redis && !state.redis.started) {
    await attempt(`delete Redis keys ${state.redis.prefix}*`, () => deleteKeys(state.redis.url, state.redis.prefix));
    // Queue keys carry the prefix inside a hash tag: {prefix}:queue:…
    await attempt(`delete Redis keys {${state.redis.prefix}}*`, () => deleteKeys(state.redis.url, `{${state.redis.prefix}}`));
  }
  for (const server of [...state.servers].reverse()) {
    await attempt(`stop server pid ${server.pid}`, async () => {
      await server.stop();
      server.stopped = true;
    });
  }
  if (state.tempDir) await attempt(`remove ${state.tempDir}`, () => fs.promises.rm(state.tempDir, { recursive: true, force: true }));

  if (problems.length) console.warn(`[test teardown] cleanup incomplete: ${problems.join('; ')}`);
}
