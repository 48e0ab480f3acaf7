import { InventoryItem } from '@killswitch/evaluation';

/** What a device is evaluated on besides its id: devices with the same facts get the same answer (but for a staged lift). */
export interface SharedFacts {
  /** Names these facts: the key under which their evaluation is shared. */
  readonly key: string;
  readonly model: string;
  readonly firmware: string;
  readonly region: string | null;
  readonly cohort: string | null;
  readonly inventory: readonly InventoryItem[];
}

/** Past this many distinct fact sets the table starts over: devices keep theirs, new ones stop sharing until interned again. */
const MAX_GROUPS = 200_000;

/**
 * Interns device facts. A fleet is a few thousand (model, firmware, region,
 * cohort, inventory) combinations over millions of devices, so each cached
 * device points at one shared, frozen copy of its facts instead of holding
 * its own strings and inventory objects, and their evaluation can be shared.
 */
export class FactsGroups {
  private readonly groups = new Map<string, SharedFacts>();

  intern(facts: Omit<SharedFacts, 'key'>): SharedFacts {
    const inventory = [...facts.inventory]
      .map(({ integration, vendorModel, vendorFirmware }) => ({ integration, vendorModel, vendorFirmware }))
      .sort((a, b) => compare(a.integration, b.integration) || compare(a.vendorModel, b.vendorModel) || compare(a.vendorFirmware, b.vendorFirmware));
    const key = JSON.stringify([
      facts.model,
      facts.firmware,
      facts.region,
      facts.cohort,
      inventory.map((i) => [i.integration, i.vendorModel, i.vendorFirmware]),
    ]);
    const known = this.groups.get(key);
    if (known) return known;
    if (this.groups.size >= MAX_GROUPS) this.groups.clear();
    const group: SharedFacts = Object.freeze({
      key,
      model: facts.model,
      firmware: facts.firmware,
      region: facts.region,
      cohort: facts.cohort,
      inventory: Object.freeze(inventory.map((item) => Object.freeze(item))),
    });
    this.groups.set(key, group);
    return group;
  }

  get size(): number {
    return this.groups.size;
  }
}

/** Code-unit order: the same on every instance, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
