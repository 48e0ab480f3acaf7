import { describeScope } from './describe-scope';

describe(describeScope.name, () => {
  it('names the integration, or the whole vendor when there is none', () => {
    expect(describeScope({ vendor: 'xiaomi', integration: 'xiaomi.camera-stream' })).toBe('xiaomi.camera-stream');
    expect(describeScope({ vendor: 'xiaomi' })).toBe('all xiaomi integrations');
  });

  it('lists every narrowing field in one order, with matchers spelled out', () => {
    expect(
      describeScope({
        vendor: 'xiaomi',
        integration: 'xiaomi.camera-stream',
        vendorModel: 'mijia-cam-360',
        vendorFirmware: { lt: '3.5.1_00.68' },
        deviceModel: 'hub',
        deviceFirmware: { between: ['1.0', '2.0'] },
        region: 'eu',
        cohort: 'beta',
      }),
    ).toBe(
      'xiaomi.camera-stream, model mijia-cam-360, vendor firmware lt 3.5.1_00.68, device model hub, device firmware between 1.0..2.0, region eu, cohort beta',
    );
    expect(describeScope({ vendor: 'xiaomi', vendorFirmware: { in: ['1', '2'] } })).toBe('all xiaomi integrations, vendor firmware in 1, 2');
  });
});
