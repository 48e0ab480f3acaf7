import { PrismaService } from '@killswitch/db';
import { UserPrincipal } from './principal';
import { StreamCredentials } from './stream-credentials';

/** The database's side is in progress-stream.int.spec.ts; this is what a check does when it cannot read. */
describe(StreamCredentials.name, () => {
  const principal = (sessionId: string): UserPrincipal =>
    ({ kind: 'user', via: 'session', sessionId, userId: 'u', email: 'e@example.test', roles: [] }) as unknown as UserPrincipal;

  it('ends no stream when the credentials cannot be read (the database away): the next check decides', async () => {
    let reads = 0;
    let failing = true;
    const database = {
      sql: async () => {
        reads += 1;
        if (failing) throw new Error('Connection terminated unexpectedly');
        return [];
      },
    } as unknown as PrismaService;
    const credentials = new StreamCredentials(database);
    const end = jest.fn();
    const unwatch = credentials.watch(principal('0193a3c4-5678-7abc-8def-0123456789ab'), end);

    await credentials.check();
    expect(reads).toBe(1);
    expect(end).not.toHaveBeenCalled();
    expect(credentials.size).toBe(1);

    failing = false; // the database is back, and the session is gone from it
    await credentials.check();
    expect(end).toHaveBeenCalledTimes(1);
    expect(credentials.size).toBe(0);
    unwatch(); // after the end: harmless
    credentials.onModuleDestroy();
  });

  it('refuses to watch a principal it could not check again', () => {
    const credentials = new StreamCredentials({} as PrismaService);
    expect(() => credentials.watch({ kind: 'user', via: 'session' } as unknown as UserPrincipal, () => {})).toThrow(/without its id/);
  });
});
