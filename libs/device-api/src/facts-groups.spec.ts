import { FactsGroups } from './facts-groups';

const item = (integration: string, vendorModel = 'm', vendorFirmware = '1') => ({ integration, vendorModel, vendorFirmware });
const facts = (over: Partial<Parameters<FactsGroups['intern']>[0]> = {}) => ({
  model: 'hub',
  firmware: '1.0',
  region: 'eu' as string | null,
  cohort: null as string | null,
  inventory: [item('xiaomi.camera-stream'), item('acme.lock')],
  ...over,
});

describe(FactsGroups.name, () => {
  it('gives devices with the same facts one shared copy, whatever the order of their inventory', () => {
    const groups = new FactsGroups();
    const a = groups.intern(facts());
    const b = groups.intern(facts({ inventory: [item('acme.lock'), item('xiaomi.camera-stream')] }));
    expect(b).toBe(a);
    expect(groups.size).toBe(1);
    expect(Object.isFrozen(a) && Object.isFrozen(a.inventory) && Object.isFrozen(a.inventory[0])).toBe(true);
  });

  it('keeps apart facts that differ in any field, null and the text "null" included', () => {
    const groups = new FactsGroups();
    const variants = [
      facts(),
      facts({ model: 'hub-max' }),
      facts({ firmware: '1.1' }),
      facts({ region: null }),
      facts({ region: 'null' }),
      facts({ cohort: 'beta' }),
      facts({ inventory: [item('xiaomi.camera-stream')] }),
      facts({ inventory: [item('xiaomi.camera-stream', 'm2'), item('acme.lock')] }),
      facts({ inventory: [item('xiaomi.camera-stream', 'm', '2'), item('acme.lock')] }),
      // a field boundary moved: the key is JSON, so "a","b c" and "a b","c" differ
      facts({ model: 'hub","1.0', firmware: '' }),
    ];
    const keys = new Set(variants.map((v) => groups.intern(v).key));
    expect(keys.size).toBe(variants.length);
  });

  it('interns a row as read (inventory as JSON triples) to the group of the same facts, in any inventory order', () => {
    const groups = new FactsGroups();
    const row = { model: 'hub', firmware: '1.0', region: 'eu', cohort: null, inventory: '[["xiaomi.camera-stream","m","1"],["acme.lock","m","1"]]' };
    const a = groups.internRow(row);
    expect(groups.internRow({ ...row })).toBe(a);
    expect(groups.internRow({ ...row, inventory: '[["acme.lock","m","1"],["xiaomi.camera-stream","m","1"]]' })).toBe(a);
    expect(groups.intern(facts())).toBe(a);
    expect(a.inventory).toEqual([item('acme.lock'), item('xiaomi.camera-stream')]);
    expect(groups.internRow({ ...row, region: null })).not.toBe(a);
    expect(groups.internRow({ ...row, region: 'null' })).not.toBe(groups.internRow({ ...row, region: null }));
  });
});
