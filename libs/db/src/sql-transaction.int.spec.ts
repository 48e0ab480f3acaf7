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

  it('reads rows as node-postgres does: int8 cast to text, int4 a number, jsonb parsed', async () => {
    const [row] = await prisma.sqlTransaction((tx) =>
      tx.query<{ big: string; n: number; doc: unknown }>(Prisma.sql`SELECT ${9007199254740993n}::int8::text AS big, 7::int AS n, '{"a":1}'::jsonb AS doc`),
    );
    expect(row).toEqual({ big: '9007199254740993', n: 7, doc: { a: 1 } });
  });
});
