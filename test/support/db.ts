import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@killswitch/db';

/** Direct access to the run's database, for arranging state and checking what was (not) written. */
export function testPrisma(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through jest (test/global-setup.mjs)');
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
}
