import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually } from './eventually';

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
 * Checks that `write(ids)`, one statement that updates these devices' rows, locks them in id order whatever order
 * it is given them in: with the lowest id held by another transaction, the write waits for that row before it has
 * locked any other (each is then free to lock with NOWAIT). A write that locked in another order would hold some
 * of the others by then: two such writers of the same devices could deadlock. Run `rounds` times on the caller's
 * connection (`write`'s own), so that PostgreSQL's custom plans (the first five runs of a prepared statement) and its generic plan
 * are both held to it. `prepare()` runs before each round, so that the write has rows to update.
 */
export async function expectLocksInIdOrder(
  deviceIds: string[],
  write: (ids: string[]) => Promise<unknown>,
  prepare: () => Promise<unknown>,
  rounds = 7,
): Promise<void> {
  // PostgreSQL orders uuids by their bytes: the order of their lowercase text.
  const sorted = [...deviceIds].map((id) => id.toLowerCase()).sort();
  const [lowest, ...others] = sorted;
  const holder = new Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  try {
    const holderPid = Number((await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
    for (let round = 0; round < rounds; round++) {
      await prepare();
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM devices WHERE id = $1 FOR NO KEY UPDATE', [lowest]);
      // Highest first: the order a careless statement would lock them in.
      const writing = write([...sorted].reverse());
      const outcome = writing.then(
        () => undefined,
        (error: unknown) => error,
      );
      await eventually(async () => {
        const blocked = await holder.query('SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [holderPid]);
        return blocked.rowCount === 1;
      });
      const free = await holder.query('SELECT id FROM devices WHERE id = ANY($1::uuid[]) FOR NO KEY UPDATE NOWAIT', [others]).then(
        (result) => result.rowCount,
        (error: Error) => error.message,
      );
      await holder.query('COMMIT');
      expect({ round, free }).toEqual({ round, free: others.length });
      expect(await outcome).toBeUndefined();
    }
  } finally {
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end();
  }
}
