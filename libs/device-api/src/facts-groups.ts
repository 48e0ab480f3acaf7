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

/** A device's facts as the database reads them: its inventory is JSON of [integration, vendorModel, vendorFirmware] triples. */
export interface FactsRow {
  model: string;
  firmware: string;
  region: string | null;
  cohort: string | null;
  inventory: string;
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
  /** The same groups by the text of their rows (one inventory order each), so a row seen before is not parsed again. */
  private readonly byRow = new Map<string, SharedFacts>();

  /**
   * intern() for a row as read: a fleet's first polls after a restart read a million rows of a few thousand
   * fact sets, and a row like one seen before costs one string and a look-up, not parsing its inventory,
   * sorting it and building its key.
   */
  internRow(row: FactsRow): SharedFacts {
    // JSON for the four fields, so a boundary or a null cannot be moved; the inventory text closes it.
    const rowKey = JSON.stringify([row.model, row.firmware, row.region, row.cohort]) + row.inventory;
    const known = this.byRow.get(rowKey);
    if (known) return known;
    const inventory = (JSON.parse(row.inventory) as [string, string, string][]).map(([integration, vendorModel, vendorFirmware]) => ({
      integration,
      vendorModel,
      vendorFirmware,
    }));
    const group = this.intern({ model: row.model, firmware: row.firmware, region: row.region, cohort: row.cohort, inventory });
    if (this.byRow.size >= MAX_GROUPS) this.byRow.clear();
    this.byRow.set(rowKey, group);
    return group;
  }

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
