import { Client, Pool } from 'pg';
import { toErrorBody } from './error-body';

/**
 * The errors node-postgres itself raises when the database goes away, as a statement sent straight through the
 * pool (PrismaService.sql) meets them: the API's one error mapping answers each with 503, never 500.
 */
describe('node-postgres errors through the error mapping', () => {
  const unavailable = { statusCode: 503, code: 'unavailable', message: 'the database is busy or unreachable: nothing was changed, try again shortly' };

  async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error('the statement did not fail');
  }

  it('answers a refused connection with 503', async () => {
    const pool = new Pool({ connectionString: 'postgresql://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 2000 });
    try {
      const error = await errorOf(() => pool.query('SELECT 1'));
      expect(toErrorBody(error, 'req-1')).toMatchObject(unavailable);
    } finally {
      await pool.end();
    }
  });

  it('answers a connection the server ended under the statement with 503', async () => {
    const victim = new Client({ connectionString: process.env.DATABASE_URL });
    const killer = new Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([victim.connect(), killer.connect()]);
    victim.on('error', () => undefined);
    try {
      const [{ pid }] = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
      const running = errorOf(() => victim.query('SELECT pg_sleep(30)'));
      await killer.query('SELECT pg_terminate_backend($1)', [pid]);
      expect(toErrorBody(await running, 'req-2')).toMatchObject(unavailable);
    } finally {
      await killer.end();
      await victim.end().catch(() => undefined);
    }
  });

  it("answers a unique violation with 409, as Prisma's P2002", async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query('CREATE TEMP TABLE once (id int PRIMARY KEY)');
      await client.query('INSERT INTO once VALUES (1)');
      const error = await errorOf(() => client.query('INSERT INTO once VALUES (1)'));
      expect(toErrorBody(error, 'req-4')).toMatchObject({
        statusCode: 409,
        code: 'already_exists',
        message: 'a resource with the same unique key already exists',
      });
    } finally {
      await client.end();
    }
  });

  it('keeps a statement the database refused for its own sake a 500 without internals', async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const error = await errorOf(() => client.query('SELEC 1'));
      expect(toErrorBody(error, 'req-3')).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'internal error',
        requestId: 'req-3',
        code: 'internal',
      });
    } finally {
      await client.end();
    }
  });
});
