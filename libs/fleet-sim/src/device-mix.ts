/**
 * The simulated fleet's make-up: hubs and displays on a few firmware versions
 * and regions, each linked to one or two vendors' products (a model of that
 * vendor, on one of a few vendor firmware versions). Deterministic for a seed.
 */

export interface CatalogueVendor {
  slug: string;
  models: string[];
  integrations: string[];
}

export interface InventoryItem {
  integration: string;
  vendorModel: string;
  vendorFirmware: string;
}

export interface EnrollmentBody {
  model: string;
  firmware: string;
  region: string;
  cohort: string;
  inventory: InventoryItem[];
}

export const DEVICE_MODELS = ['hub', 'hub-max', 'display'];
export const DEVICE_FIRMWARES = ['1.0', '1.1', '2.0.3', '2.1.0'];
export const REGIONS = ['eu', 'us', 'apac'];
export const COHORTS = ['stable', 'beta'];
/** Around the incident: vulnerable, fixed and later vendor firmware. */
export const VENDOR_FIRMWARES = ['3.5.1_00.66', '3.5.1_00.68', '3.5.2', '4.0.0'];

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];

/**
 * The enrollment body of device number `index`: device attributes, and
 * products of one vendor (two for about a third of the fleet), vendors taken
 * in turn so every vendor is represented.
 */
export function deviceMix(index: number, vendors: CatalogueVendor[], random: () => number): EnrollmentBody {
  const usable = vendors.filter((v) => v.models.length > 0 && v.integrations.length > 0);
  if (usable.length === 0) throw new Error('no vendor has both a model and an integration to link devices to');
  const chosen = [usable[index % usable.length]];
  if (usable.length > 1 && random() < 1 / 3) chosen.push(usable[(index + 1 + Math.floor(random() * (usable.length - 1))) % usable.length]);
  const inventory: InventoryItem[] = [];
  for (const vendor of chosen) {
    const integrations = random() < 0.5 ? vendor.integrations : [pick(vendor.integrations, random)];
    for (const integration of integrations)
      inventory.push({ integration, vendorModel: pick(vendor.models, random), vendorFirmware: pick(VENDOR_FIRMWARES, random) });
  }
  return {
    model: pick(DEVICE_MODELS, random),
    firmware: pick(DEVICE_FIRMWARES, random),
    region: pick(REGIONS, random),
    cohort: pick(COHORTS, random),
    inventory,
  };
}
