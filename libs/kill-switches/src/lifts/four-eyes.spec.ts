import { Prisma, Role } from '@killswitch/db';
import { UserPrincipal } from '@killswitch/identity';
import { AppointerReader } from './appointers';
import { DECIDING_ROLES, FourEyes } from './four-eyes';

const READER = 'a0000000-0000-4000-8000-000000000001';
const ASKERS = ['a0000000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-000000000003'];

const principal: UserPrincipal = {
  kind: 'user',
  userId: READER,
  email: 'reader@killswitch.test',
  issuer: '',
  roles: [Role.approver],
  userCreatedAt: new Date('2020-01-01T00:00:00Z'),
  via: 'session',
  mustChangePassword: false,
};

/**
 * A database where nobody appointed anybody, counting the appointer walks' queries and whose chains they start from,
 * and the look-ups of a person's other accounts (`people` gives an account's others; none has any unless given).
 */
function emptyDatabase(people: Record<string, string[]> = {}) {
  const walkedFrom: string[][] = [];
  const personLookups: string[] = [];
  const db = {
    $queryRaw: (_strings: TemplateStringsArray, ...values: unknown[]) => {
      const [first] = values;
      if (first instanceof Prisma.Sql) {
        walkedFrom.push(first.values[0] as string[]);
        return Promise.resolve([]);
      }
      personLookups.push(first as string);
      return Promise.resolve((people[first as string] ?? []).map((id) => ({ id })));
    },
  } as unknown as AppointerReader;
  return { db, walkedFrom, personLookups };
}

describe(FourEyes.name, () => {
  it('walks the reader’s appointers once and each requester’s once, however many requests each made', async () => {
    const { db, walkedFrom, personLookups } = emptyDatabase();
    const judge = new FourEyes(db, principal);
    const requests = Array.from({ length: 10 }, (_, i) => ({ requestedById: ASKERS[i % 2], requestedAt: new Date('2024-01-01T00:00:00Z') }));
    for (const request of requests) expect(await judge.verdict(request, DECIDING_ROLES, 'approve')).toEqual({ youMayDecide: true });
    expect(walkedFrom).toEqual([[READER], [ASKERS[0]], [ASKERS[1]]]);
    expect(personLookups).toEqual([ASKERS[0], READER, ASKERS[1]]);
  });

  it('refuses another account of the requester’s person, and walks from every account of each person', async () => {
    const twin = 'a0000000-0000-4000-8000-000000000009';
    const { db, walkedFrom } = emptyDatabase({ [ASKERS[0]]: [READER], [READER]: [ASKERS[0]], [ASKERS[1]]: [twin] });
    const judge = new FourEyes(db, principal);
    const requestedAt = new Date('2024-01-01T00:00:00Z');
    expect(await judge.verdict({ requestedById: ASKERS[0], requestedAt }, DECIDING_ROLES, 'approve')).toMatchObject({
      youMayDecide: false,
      whyNot: { code: 'same_email_as_requester' },
    });
    expect(walkedFrom).toEqual([]);
    expect(await judge.verdict({ requestedById: ASKERS[1], requestedAt }, DECIDING_ROLES, 'approve')).toEqual({ youMayDecide: true });
    expect(walkedFrom).toEqual([
      [READER, ASKERS[0]],
      [ASKERS[1], twin],
    ]);
  });

  it('asks the database nothing when the role, the credential or the person already refuses', async () => {
    const { db, walkedFrom } = emptyDatabase();
    const request = { requestedById: READER, requestedAt: new Date('2024-01-01T00:00:00Z') };
    expect(await new FourEyes(db, principal).verdict(request, DECIDING_ROLES, 'approve')).toMatchObject({
      youMayDecide: false,
      whyNot: { code: 'self_approval' },
    });
    expect(await new FourEyes(db, principal).verdict(request, [Role.admin], 'approve')).toEqual({
      youMayDecide: false,
      whyNot: { code: 'forbidden', message: 'this needs one of the roles admin' },
    });
    expect(walkedFrom).toEqual([]);
  });
});
