import { Client } from 'pg';
import { loadConfig } from '@killswitch/config';
import { Prisma } from './generated/prisma/client';
import { PrismaService } from './prisma.service';

/** PrismaService.sqlTransaction against the run's database, on a pool of one connection so a leaked one shows. */
describe(`${PrismaService.name}.sqlTransaction`, () => {
  const table = `sql_tx_probe_${process.pid}`;
  let prisma: PrismaService;
  let admin: Client;
  const rows = async () => (await admin.query<{ n: number }>(`SELECT n FROM ${table} ORDER BY n`)).rows.map((row) => row.n);
  const insert = (n: number) => Prisma.sql`INSERT INTO ${Prisma.raw(table)} (n) VALUES (${n}::int) RETURNING n`;

  beforeAll(async () => {
    prisma = new PrismaService(loadConfig({ ...process.env, DATABASE_POOL_MAX: '1' }));
    await prisma.onModuleInit();
    admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE TABLE ${table} (n int PRIMARY KEY)`);
  });
  afterAll(async () => {
    await admin.query(`DROP TABLE ${table}`);
    await admin.end();
    await prisma.onModuleDestroy();
  });
  beforeEach(() => admin.query(`TRUNCATE ${table}`));

  it('commits what its statements wrote and answers what the work returned', async () => {
    const answer = await prisma.sqlTransaction(async (tx) => {
      await tx.query(insert(1));
      return tx.query<{ n: number }>(insert(2));
    });
    expect(answer).toEqual([{ n: 2 }]);
    expect(await rows()).toEqual([1, 2]);
  });

  it('writes nothing when the work throws after a write, rethrows its error and gives the connection back', async () => {
    const refused = new Error('refused after the write');
    await expect(
      prisma.sqlTransaction(async (tx) => {
        await tx.query(insert(1));
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await rows()).toEqual([]);
    // The pool's one connection is back, outside any transaction.
    await prisma.sqlTransaction((tx) => tx.query(insert(3)));
    expect(await rows()).toEqual([3]);
  });

  it('writes nothing when a statement fails, with the database error as node-postgres gives it', async () => {
    await expect(
      prisma.sqlTransaction(async (tx) => {
        await tx.query(insert(1));
        await tx.query(insert(1));
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual([]);
  });

  describe('bounded in time, as Prisma bounds its own transactions', () => {
    const timeout = 300;
    const failure = (run: Promise<unknown>) =>
      run.then(
        () => undefined,
        (error: { code?: string; message: string }) => error,
      );
    /** Whether a transaction still holds a lock on the table: ours is gone once PostgreSQL has ended its session. */
    const tableLocked = async () => {
      await admin.query('BEGIN');
      try {
        await admin.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE NOWAIT`);
        return false;
      } catch {
        return true;
      } finally {
        await admin.query('ROLLBACK');
      }
    };
    const untilUnlocked = async () => {
      for (let tries = 0; tries < 50 && (await tableLocked()); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    };

    /** The ended transaction left no row and no lock behind, and the next one (writing `next`) commits. */
    const expectNothingWrittenAndPoolGoesOn = async (next: number) => {
      await untilUnlocked();
      expect(await tableLocked()).toBe(false);
      expect(await rows()).toEqual([]);
      await prisma.sqlTransaction((tx) => tx.query(insert(next)));
      expect(await rows()).toEqual([next]);
    };

    it('cancels a statement that runs past the bound (SQLSTATE 57014, or the connection closed under it) and writes nothing', async () => {
      const error = await failure(
        prisma.sqlTransaction(
          async (tx) => {
            await tx.query(insert(1));
            await tx.query(Prisma.sql`SELECT pg_sleep(5)`);
          },
          { timeout },
        ),
      );
      expect(error?.code === '57014' || /^Connection terminated/.test(error?.message ?? '')).toBe(true);
      await expectNothingWrittenAndPoolGoesOn(4);
    });

    it('ends a transaction whose work waits past the bound between statements: its connection is closed, nothing is written, the pool goes on', async () => {
      const error = await failure(
        prisma.sqlTransaction(
          async (tx) => {
            await tx.query(insert(1));
            await new Promise((resolve) => setTimeout(resolve, timeout + 300));
            await tx.query(insert(2));
          },
          { timeout },
        ),
      );
      expect(error?.message).toBe('Client was closed and is not queryable');
      // The pool's one connection was dropped; a new one serves the next transaction.
      await expectNothingWrittenAndPoolGoesOn(5);
    });
  });

  it('reads rows as node-postgres does: int8 cast to text, int4 a number, jsonb parsed', async () => {
    const [row] = await prisma.sqlTransaction((tx) =>
      tx.query<{ big: string; n: number; doc: unknown }>(Prisma.sql`SELECT ${9007199254740993n}::int8::text AS big, 7::int AS n, '{"a":1}'::jsonb AS doc`),
    );
    expect(row).toEqual({ big: '9007199254740993', n: 7, doc: { a: 1 } });
  });
});
