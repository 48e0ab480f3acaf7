/**
 * What the January 2020 replay runs on: three vendors, each with one product
 * model and the integration our devices run with it, and the firmware at the
 * heart of the story. The simulated fleet links these products (see
 * libs/fleet-sim/src/device-mix.ts for the mix and the vendor firmware used).
 */
import type { CatalogueVendor } from '@killswitch/fleet-sim';

export interface DemoVendor {
  slug: string;
  name: string;
  model: { slug: string; name: string };
  integration: { key: string; name: string };
}

export const XIAOMI = 'xiaomi';
export const CAMERA_STREAM = 'xiaomi.camera-stream';
export const MIJIA_CAMERA = 'mijia-cam-360';
export const VULNERABLE_FIRMWARE = '3.5.1_00.66';
export const FIXED_FIRMWARE = '3.5.1_00.68';

export const DEMO_VENDORS: DemoVendor[] = [
  {
    slug: XIAOMI,
    name: 'Xiaomi',
    model: { slug: MIJIA_CAMERA, name: 'Mijia 360° camera' },
    integration: { key: CAMERA_STREAM, name: 'Camera streaming' },
  },
  {
    slug: 'ring',
    name: 'Ring',
    model: { slug: 'video-doorbell', name: 'Video Doorbell' },
    integration: { key: 'ring.doorbell-video', name: 'Doorbell video' },
  },
  {
    slug: 'nest',
    name: 'Nest',
    model: { slug: 'nest-cam', name: 'Nest Cam' },
    integration: { key: 'nest.camera-stream', name: 'Camera streaming' },
  },
];

/** The catalogue as the fleet simulator's device mix takes it: one model and one integration a vendor, so every link is coherent. */
export function fleetCatalogue(): CatalogueVendor[] {
  return DEMO_VENDORS.map((v) => ({ slug: v.slug, models: [v.model.slug], integrations: [v.integration.key] }));
}
