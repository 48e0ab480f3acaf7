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
/** A change: kill `id` made or changed (a lift stage, a scope change, even to another vendor) to `kill`, or lifted (undefined). */
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
        let compiled = compileRules([]);
        for (const { lifted, ...kill } of changes) {
          const previous = inForce.get(kill.id);
          if (lifted) inForce.delete(kill.id);
          else inForce.set(kill.id, kill);
          compiled = replaceRule(compiled, kill.id, previous, lifted ? undefined : kill);
        }
        const whole = compileRules([...inForce.values()]);
        expect(compiled.size).toBe(whole.size);
        expect(answers(compiled)).toEqual(answers(whole));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves the rules it was given as they were', () => {
    const k1: KillRule = { id: 'k1', scope: { vendor: 'xiaomi', integration: CAM }, incidentId: null, deviceMessage: null, releasedBelow: 0 };
    const before = compileRules([k1]);
    const list = before.vendors.get('xiaomi')!.byIntegration.get(CAM)!;
    replaceRule(before, 'k2', undefined, { id: 'k2', scope: { vendor: 'xiaomi', integration: CAM }, incidentId: null, deviceMessage: null, releasedBelow: 0 });
    replaceRule(before, 'k1', k1, undefined);
    expect(list.map((r) => r.id)).toEqual(['k1']);
    expect(before.vendors.get('xiaomi')!.byIntegration.get(CAM)).toBe(list);
  });

  it("copies only the lists the change touches: the vendor's other lists are shared with the rules it was given", () => {
    const rule = (id: string, integration?: string): KillRule => ({
      id,
      scope: { vendor: 'xiaomi', integration },
      incidentId: null,
      deviceMessage: null,
      releasedBelow: 0,
    });
    const before = compileRules([rule('k1'), rule('k2', CAM), rule('k3', BELL)]);
    const after = replaceRule(before, 'k4', undefined, rule('k4', CAM));
    const [was, is] = [before.vendors.get('xiaomi')!, after.vendors.get('xiaomi')!];
    expect(is.byIntegration.get(CAM)!.map((r) => r.id)).toEqual(['k2', 'k4']);
    expect(is.byIntegration.get(BELL)).toBe(was.byIntegration.get(BELL));
    expect(is.anyIntegration).toBe(was.anyIntegration);
  });
});
