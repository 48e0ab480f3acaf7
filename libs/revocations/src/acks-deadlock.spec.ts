import { PrismaService } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { ACKS_BUSY, AcksService } from './acks.service';
import { ProgressService } from './progress.service';

/** A pool whose every statement is chosen as PostgreSQL's deadlock victim, as a busy fleet's acks beside the fan-out can be. */
function alwaysDeadlocked() {
  let statements = 0;
  const prisma = {
    sql: () => {
      statements++;
      return Promise.reject(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    },
  } as unknown as PrismaService;
  return { prisma, statements: () => statements };
}

describe(`${AcksService.name} under deadlocks`, () => {
  it('tries a batch three times, then answers busy (a 503 with Retry-After), never an internal error', async () => {
    const pool = alwaysDeadlocked();
    const acks = new AcksService(pool.prisma, {} as ProgressService);
    const refused = await acks.ack('0190a000-0000-7000-8000-000000000001', 3).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect([(refused as AppError).code, (refused as AppError).message]).toEqual(['unavailable', ACKS_BUSY]);
    expect(pool.statements()).toBe(3);
  });

  it('passes any other error on as it is', async () => {
    const broken = { sql: () => Promise.reject(new Error('relation "deliveries" does not exist')) } as unknown as PrismaService;
    const refused = await new AcksService(broken, {} as ProgressService).ack('0190a000-0000-7000-8000-000000000001', 3).catch((error: unknown) => error);
    expect(refused).not.toBeInstanceOf(AppError);
    expect((refused as Error).message).toBe('relation "deliveries" does not exist');
  });
});
