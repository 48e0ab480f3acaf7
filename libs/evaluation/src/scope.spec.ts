import fc from 'fast-check';
import { DeviceFacts, InventoryItem, Scope, compileScope, compiledScopeMatches, parseScope, scopeMatches, vendorOf } from './scope';

const hub: DeviceFacts = { model: 'hub-2', firmware: '12.1', region: 'eu', cohort: 'beta' };
const cam66: InventoryItem = { integration: 'xiaomi.camera-stream', vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' };
const cam68: InventoryItem = { ...cam66, vendorFirmware: '3.5.1_00.68' };
const K = 'xiaomi.camera-stream';

describe(vendorOf.name, () => {
  it('is the integration key up to its first dot', () => {
    expect(vendorOf('xiaomi.camera-stream')).toBe('xiaomi');
    expect(vendorOf('a.b.c')).toBe('a');
    expect(vendorOf('nodot')).toBe('nodot');
  });
});

describe(scopeMatches.name, () => {
  it('covers every integration of its vendor and nothing of another vendor', () => {
    expect(scopeMatches({ vendor: 'xiaomi' }, hub, K, [cam66])).toBe(true);
    expect(scopeMatches({ vendor: 'xiaomi' }, hub, 'xiaomi.doorbell', [])).toBe(true);
    expect(scopeMatches({ vendor: 'xiao' }, hub, K, [cam66])).toBe(false);
    expect(scopeMatches({ vendor: 'ring' }, hub, 'ring.doorbell', [])).toBe(true);
  });

  it('covers only its own integration when it names one', () => {
    const scope: Scope = { vendor: 'xiaomi', integration: K };
    expect(scopeMatches(scope, hub, K, [cam66])).toBe(true);
    expect(scopeMatches(scope, hub, 'xiaomi.doorbell', [])).toBe(false);
  });

  it('covers a device without linked products when it has no product fields', () => {
    expect(scopeMatches({ vendor: 'xiaomi', region: 'eu' }, hub, K, [])).toBe(true);
  });

  it('needs a linked product satisfying every product field when it has some', () => {
    expect(scopeMatches({ vendor: 'xiaomi', vendorFirmware: { lt: '3.5.1_00.68' } }, hub, K, [])).toBe(false);
    expect(scopeMatches({ vendor: 'xiaomi', vendorFirmware: { lt: '3.5.1_00.68' } }, hub, K, [cam66])).toBe(true);
    expect(scopeMatches({ vendor: 'xiaomi', vendorFirmware: { lt: '3.5.1_00.68' } }, hub, K, [cam68])).toBe(false);
    expect(scopeMatches({ vendor: 'xiaomi', vendorFirmware: { lt: '3.5.1_00.68' } }, hub, K, [cam68, cam66])).toBe(true);
    expect(scopeMatches({ vendor: 'xiaomi', vendorModel: 'mijia-cam-360' }, hub, K, [cam68])).toBe(true);
    expect(scopeMatches({ vendor: 'xiaomi', vendorModel: 'mijia-cam-2k' }, hub, K, [cam68])).toBe(false);
  });

  it('does not combine product fields across two linked products', () => {
    const otherModel: InventoryItem = { ...cam66, vendorModel: 'mijia-cam-2k' };
    const scope: Scope = { vendor: 'xiaomi', vendorModel: 'mijia-cam-360', vendorFirmware: { eq: '3.5.1_00.66' } };
    expect(scopeMatches(scope, hub, K, [otherModel, cam68])).toBe(false);
  });

  it.each<[string, Scope, boolean]>([
    ['deviceModel equal', { vendor: 'xiaomi', deviceModel: 'hub-2' }, true],
    ['deviceModel different', { vendor: 'xiaomi', deviceModel: 'hub-1' }, false],
    ['deviceFirmware matched', { vendor: 'xiaomi', deviceFirmware: { gte: '12' } }, true],
    ['deviceFirmware unmatched', { vendor: 'xiaomi', deviceFirmware: { lt: '12.1' } }, false],
    ['region equal', { vendor: 'xiaomi', region: 'eu' }, true],
    ['region different', { vendor: 'xiaomi', region: 'us' }, false],
    ['cohort equal', { vendor: 'xiaomi', cohort: 'beta' }, true],
    ['cohort different', { vendor: 'xiaomi', cohort: 'stable' }, false],
    ['all device fields and a product field', { vendor: 'xiaomi', deviceModel: 'hub-2', region: 'eu', cohort: 'beta', vendorModel: 'mijia-cam-360' }, true],
  ])('checks the device itself: %s → %s', (_case, scope, expected) => {
    expect(scopeMatches(scope, hub, K, [cam66])).toBe(expected);
  });

  it('never puts a device without a region or cohort in a scope that names one', () => {
    const bare: DeviceFacts = { ...hub, region: null, cohort: null };
    expect(scopeMatches({ vendor: 'xiaomi', region: 'eu' }, bare, K, [cam66])).toBe(false);
    expect(scopeMatches({ vendor: 'xiaomi', cohort: 'beta' }, bare, K, [cam66])).toBe(false);
  });

  it('reads a null field, as a stored scope may hold, as unset: it widens the kill', () => {
    const withNulls = JSON.parse('{"vendor":"xiaomi","integration":null,"vendorModel":null,"vendorFirmware":null,"region":null,"cohort":null}') as Scope;
    expect(scopeMatches(withNulls, { ...hub, region: 'us', cohort: null }, K, [])).toBe(true);
    expect(compiledScopeMatches(compileScope(withNulls), { ...hub, region: 'us', cohort: null }, K, [])).toBe(true);
  });
});

describe(compiledScopeMatches.name, () => {
  const pick = <T>(values: T[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
  const firmware = fc.constantFrom('1.0', '1.00', '2', '3.5.1_00.66', '3.5.1_00.68', '3.5.2');
  const matcher = fc.option(
    fc.oneof(
      firmware.map((v) => ({ lt: v })),
      firmware.map((v) => ({ eq: v })),
      fc.array(firmware, { minLength: 1, maxLength: 3 }).map((v) => ({ in: v })),
    ),
    { nil: undefined },
  );
  const key = fc.constantFrom('xiaomi.camera-stream', 'xiaomi.doorbell');
  const item = fc.record({ integration: key, vendorModel: fc.constantFrom('m1', 'm2'), vendorFirmware: firmware });
  const device = fc.record({
    model: fc.constantFrom('hub-1', 'hub-2'),
    firmware,
    region: fc.constantFrom('eu', 'us', null),
    cohort: fc.constantFrom('beta', null),
  });
  const scope = fc
    .record({
      integration: pick(['xiaomi.camera-stream', 'xiaomi.doorbell']),
      vendorModel: pick(['m1', 'm2']),
      vendorFirmware: matcher,
      deviceModel: pick(['hub-1', 'hub-2']),
      deviceFirmware: matcher,
      region: pick(['eu', 'us']),
      cohort: pick(['beta', 'stable']),
    })
    .map((fields) => JSON.parse(JSON.stringify({ vendor: 'xiaomi', ...fields })) as Scope);

  it('decides exactly as scopeMatches does, given the whole inventory', () => {
    fc.assert(
      fc.property(scope, device, key, fc.array(item, { maxLength: 4 }), (s, d, k, inventory) => {
        const itemsOfK = inventory.filter((i) => i.integration === k);
        return compiledScopeMatches(compileScope(s), d, k, inventory) === scopeMatches(s, d, k, itemsOfK);
      }),
    );
  });
});

describe(parseScope.name, () => {
  it('accepts a full scope and copies only the fields that are set', () => {
    const raw = {
      vendor: 'xiaomi',
      integration: 'xiaomi.camera-stream',
      vendorModel: 'mijia-cam-360',
      vendorFirmware: { lt: '3.5.1_00.68' },
      deviceModel: 'hub-2',
      deviceFirmware: { between: ['1.0', '2.0'] },
      region: 'eu',
      cohort: 'beta',
    };
    expect(parseScope(raw)).toEqual({ ok: true, scope: raw });
    expect(parseScope({ vendor: 'xiaomi' })).toEqual({ ok: true, scope: { vendor: 'xiaomi' } });
  });

  it.each<[string, unknown, string]>([
    ['a non-object', 'xiaomi', 'scope must be an object with at least a vendor'],
    ['no vendor', { region: 'eu' }, 'vendor must be a vendor slug'],
    ['an upper-case vendor', { vendor: 'Xiaomi' }, 'vendor must be a vendor slug'],
    ['an integration of another vendor', { vendor: 'xiaomi', integration: 'ring.doorbell' }, 'integration must be a key of vendor xiaomi'],
    ['an integration that only shares a prefix', { vendor: 'xiao', integration: 'xiaomi.camera-stream' }, 'integration must be a key of vendor xiao'],
    ['a bare capability', { vendor: 'xiaomi', integration: 'camera-stream' }, 'integration must be a key of vendor xiaomi'],
    ['a bad vendorModel', { vendor: 'xiaomi', vendorModel: 'Mijia Cam' }, 'vendorModel must be a model slug'],
    ['a null region', { vendor: 'xiaomi', region: null }, 'region must be 1-64 letters'],
    ['an unknown field', { vendor: 'xiaomi', firmware: { lt: '1' } }, 'scope.firmware is not a scope field'],
    ['a bad vendorFirmware', { vendor: 'xiaomi', vendorFirmware: { lt: '1', gt: '0' } }, 'vendorFirmware must have exactly one of'],
    ['a bad deviceFirmware', { vendor: 'xiaomi', deviceFirmware: { between: ['2', '1'] } }, 'deviceFirmware.between must be [lo, hi] with lo <= hi'],
  ])('refuses %s, saying what to fix', (_case, raw, message) => {
    const parsed = parseScope(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.startsWith(message)).toBe(true);
  });
});
