import { GENESIS_HASH, chainHash, chainedEntryOf } from '@killswitch/audit';
import { ChainRow, ChainWalk } from './chain-walk';

/** A valid chain of n entries, as AuditService.append would have written them. */
function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i += 1) {
    const entry = {
      seq: BigInt(i),
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actorType: 'user',
      actorId: 'u-1',
      actor: 'a@example.com',
      action: 'vendor.create',
      outcome: 'ok',
      targetType: 'vendor',
      targetId: `v${i}`,
      before: null,
      after: { slug: `v${i}`, nested: { b: 1, a: [1, 'x'] } },
      reason: null,
      requestId: `r${i}`,
    };
    const hash = chainHash(prevHash, chainedEntryOf(entry));
    rows.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

function walk(rows: ChainRow[], walker = new ChainWalk()) {
  for (const row of rows) {
    const broken = walker.step(row);
    if (broken) return { broken, walker };
  }
  return { broken: undefined, walker };
}

describe(ChainWalk.name, () => {
  it('accepts an intact chain and ends at its head', () => {
    const rows = chain(5);
    const { broken, walker } = walk(rows);
    expect(broken).toBeUndefined();
    expect(walker.entries).toBe(5);
    expect(walker.position).toEqual({ seq: 5n, hash: rows[4].hash });
    expect(walker.previous).toEqual({ seq: 4n, hash: rows[3].hash });
  });

  it('knows no previous entry before it verified one', () => {
    expect(new ChainWalk({ seq: 3n, hash: 'a'.repeat(64) }).previous).toBeUndefined();
  });

  it('does not depend on the key order of JSON columns (JSONB reorders keys)', () => {
    const rows = chain(2);
    rows[1] = { ...rows[1], after: { nested: { a: [1, 'x'], b: 1 }, slug: 'v2' } };
    expect(walk(rows).broken).toBeUndefined();
  });

  it('names an edited entry: its content no longer hashes to its stored hash', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], reason: 'edited afterwards' };
    expect(walk(rows).broken).toEqual({ seq: '3', reason: 'hash-mismatch', message: expect.stringMatching(/^entry 3 was altered/) });
  });

  it('names the first missing entry when entries were deleted', () => {
    const rows = chain(6);
    expect(walk([...rows.slice(0, 2), ...rows.slice(4)]).broken).toEqual({
      seq: '3',
      reason: 'sequence-gap',
      message: 'entries 3 to 4 are missing (the next entry is 5): entries were deleted',
    });
    expect(walk(rows.slice(1)).broken).toMatchObject({ seq: '1', reason: 'sequence-gap', message: expect.stringMatching(/^entry 1 is missing/) });
  });

  it('names an entry that does not link to the one before it', () => {
    const rows = chain(4);
    rows[3] = { ...rows[3], prevHash: 'f'.repeat(64) };
    expect(walk(rows).broken).toMatchObject({ seq: '4', reason: 'prev-hash-mismatch' });
  });

  it('refuses an entry whose seq was swapped with its neighbour, even with its hashes kept', () => {
    const rows = chain(5);
    const swapped = [rows[0], rows[1], { ...rows[3], seq: 3n }, { ...rows[2], seq: 4n }, rows[4]];
    expect(walk(swapped).broken).toMatchObject({ seq: '3', reason: 'prev-hash-mismatch' });
  });

  it('starts from a checkpoint instead of genesis', () => {
    const rows = chain(6);
    const { broken, walker } = walk(rows.slice(3), new ChainWalk({ seq: 3n, hash: rows[2].hash }));
    expect(broken).toBeUndefined();
    expect(walker.entries).toBe(3);
    expect(walk(rows.slice(3), new ChainWalk({ seq: 3n, hash: rows[1].hash })).broken).toMatchObject({ seq: '4', reason: 'prev-hash-mismatch' });
  });
});
