import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ChainedEntry, GENESIS_HASH, canonicalAroundSeq, chainHash } from './audit-entry';

const entry: ChainedEntry = {
  seq: '4711',
  at: '2026-12-05T23:00:00.123Z',
  actorType: 'user',
  actorId: '0193a0a0-0000-7000-8000-000000000001',
  actor: 'ana@example.com',
  action: 'kill-switch.create',
  outcome: 'ok',
  targetType: 'kill-switch',
  targetId: '0193a0a0-0000-7000-8000-000000000002',
  before: null,
  after: { seq: '1', scope: { vendor: 'xiaomi', vendorFirmware: { lt: '3.5.1_00.68' } }, note: '"seq":"x", ünïcode ✓', n: 1e21 },
  reason: 'a reason with "quotes" and , commas',
  requestId: null,
};

describe(canonicalAroundSeq.name, () => {
  it.each([
    ['an entry', entry],
    ['an entry that folds refused attempts', { ...entry, count: 3 }],
  ])('puts the seq where JCS puts it, so the hash made in SQL is the chain hash (%s)', (_name, chained) => {
    const { seq, ...rest } = chained;
    const { head, tail } = canonicalAroundSeq(rest);
    expect(head + seq + tail).toBe(canonicalize(chained));
    const sqlHash = createHash('sha256').update(`${GENESIS_HASH}${head}${seq}${tail}`, 'utf8').digest('hex');
    expect(sqlHash).toBe(chainHash(GENESIS_HASH, chained));
  });
});
