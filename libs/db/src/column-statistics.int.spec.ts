import { Client } from 'pg';
import { loadConfig } from '@killswitch/config';
import { analyzeUnlessColumnHasStatistics } from './column-statistics';
import { PrismaService } from './prisma.service';

/** analyzeUnlessColumnHasStatistics against a table of its own in the run's database. */
describe(analyzeUnlessColumnHasStatistics.name, () => {
  const table = `column_stats_probe_${process.pid}`;
  let prisma: PrismaService;
  let admin: Client;
  const analyzeCount = async () => Number((await admin.query<{ n: string }>(`SELECT pg_stat_get_analyze_count('${table}'::regclass) AS n`)).rows[0].n);
  /**
   * The generic plan (as a prepared statement's, after its first runs) of a join of a few dozen ids with the table, the
   * shape of the acks' close statement: an index scan only once the planner has statistics on a table of this size.
   */
  const plan = async () => {
    await admin.query('DEALLOCATE ALL');
    await admin.query(`PREPARE probe(uuid[]) AS SELECT t.n FROM ${table} t JOIN unnest($1) u(id) ON t.device = u.id`);
    return JSON.stringify((await admin.query(`EXPLAIN (FORMAT JSON) EXECUTE probe('{}')`)).rows);
  };

  beforeAll(async () => {
    prisma = new PrismaService(loadConfig({ ...process.env, DATABASE_POOL_MAX: '1' }));
    await prisma.onModuleInit();
    admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE TABLE ${table} (device uuid NOT NULL, n int NOT NULL)`);
    await admin.query(`CREATE INDEX ON ${table} (device)`);
    await admin.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
    await admin.query('SET plan_cache_mode = force_generic_plan');
  });
  afterAll(async () => {
    await admin.query(`DROP TABLE ${table}`);
    await admin.end();
    await prisma.onModuleDestroy();
  });

  it('analyzes a table whose column has no statistics, once, and the planner then uses its index', async () => {
    // Empty: analyzed, but nothing to learn and nothing stored, so it runs again next time.
    const empty = await analyzeCount();
    expect(await analyzeUnlessColumnHasStatistics(prisma, table, 'device')).toBe(false);
    expect(await analyzeCount()).toBe(empty + 1);
    await admin.query(`INSERT INTO ${table} SELECT gen_random_uuid(), n FROM generate_series(1, 20000) n`);
    expect(await plan()).toContain('Seq Scan');
    const before = await analyzeCount();

    expect(await analyzeUnlessColumnHasStatistics(prisma, table, 'device')).toBe(true);
    expect(await analyzeCount()).toBe(before + 1);
    expect(await plan()).not.toContain('Seq Scan');

    expect(await analyzeUnlessColumnHasStatistics(prisma, table, 'device')).toBe(false);
    await admin.query(`INSERT INTO ${table} SELECT gen_random_uuid(), n FROM generate_series(1, 20000) n`);
    expect(await analyzeUnlessColumnHasStatistics(prisma, table, 'device')).toBe(false);
    expect(await analyzeCount()).toBe(before + 1);
  });

  it('gives up behind maintenance that holds the table, and analyzes once it is let go', async () => {
    const held = `${table}_held`;
    await admin.query(`CREATE TABLE ${held} (device uuid NOT NULL) WITH (autovacuum_enabled = false)`);
    await admin.query(`INSERT INTO ${held} SELECT gen_random_uuid() FROM generate_series(1, 1000)`);
    // The lock a VACUUM or CREATE INDEX CONCURRENTLY holds: ANALYZE waits for it; readers and writers do not.
    const maintenance = new Client({ connectionString: process.env.DATABASE_URL });
    await maintenance.connect();
    try {
      await maintenance.query('BEGIN');
      await maintenance.query(`LOCK TABLE ${held} IN SHARE UPDATE EXCLUSIVE MODE`);
      await expect(analyzeUnlessColumnHasStatistics(prisma, held, 'device')).rejects.toThrow(/lock timeout/);
      await maintenance.query('COMMIT');
      // Through the same pooled connection (a pool of one), left usable by the timed-out transaction.
      expect(await analyzeUnlessColumnHasStatistics(prisma, held, 'device')).toBe(true);
    } finally {
      await maintenance.query('ROLLBACK').catch(() => undefined);
      await maintenance.end();
      await admin.query(`DROP TABLE ${held}`);
    }
  });

  it('refuses a name it would have to quote', async () => {
    await expect(analyzeUnlessColumnHasStatistics(prisma, 'deliveries"; DROP TABLE devices; --', 'deviceId')).rejects.toThrow('not a plain');
    await expect(analyzeUnlessColumnHasStatistics(prisma, table, 'a b')).rejects.toThrow('not a plain');
  });
});
