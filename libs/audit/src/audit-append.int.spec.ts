// AuditService.append takes the chain's lock once a transaction and writes every entry with the statement that reads
// the head: several entries in one transaction, and transactions that append side by side, still make one chain whose
// every hash the verifier's own JavaScript recomputes. On a scratch database, so the chain holds only these entries.
import { PrismaService } from '@killswitch/db';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { createScratchDatabase } from '../../../test/support/scratch-db';
import { GENESIS_HASH, chainHash, chainedEntryOf } from './audit-entry';
import { AuditService } from './audit.service';

describe(`${AuditService.name}.append`, () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let prisma: PrismaService;
  let audit: AuditService;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    api = await startTestApi({ DATABASE_URL: scratch.url });
    prisma = api.app.get(PrismaService);
    audit = api.app.get(AuditService);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
  });

  /** Every entry, in order: each seq one more than the last, each prevHash the last hash, each hash recomputed. */
  async function expectOneChain(): Promise<number> {
    const rows = await prisma.auditEntry.findMany({ orderBy: { seq: 'asc' } });
    let prevHash = GENESIS_HASH;
    rows.forEach((row, i) => {
      expect({ seq: row.seq, prevHash: row.prevHash, hash: row.hash }).toEqual({
        seq: BigInt(i + 1),
        prevHash,
        hash: chainHash(prevHash, chainedEntryOf(row)),
      });
      prevHash = row.hash;
    });
    return rows.length;
  }

  const actor = { type: 'system' as const, label: 'system:audit-append-test' };

  it('chains entries written one after another in one transaction, the awkward ones too', async () => {
    const before = await prisma.auditEntry.count();
    const written = await prisma.$transaction(async (tx) => [
      await audit.append(tx, { actor, action: 'incident.note', reason: 'first' }),
      await audit.append(tx, { actor, action: 'incident.note', after: { emoji: '\u{1F4A9}', nested: { b: [1, 2.5, null], a: 'x' }, big: 10n ** 20n } }),
      await audit.append(tx, { actor, action: 'incident.note', before: null, after: { quote: '"\\\u2028' }, target: { type: 'incident', id: 'i-1' } }),
    ]);
    expect(written.map((w) => w.seq)).toEqual([1n, 2n, 3n].map((n) => BigInt(before) + n));
    expect(await expectOneChain()).toBe(before + 3);
  });

  it('keeps one chain when transactions of several entries append side by side', async () => {
    const before = await prisma.auditEntry.count();
    const transaction = (name: string) =>
      prisma.$transaction(async (tx) => {
        for (let i = 0; i < 5; i++) await audit.append(tx, { actor, action: 'incident.note', reason: `${name} ${i}` });
      });
    await Promise.all(['a', 'b', 'c', 'd'].map(transaction));
    expect(await expectOneChain()).toBe(before + 20);
    // Each transaction's entries are together: the lock is held from its first entry to its commit.
    const reasons = (await prisma.auditEntry.findMany({ orderBy: { seq: 'asc' }, skip: before })).map((row) => row.reason!.split(' ')[0]);
    for (let i = 0; i < 20; i += 5) expect(new Set(reasons.slice(i, i + 5)).size).toBe(1);
  });

  it('writes nothing of a transaction that fails after its entries', async () => {
    const before = await prisma.auditEntry.count();
    await expect(
      prisma.$transaction(async (tx) => {
        await audit.append(tx, { actor, action: 'incident.note', reason: 'rolled back 1' });
        await audit.append(tx, { actor, action: 'incident.note', reason: 'rolled back 2' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await prisma.$transaction((tx) => audit.append(tx, { actor, action: 'incident.note', reason: 'after the rollback' }));
    expect(await expectOneChain()).toBe(before + 1);
  });
});
