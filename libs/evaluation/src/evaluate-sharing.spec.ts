import fc from 'fast-check';
import { EvaluatedDevice, EvaluationTrace, KillRule, compileRules, evaluateDevice } from './evaluate';
import { InventoryItem } from './scope';

const CAM = 'xiaomi.camera-stream';
const BELL = 'xiaomi.doorbell';

const inventoryItem = fc.record({
  integration: fc.constantFrom(CAM, BELL, 'acme.lock'),
  vendorModel: fc.constantFrom('mijia-cam-360', 'mijia-cam-pro'),
  vendorFirmware: fc.constantFrom('3.5.1_00.66', '3.5.1_00.68', '1.0'),
}) as fc.Arbitrary<InventoryItem>;
const facts = fc.record({
  model: fc.constantFrom('hub', 'hub-max'),
  firmware: fc.constantFrom('1.0', '2.3'),
  region: fc.constantFrom('eu', 'us', null),
  cohort: fc.constantFrom('stable', 'beta', null),
  inventory: fc.array(inventoryItem, { maxLength: 3 }),
});
const rule = fc.record({
  id: fc.uuid(),
  scope: fc.oneof(
    fc.record({ vendor: fc.constant('xiaomi') }),
    fc.record({ vendor: fc.constant('xiaomi'), integration: fc.constantFrom(CAM, BELL), region: fc.constantFrom('eu', 'us') }),
    fc.record({ vendor: fc.constant('xiaomi'), integration: fc.constant(CAM), vendorModel: fc.constant('mijia-cam-360') }),
    fc.record({ vendor: fc.constant('acme'), cohort: fc.constant('beta') }),
  ),
  incidentId: fc.constantFrom(null, 'inc-1'),
  deviceMessage: fc.constantFrom(null, 'off for now'),
  // Half the rules are in a staged lift, whose release bucket hashes the device id.
  releasedBelow: fc.constantFrom(0, 0, 2500, 9000),
}) as fc.Arbitrary<KillRule>;

/** Devices with the same facts share an evaluation (FlagsService) unless the trace says the device id decided part of it. */
describe('evaluateDevice trace (sharing one evaluation among devices with the same facts)', () => {
  it('an evaluation the trace marks shareable is the same for any device id with those facts', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), facts, fc.array(fc.uuid(), { minLength: 2, maxLength: 6 }), (rules, f, ids) => {
        const compiled = compileRules(rules);
        const trace: EvaluationTrace = { byDeviceId: false };
        const first = evaluateDevice(compiled, { id: ids[0], ...f }, [], trace);
        if (trace.byDeviceId) return;
        for (const id of ids.slice(1)) expect(evaluateDevice(compiled, { id, ...f })).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });

  it('marks an evaluation that a staged lift decided as the device’s own', () => {
    const device: EvaluatedDevice = {
      id: 'd1',
      model: 'hub',
      firmware: '1.0',
      region: 'eu',
      cohort: null,
      inventory: [{ integration: CAM, vendorModel: 'm', vendorFirmware: '1' }],
    };
    const staged = compileRules([{ id: 'k1', scope: { vendor: 'xiaomi' }, incidentId: null, deviceMessage: null, releasedBelow: 5000 }]);
    const plain = compileRules([{ id: 'k1', scope: { vendor: 'xiaomi' }, incidentId: null, deviceMessage: null, releasedBelow: 0 }]);
    const traceOf = (compiled: ReturnType<typeof compileRules>) => {
      const trace: EvaluationTrace = { byDeviceId: false };
      evaluateDevice(compiled, device, [], trace);
      return trace.byDeviceId;
    };
    expect([traceOf(staged), traceOf(plain)]).toEqual([true, false]);
  });
});
