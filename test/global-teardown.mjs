// Jest globalTeardown: undo test/global-setup.mjs. Drops this run's database,
// deletes this run's Redis keys (by KILLSWITCH_QUEUE_PREFIX), stops the
// servers setup started and removes its temporary directory. Copes with a
// setup that stopped half-way; cleanup failures are reported, not thrown.

import fs from 'node:fs';
import pg from 'pg';
import { deleteRedisKeys } from '../scripts/local-services.mjs';

/** Where global-setup.mjs leaves what there is to undo (same process as teardown). */
export const STATE_KEY = Symbol.for('killswitch.test.globalSetupState');

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
    await attempt(`delete Redis keys ${state.redis.prefix}*`, () => deleteRedisKeys(state.redis.url, state.redis.prefix));
    // Queue keys carry the prefix inside a hash tag: {prefix}:queue:…
    await attempt(`delete Redis keys {${state.redis.prefix}}*`, () => deleteRedisKeys(state.redis.url, `{${state.redis.prefix}}`));
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
