import fc from 'fast-check';
import { DEFAULT_DEVICE_MESSAGE } from './device-message';
import { DeviceFlags, EvaluatedDevice, KillRule, compileRules, evaluateDevice } from './evaluate';
import { isReleased } from './release';
import { InventoryItem, Scope, scopeMatches } from './scope';

const CAM = 'xiaomi.camera-stream';
const item = (vendorFirmware: string, integration = CAM, vendorModel = 'mijia-cam-360'): InventoryItem => ({ integration, vendorModel, vendorFirmware });
const device = (id: string, inventory: InventoryItem[], facts: Partial<EvaluatedDevice> = {}): EvaluatedDevice => ({
  id,
  model: 'hub-2',
  firmware: '12.1',
  region: 'eu',
  cohort: null,
  inventory,
  ...facts,
});
const kill = (id: string, scope: Scope, rest: Partial<KillRule> = {}): KillRule => ({
  id,
  scope,
  incidentId: null,
  deviceMessage: `message of ${id}`,
  releasedBelow: 0,
  ...rest,
});
const evaluate = (kills: KillRule[], d: EvaluatedDevice, extraKeys?: string[]): DeviceFlags => evaluateDevice(compileRules(kills), d, extraKeys);
const fleet = (n: number, inventory: InventoryItem[]) => Array.from({ length: n }, (_, i) => device(`device-${i}`, inventory));

