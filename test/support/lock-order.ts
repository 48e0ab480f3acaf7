import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from './eventually';

/** A connection of the spec's own to the run's database, opened before its tests and closed after them. */
export function databaseClient(): () => Client {
  let db: Client | undefined;
  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db?.end());
  return () => {
    if (!db) throw new Error('the database client is opened in beforeAll');
    return db;
  };
}

/** Devices of their own, straight into the run's database (no API: nothing else of the run touches their rows). */
export async function insertDevices(db: Client, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await db.query(
    `INSERT INTO devices (id, model, firmware, "firmwareKey", "updatedAt") SELECT id, 'lock-order', '1.0', '\\x01', now() FROM unnest($1::uuid[]) id`,
    [ids],
  );
  return ids;
}

/**
 * Checks that `write(ids)`, one statement on `db` that updates these devices' rows, locks them in id order whatever
 * order it is given them in: with the middle id held by another transaction, the write waits for that row having
 * locked every lower id and no higher one. A write that locked in another order could deadlock with another writer
 * of the same devices. Run under PostgreSQL's custom plans and under its generic plan (`plan_cache_mode` forced on
 * `db`: left to itself, it picks the generic plan from the sixth run only if that costs less). `prepare()` runs
 * before each round, so that the write has rows to update.
 */
export async function expectLocksInIdOrder(
  db: Client,
  deviceIds: string[],
  write: (ids: string[]) => Promise<unknown>,
  prepare: () => Promise<unknown>,
): Promise<void> {
  // PostgreSQL orders uuids by their bytes: the order of their lowercase text.
  const sorted = [...deviceIds].map((id) => id.toLowerCase()).sort();
  const middle = Math.floor(sorted.length / 2);
  const holder = new Client({ connectionString: process.env.DATABASE_URL });
  const prober = new Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  await prober.connect();
  const pidOf = async (client: Client) => Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  const [holderPid, writerPid] = [await pidOf(holder), await pidOf(db)];
  /** Whether another transaction holds the row: a lock taken and let go at once (autocommit), or refused. */
  const locked = (id: string) =>
    prober.query('SELECT id FROM devices WHERE id = $1 FOR NO KEY UPDATE NOWAIT', [id]).then(
      () => false,
      () => true,
    );
  try {
    for (const mode of ['force_custom_plan', 'force_custom_plan', 'force_generic_plan', 'force_generic_plan']) {
      await prepare();
      await db.query(`SET plan_cache_mode = ${mode}`);
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM devices WHERE id = $1 FOR NO KEY UPDATE', [sorted[middle]]);
      // Highest first: the order a careless statement would lock them in.
      let settled: unknown = false;
      const outcome = write([...sorted].reverse()).then(
        () => (settled = true),
        (error: unknown) => (settled = error),
      );
      await eventually(async () => {
        if (settled !== false) throw new Error(`the write ended without waiting for the held row: ${String(settled)}`);
        const waiting = await holder.query<{ waits: boolean }>('SELECT $1 = ANY(pg_blocking_pids($2)) AS waits', [holderPid, writerPid]);
        return waiting.rows[0].waits;
      });
      const lockedNow = await Promise.all(sorted.map((id, at) => (at === middle ? Promise.resolve(true) : locked(id))));
      await holder.query('COMMIT');
      await outcome;
      expect({ mode, lockedNow }).toEqual({ mode, lockedNow: sorted.map((_, at) => at <= middle) });
      expect(settled).toBe(true);
    }
  } finally {
    await holder.query('ROLLBACK').catch(() => undefined);
    await db.query('RESET plan_cache_mode').catch(() => undefined);
    await Promise.all([holder.end(), prober.end()]);
  }
}
