import fc from 'fast-check';
import { CompiledRules, EvaluatedDevice, KillRule, compileRules, evaluateDevice, replaceRule } from './evaluate';
import { InventoryItem } from './scope';

const CAM = 'xiaomi.camera-stream';
const BELL = 'xiaomi.doorbell';
const ids = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];

const scope = fc.oneof(
  fc.record({ vendor: fc.constant('xiaomi') }),
  fc.record({ vendor: fc.constant('xiaomi'), integration: fc.constantFrom(CAM, BELL) }),
  fc.record({ vendor: fc.constant('xiaomi'), integration: fc.constant(CAM), region: fc.constantFrom('eu', 'us') }),
  fc.record({ vendor: fc.constant('acme'), cohort: fc.constant('beta') }),
);
/** A change: kill `id` made or changed (a lift stage) to `kill`, or lifted (undefined). A kill keeps its vendor. */
const change = fc.record({
  id: fc.constantFrom(...ids),
  scope,
  incidentId: fc.constantFrom(null, 'inc-1'),
  deviceMessage: fc.constantFrom(null, 'off'),
  releasedBelow: fc.constantFrom(0, 0, 3000, 10000),
  lifted: fc.boolean(),
});
const item = (integration: string): InventoryItem => ({ integration, vendorModel: 'm', vendorFirmware: '1' });
const devices: EvaluatedDevice[] = ['eu', 'us'].flatMap((region) =>
  ['beta', null].map((cohort, i) => ({
    id: `device-${region}-${i}`,
    model: 'hub',
    firmware: '1.0',
    region,
    cohort,
    inventory: [item(CAM), item(BELL), item('acme.lock')],
  })),
);
const answers = (compiled: CompiledRules) => devices.map((d) => evaluateDevice(compiled, d, ['xiaomi.other']));

describe(replaceRule.name, () => {
  it('after any sequence of kills made, changed and lifted, answers as compileRules() of the rules in force', () => {
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), (changes) => {
        const inForce = new Map<string, KillRule>();
        const vendorOf = new Map<string, string>();
        let compiled = compileRules([]);
        for (const { lifted, ...c } of changes) {
          const vendor = vendorOf.get(c.id) ?? c.scope.vendor;
          vendorOf.set(c.id, vendor);
          const kill: KillRule = { ...c, scope: { ...c.scope, vendor } };
          if (lifted) inForce.delete(c.id);
          else inForce.set(c.id, kill);
          compiled = replaceRule(compiled, c.id, vendor, lifted ? undefined : kill);
        }
        const whole = compileRules([...inForce.values()]);
        expect(compiled.size).toBe(whole.size);
        expect(answers(compiled)).toEqual(answers(whole));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves the rules it was given as they were', () => {
    const before = compileRules([{ id: 'k1', scope: { vendor: 'xiaomi', integration: CAM }, incidentId: null, deviceMessage: null, releasedBelow: 0 }]);
    const list = before.vendors.get('xiaomi')!.byIntegration.get(CAM)!;
    replaceRule(before, 'k2', 'xiaomi', { id: 'k2', scope: { vendor: 'xiaomi', integration: CAM }, incidentId: null, deviceMessage: null, releasedBelow: 0 });
    replaceRule(before, 'k1', 'xiaomi', undefined);
    expect(list.map((r) => r.id)).toEqual(['k1']);
    expect(before.vendors.get('xiaomi')!.byIntegration.get(CAM)).toBe(list);
  });
});