describe(evaluateDevice.name, () => {
  it('answers enabled for every linked integration when no kill is in force', () => {
    const d = device('d1', [item('3.5.1_00.66'), item('1.0', 'ring.doorbell', 'video-2')]);
    expect(evaluate([], d)).toEqual({ [CAM]: { enabled: true }, 'ring.doorbell': { enabled: true } });
  });

  it('answers each integration once, with keys sorted so its JSON is stable', () => {
    const d = device('d1', [item('1', 'ring.doorbell'), item('2', 'arlo.cam'), item('3', 'ring.doorbell')]);
    expect(JSON.stringify(evaluate([], d, ['xiaomi.cam', 'arlo.cam']))).toBe(
      '{"arlo.cam":{"enabled":true},"ring.doorbell":{"enabled":true},"xiaomi.cam":{"enabled":true}}',
    );
  });

  it('disables an integration when any enforced kill covers it, whatever the others say (deny-overrides)', () => {
    const d = device('d1', [item('3.5.1_00.66')]);
    const kills = [
      kill('k-released', { vendor: 'xiaomi' }, { releasedBelow: 10000 }),
      kill('k-other-region', { vendor: 'xiaomi', region: 'us' }),
      kill('k-enforced', { vendor: 'xiaomi', vendorFirmware: { eq: '3.5.1_00.66' } }, { incidentId: 'inc-1' }),
    ];
    expect(evaluate(kills, d)).toEqual({ [CAM]: { enabled: false, reason: 'message of k-enforced', killSwitchIds: ['k-enforced'], incidentId: 'inc-1' } });
  });

  it('lists every covering kill in id order and takes the device message of the first, the incident of the first that has one', () => {
    const d = device('d1', [item('3.5.1_00.66')]);
    const kills = [
      kill('k3', { vendor: 'xiaomi' }, { incidentId: 'inc-3' }),
      kill('k1', { vendor: 'xiaomi', integration: CAM }),
      kill('k2', { vendor: 'xiaomi' }, { incidentId: 'inc-2' }),
    ];
    expect(evaluate(kills, d)[CAM]).toEqual({ enabled: false, reason: 'message of k1', killSwitchIds: ['k1', 'k2', 'k3'], incidentId: 'inc-2' });
  });

  it('tells the device the neutral default when the covering kill has no device message', () => {
    const flags = evaluate([kill('k1', { vendor: 'xiaomi' }, { deviceMessage: null })], device('d1', [item('1')]));
    expect(flags[CAM].reason).toBe(DEFAULT_DEVICE_MESSAGE);
  });

  it('leaves out incidentId when no covering kill has an incident', () => {
    expect(evaluate([kill('k1', { vendor: 'xiaomi' })], device('d1', [item('1')]))[CAM]).toStrictEqual({
      enabled: false,
      reason: 'message of k1',
      killSwitchIds: ['k1'],
    });
  });

  it('scopes a kill naming an integration to that integration, and a vendor kill to all of the vendor', () => {
    const d = device('d1', [item('1'), item('1', 'xiaomi.doorbell', 'bell'), item('1', 'ring.doorbell', 'video-2')]);
    const narrow = evaluate([kill('k1', { vendor: 'xiaomi', integration: 'xiaomi.doorbell' })], d);
    expect(Object.fromEntries(Object.entries(narrow).map(([k, v]) => [k, v.enabled]))).toEqual({
      [CAM]: true,
      'xiaomi.doorbell': false,
      'ring.doorbell': true,
    });
    const wide = evaluate([kill('k1', { vendor: 'xiaomi' })], d);
    expect(Object.fromEntries(Object.entries(wide).map(([k, v]) => [k, v.enabled]))).toEqual({ [CAM]: false, 'xiaomi.doorbell': false, 'ring.doorbell': true });
  });

  it.each<[string, Scope, Partial<EvaluatedDevice>]>([
    ['region', { vendor: 'xiaomi', region: 'eu' }, { region: 'us' }],
    ['cohort', { vendor: 'xiaomi', cohort: 'canary' }, { cohort: null }],
    ['deviceModel', { vendor: 'xiaomi', deviceModel: 'hub-2' }, { model: 'display-1' }],
    ['deviceFirmware', { vendor: 'xiaomi', deviceFirmware: { lt: '13' } }, { firmware: '13.0' }],
  ])('scopes by the device %s: devices inside are off, devices outside stay on', (_field, scope, outside) => {
    const kills = [kill('k1', scope)];
    const inside = device('in', [item('1')], { cohort: 'canary' });
    expect(evaluate(kills, inside)[CAM].enabled).toBe(false);
    expect(evaluate(kills, { ...inside, id: 'out', ...outside })[CAM].enabled).toBe(true);
  });

  it('checks an unlinked integration asked for by key against kills without product fields only', () => {
    const d = device('d1', []);
    expect(evaluate([kill('k1', { vendor: 'xiaomi' })], d, [CAM])[CAM].enabled).toBe(false);
    expect(evaluate([kill('k1', { vendor: 'xiaomi', region: 'eu' })], d, [CAM])[CAM].enabled).toBe(false);
    expect(evaluate([kill('k1', { vendor: 'xiaomi', vendorModel: 'mijia-cam-360' })], d, [CAM])[CAM].enabled).toBe(true);
  });

  it('applies a stored kill whose scope holds nulls to every integration of its vendor', () => {
    const scope = JSON.parse('{"vendor":"xiaomi","integration":null,"vendorModel":null}') as Scope;
    expect(evaluate([kill('k1', scope)], device('d1', [item('1'), item('1', 'xiaomi.doorbell')]))).toEqual({
      [CAM]: { enabled: false, reason: 'message of k1', killSwitchIds: ['k1'] },
      'xiaomi.doorbell': { enabled: false, reason: 'message of k1', killSwitchIds: ['k1'] },
    });
  });

  it('treats a key such as __proto__ as an ordinary key', () => {
    const flags = evaluate([], device('d1', []), ['__proto__']);
    expect(Object.keys(flags)).toEqual(['__proto__']);
    expect(flags['__proto__']).toEqual({ enabled: true });
  });

  it('keeps a device released at a 10 % stage released at 50 %, and releases more devices', () => {
    const devices = fleet(2000, [item('1')]);
    const releasedAt = (releasedBelow: number) => {
      const compiled = compileRules([kill('k1', { vendor: 'xiaomi' }, { releasedBelow })]);
      return new Set(devices.filter((d) => evaluateDevice(compiled, d)[CAM].enabled).map((d) => d.id));
    };
    const at10 = releasedAt(1000);
    const at50 = releasedAt(5000);
    expect([...at10].every((id) => at50.has(id))).toBe(true);
    expect(at10.size).toBeGreaterThan(100);
    expect(at50.size).toBeGreaterThan(800);
    expect(at50.size).toBeLessThan(1200);
  });

  describe('the Xiaomi story (DESIGN.md)', () => {
    const old = fleet(300, [item('3.5.1_00.66'), item('2.0', 'ring.doorbell', 'video-2')]).map((d) => ({ ...d, id: `old-${d.id}` }));
    const fixed = fleet(300, [item('3.5.1_00.68')]).map((d) => ({ ...d, id: `fixed-${d.id}` }));
    const noXiaomi = fleet(50, [item('2.0', 'ring.doorbell', 'video-2')]).map((d) => ({ ...d, id: `ring-${d.id}` }));
    const camOn = (kills: KillRule[], devices: EvaluatedDevice[]) => {
      const compiled = compileRules(kills);
      return devices.map((d) => evaluateDevice(compiled, d)[CAM]?.enabled);
    };
    const vendorWide = (releasedBelow: number) => kill('kill-xiaomi', { vendor: 'xiaomi', integration: CAM }, { incidentId: 'inc-1', releasedBelow });
    const narrow = kill('kill-old-firmware', { vendor: 'xiaomi', integration: CAM, vendorFirmware: { lt: '3.5.1_00.68' } }, { incidentId: 'inc-1' });

    it('turns xiaomi.camera-stream off for every device with a Xiaomi camera, and nothing else', () => {
      expect(camOn([vendorWide(0)], [...old, ...fixed])).toEqual(Array(600).fill(false));
      const compiled = compileRules([vendorWide(0)]);
      expect(old.every((d) => evaluateDevice(compiled, d)['ring.doorbell'].enabled)).toBe(true);
      expect(noXiaomi.every((d) => Object.values(evaluateDevice(compiled, d)).every((f) => f.enabled))).toBe(true);
    });

    it('keeps 3.5.1_00.66 cameras off at every stage of lifting the vendor-wide kill once the narrow kill is in', () => {
      for (const releasedBelow of [100, 1000, 5000, 10000]) expect(camOn([vendorWide(releasedBelow), narrow], old)).toEqual(Array(300).fill(false));
    });

    it('brings 3.5.1_00.68 cameras back in stages, all of them once the vendor-wide kill is lifted', () => {
      const onAt = (releasedBelow: number) => camOn([vendorWide(releasedBelow), narrow], fixed).filter(Boolean).length;
      expect(onAt(0)).toBe(0);
      expect(onAt(1000)).toBeGreaterThan(0);
      expect(onAt(1000)).toBeLessThan(onAt(5000));
      expect(onAt(10000)).toBe(300);
    });

    it('brings a camera back by itself when it upgrades out of the narrow scope', () => {
      const compiled = compileRules([vendorWide(10000), narrow]);
      const d = old[0];
      expect(evaluateDevice(compiled, d)[CAM]).toEqual({ enabled: false, reason: narrow.deviceMessage, killSwitchIds: [narrow.id], incidentId: 'inc-1' });
      expect(evaluateDevice(compiled, { ...d, inventory: [item('3.5.1_00.68')] })[CAM]).toEqual({ enabled: true });
    });
  });

  describe('against the reference semantics', () => {
    const versions = fc.constantFrom('1.0', '1.00', '3.5.1_00.66', '3.5.1_00.68', '3.5.2');
    const keys = fc.constantFrom('xiaomi.camera-stream', 'xiaomi.doorbell', 'ring.doorbell');
    // Mostly unset, so that several kills often cover the same integration.
    const option = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });
    const matcher = fc.oneof(
      versions.map((v) => ({ lt: v })),
      versions.map((v) => ({ eq: v })),
      fc.tuple(versions, versions).map(([a, b]) => ({ between: a < b ? [a, b] : [b, a] }) as { between: [string, string] }),
    );
    const scope = fc
      .record({
        vendor: fc.constantFrom('xiaomi', 'ring'),
        integration: option(keys),
        vendorModel: option(fc.constantFrom('m1', 'm2')),
        vendorFirmware: option(matcher),
        deviceFirmware: option(matcher),
        region: option(fc.constantFrom('eu', 'us')),
      })
      .map((s) => JSON.parse(JSON.stringify(s)) as Scope);
    const rule = fc.record({
      id: fc.uuid(),
      scope,
      incidentId: fc.option(fc.constantFrom('inc-1', 'inc-2'), { nil: null }),
      deviceMessage: fc.constantFrom('a', 'b', null),
      releasedBelow: fc.constantFrom(0, 0, 2500, 5000, 10000),
    });
    const rules = fc.uniqueArray(rule, { selector: (r) => r.id, maxLength: 8 });
    const inventoryItem = fc.record({ integration: keys, vendorModel: fc.constantFrom('m1', 'm2'), vendorFirmware: versions });
    const aDevice = fc.record({
      id: fc.uuid(),
      model: fc.constant('hub-2'),
      firmware: versions,
      region: fc.constantFrom('eu', 'us', null),
      cohort: fc.constant(null),
      inventory: fc.array(inventoryItem, { maxLength: 4 }),
    });
    const extraKeys = fc.array(keys, { maxLength: 2 });

    /** Deny-overrides written the slow, obvious way from scopeMatches. */
    function reference(kills: KillRule[], d: EvaluatedDevice, extra: string[]): DeviceFlags {
      const flags: DeviceFlags = {};
      for (const key of [...new Set([...d.inventory.map((i) => i.integration), ...extra])].sort()) {
        const itemsOfK = d.inventory.filter((i) => i.integration === key);
        const hits = kills
          .filter((k) => scopeMatches(k.scope, d, key, itemsOfK) && !isReleased(k.id, d.id, k.releasedBelow))
          .sort((a, b) => (a.id < b.id ? -1 : 1));
        const incidentId = hits.find((k) => k.incidentId !== null)?.incidentId;
        flags[key] =
          hits.length === 0
            ? { enabled: true }
            : {
                enabled: false,
                reason: hits[0].deviceMessage ?? DEFAULT_DEVICE_MESSAGE,
                killSwitchIds: hits.map((k) => k.id),
                ...(incidentId ? { incidentId } : {}),
              };
      }
      return flags;
    }

    it('gives the answer of the reference semantics', () => {
      fc.assert(
        fc.property(rules, aDevice, extraKeys, (kills, d, extra) => {
          expect(JSON.stringify(evaluate(kills, d, extra))).toBe(JSON.stringify(reference(kills, d, extra)));
        }),
        { numRuns: 500 },
      );
    });

    it('gives the same answer whatever the order of the rules', () => {
      fc.assert(
        fc.property(
          rules.chain((kills) => fc.tuple(fc.constant(kills), fc.shuffledSubarray(kills, { minLength: kills.length }))),
          aDevice,
          ([kills, shuffled], d) => {
            expect(JSON.stringify(evaluate(shuffled, d))).toBe(JSON.stringify(evaluate(kills, d)));
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});

describe(compileRules.name, () => {
  it('drops fully released kills and keeps the rest', () => {
    const compiled = compileRules([
      kill('k1', { vendor: 'xiaomi' }, { releasedBelow: 10000 }),
      kill('k2', { vendor: 'xiaomi' }, { releasedBelow: 9999 }),
      kill('k3', { vendor: 'ring' }),
    ]);
    expect(compiled.size).toBe(2);
    expect([...compiled.vendors.keys()].sort()).toEqual(['ring', 'xiaomi']);
  });

  it('does not depend on later changes to the kills it compiled', () => {
    const k = kill('k1', { vendor: 'xiaomi', vendorFirmware: { in: ['1.0'] } });
    const compiled = compileRules([k]);
    (k.scope.vendorFirmware as { in: string[] }).in.push('2.0');
    k.scope.vendor = 'ring';
    expect(evaluateDevice(compiled, device('d1', [item('2.0')]))[CAM].enabled).toBe(true);
    expect(evaluateDevice(compiled, device('d1', [item('1.0')]))[CAM].enabled).toBe(false);
  });
});
