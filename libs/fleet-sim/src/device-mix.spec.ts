import { DEVICE_MODELS, VENDOR_FIRMWARES, deviceMix, seededRandom } from './device-mix';

describe(deviceMix.name, () => {
  const vendors = [
    { slug: 'xiaomi', models: ['mijia-cam-360', 'mi-plug'], integrations: ['xiaomi.camera-stream', 'xiaomi.smart-plug'] },
    { slug: 'acme', models: ['acme-bulb'], integrations: ['acme.lighting'] },
    { slug: 'empty', models: [], integrations: ['empty.thing'] },
  ];

  it('links every device to products of the usable vendors, in turn, with valid models and firmware', () => {
    const random = seededRandom(7);
    const fleet = Array.from({ length: 300 }, (_, i) => deviceMix(i, vendors, random));
    for (const [i, device] of fleet.entries()) {
      expect(DEVICE_MODELS).toContain(device.model);
      expect(device.inventory.length).toBeGreaterThan(0);
      const own = i % 2 === 0 ? 'xiaomi' : 'acme';
      expect(device.inventory.some((item) => item.integration.startsWith(`${own}.`))).toBe(true);
      for (const item of device.inventory) {
        const vendor = vendors.find((v) => item.integration.startsWith(`${v.slug}.`));
        expect(vendor?.models).toContain(item.vendorModel);
        expect(VENDOR_FIRMWARES).toContain(item.vendorFirmware);
        expect(vendor?.slug).not.toBe('empty');
      }
    }
    // a mix, not one shape
    expect(new Set(fleet.map((d) => d.model)).size).toBe(DEVICE_MODELS.length);
    expect(fleet.filter((d) => new Set(d.inventory.map((item) => item.integration.split('.')[0])).size > 1).length).toBeGreaterThan(50);
    expect(new Set(fleet.flatMap((d) => d.inventory.map((item) => item.vendorFirmware))).size).toBe(VENDOR_FIRMWARES.length);
  });

  it('is deterministic for a seed', () => {
    const a = Array.from({ length: 20 }, (_, i) => deviceMix(i, vendors, seededRandom(3)));
    const b = Array.from({ length: 20 }, (_, i) => deviceMix(i, vendors, seededRandom(3)));
    expect(a).toEqual(b);
  });

  it('refuses a catalogue with nothing to link to', () => {
    expect(() => deviceMix(0, [vendors[2]], Math.random)).toThrow(/no vendor/);
  });
});
