import { Severity } from '@killswitch/db';
import { scopeOfLabels, severityOf } from './alert-labels';

describe(scopeOfLabels.name, () => {
  it('ignores an alert whose labels name no scope', () => {
    expect(scopeOfLabels({ alertname: 'DiskFull', severity: 'critical' })).toEqual({ kind: 'none' });
  });

  it('reads every scope label, a short integration name and a firmware matcher written lt:…', () => {
    expect(
      scopeOfLabels({
        alertname: 'CameraLeak',
        killswitch_vendor: 'xiaomi',
        killswitch_integration: 'camera-stream',
        killswitch_vendor_model: 'mijia-cam-360',
        killswitch_vendor_firmware: 'lt:3.5.1_00.68',
        killswitch_region: 'eu-west',
      }),
    ).toEqual({
      kind: 'scope',
      scope: { vendor: 'xiaomi', integration: 'xiaomi.camera-stream', vendorModel: 'mijia-cam-360', vendorFirmware: { lt: '3.5.1_00.68' }, region: 'eu-west' },
    });
    expect(scopeOfLabels({ killswitch_vendor: 'xiaomi', killswitch_vendor_firmware: 'between:1.0, 2.0' })).toEqual({
      kind: 'scope',
      scope: { vendor: 'xiaomi', vendorFirmware: { between: ['1.0', '2.0'] } },
    });
  });

  it.each([
    [{ killswitch_integration: 'xiaomi.camera-stream' }, /label killswitch_vendor is required/],
    [{ killswitch_vendor: 'xiaomi', killswitch_vendor_firmware: 'below:3' }, /label killswitch_vendor_firmware must be written <op>:<version>/],
    [{ killswitch_vendor: 'xiaomi', killswitch_vendor_firmware: 'lt:3.5 beta' }, /label killswitch_vendor_firmware.lt must be a version/],
    [{ killswitch_vendor: 'xiaomi', killswitch_vendor_firmware: 'between:2,1' }, /between must be \[lo, hi\] with lo <= hi/],
    [{ killswitch_vendor: 'Xiaomi!' }, /label killswitch_vendor: vendor must be a vendor slug/],
    [{ killswitch_vendor: 'xiaomi', killswitch_integration: 'ring.chime' }, /label killswitch_integration: integration must be a key of vendor xiaomi/],
    [{ killswitch_vendor: 'xiaomi', killswitch_colour: 'red' }, /label killswitch_colour does not name a scope field/],
  ])('says what is wrong with %j', (labels, problem) => {
    const result = scopeOfLabels(labels);
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.problems.join('; ')).toMatch(problem);
  });

  it('names the first five killswitch_ labels that name no scope field, each cut to 128 characters, and counts the rest', () => {
    const labels: Record<string, string> = { killswitch_vendor: 'xiaomi' };
    for (let i = 0; i < 8; i++) labels[`killswitch_${i}_${'x'.repeat(300)}`] = 'on';
    const result = scopeOfLabels(labels);
    if (result.kind !== 'invalid') throw new Error(`expected invalid, got ${result.kind}`);
    expect(result.problems).toHaveLength(6);
    expect(result.problems[0]).toBe(
      `label killswitch_0_${'x'.repeat(127 - 'killswitch_0_'.length)}… does not name a scope field; use killswitch_vendor, killswitch_integration, killswitch_vendor_model, killswitch_vendor_firmware, killswitch_region`,
    );
    expect(result.problems[5]).toBe('and 3 more killswitch_ labels that name no scope field');
  });
  it('files an invalid proposal under at most 128 characters of a vendor label', () => {
    const result = scopeOfLabels({ killswitch_vendor: 'x'.repeat(5000) });
    expect(result.kind === 'invalid' && result.vendor).toBe(`${'x'.repeat(127)}…`);
  });
});

describe(severityOf.name, () => {
  it('maps SEV names and the usual Prometheus words, SEV2 otherwise', () => {
    expect(severityOf('SEV1')).toBe(Severity.SEV1);
    expect(severityOf('critical')).toBe(Severity.SEV1);
    expect(severityOf('warning')).toBe(Severity.SEV3);
    expect(severityOf('sev4')).toBe(Severity.SEV4);
    expect(severityOf('whatever')).toBe(Severity.SEV2);
    expect(severityOf(undefined)).toBe(Severity.SEV2);
    // Not the words an object inherits (a 500 when Prisma was handed Object as a severity).
    for (const inherited of ['constructor', '__proto__', 'toString', ' hasOwnProperty ']) expect(severityOf(inherited)).toBe(Severity.SEV2);
  });
});
