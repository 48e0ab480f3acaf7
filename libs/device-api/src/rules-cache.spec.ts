import { RulesCache } from './rules-cache';

/** The kill rows a delta reads (findKillRule: killSwitch.findUniqueOrThrow), held in memory. */
function killTable() {
  const rows = new Map<string, object>();
  return {
    rows,
    killSwitch: {
      findUniqueOrThrow: async ({ where }: { where: { id: string } }) => {
        const row = rows.get(where.id);
        if (!row) throw new Error('not found');
        return row;
      },
    },
  };
}
const row = (id: string, state = 'active') => ({ id, state, scope: { vendor: 'xiaomi' }, incidentId: null, deviceMessage: null, releasedBelow: 0 });

describe(RulesCache.name, () => {
  type Internals = { apply(delta: { rev: bigint; killSwitchId: string; committed?: object }): Promise<void> };

  it('applies the next revision after a notice it already had (a run that ends without waiting)', async () => {
    const db = killTable();
    const rules = new RulesCache(db as never, {} as never, {} as never);
    const apply = (rev: bigint, id: string) => (rules as unknown as Internals).apply({ rev, killSwitchId: id });
    rules.rev = 5n;
    db.rows.set('k6', row('k6'));
    db.rows.set('k7', row('k7'));
    await apply(5n, 'k5'); // the other notice of a change already read: nothing to do
    await apply(6n, 'k6');
    expect([rules.rev, rules.compiled.size]).toEqual([6n, 1]);
    // and two at once, the second asked while the first is read
    db.rows.set('k6', row('k6', 'lifted'));
    await Promise.all([apply(7n, 'k7'), apply(8n, 'k6')]);
    expect([rules.rev, rules.compiled.size, rules.loads.delta]).toEqual([8n, 1, 3]);
  });

  it('applies a change this instance made from the kill it committed, without reading it back', async () => {
    const db = killTable();
    const reads = jest.spyOn(db.killSwitch, 'findUniqueOrThrow');
    const rules = new RulesCache(db as never, {} as never, {} as never);
    const apply = (rev: bigint, id: string, committed?: object) => (rules as unknown as Internals).apply({ rev, killSwitchId: id, committed });
    rules.rev = 5n;
    await apply(6n, 'k6', row('k6')); // not in the table: only the notice has it
    expect([rules.rev, rules.compiled.size, rules.loads]).toEqual([6n, 1, { full: 0, delta: 1 }]);
    expect(reads).not.toHaveBeenCalled();
    // the NOTIFY of the same change is then nothing to do; another instance's change is read
    db.rows.set('k7', row('k7'));
    await apply(6n, 'k6');
    await apply(7n, 'k7');
    expect([rules.rev, rules.compiled.size]).toEqual([7n, 2]);
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
