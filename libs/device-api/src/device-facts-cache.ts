import { Injectable, OnModuleInit } from '@nestjs/common';
import { BatchLoader, ChangeListener, ReadReplica, Statement, makeRoom } from '@killswitch/db';
import { EvaluatedDevice, InventoryItem } from '@killswitch/evaluation';
import { CredentialDeviceRow, DeviceCredentialCache } from '@killswitch/identity';
import { FactsGroups, SharedFacts } from './facts-groups';
import { DeviceAnswer } from './flags-answer';
import { sightingWindowOf } from './sighting-window';

/**
 * A polling device as the cache keeps it: its id, its interned facts (shared
 * with every device like it), two numbers, and its signed answer
 * (DeviceAnswer, in the same object). A fleet holds a million of these.
 */
export class CachedDevice extends DeviceAnswer implements EvaluatedDevice {
  /** The sightings window its lastSeenAt was last queued for (DeviceSightings); 0: none yet. */
  sightingWindow = 0;

  constructor(
    readonly id: string,
    private readonly facts: SharedFacts,
    /** Raised each time this device's facts are loaded again; 0 once a change notice said they are out of date. */
    public version: number,
    /** The same device's entry before this load: its answer and sighting carry over. */
    previous?: CachedDevice,
  ) {
    super();
    if (previous) {
      this.takeAnswer(previous);
      this.sightingWindow = previous.sightingWindow;
    }
  }

  get model(): string {
    return this.facts.model;
  }
  get firmware(): string {
    return this.facts.firmware;
  }
  get region(): string | null {
    return this.facts.region;
  }
  get cohort(): string | null {
    return this.facts.cohort;
  }
  get inventory(): readonly InventoryItem[] {
    return this.facts.inventory;
  }
  /** Names its facts (model, firmware, region, cohort, inventory): devices with the same key share an evaluation. */
  get factsKey(): string {
    return this.facts.key;
  }
}

/** A device's row as the cache reads it; inventory is JSON of [integration, vendorModel, vendorFirmware] triples. */
interface FactsRow {
  id: string;
  model: string;
  firmware: string;
  region: string | null;
  cohort: string | null;
  decommissioned: boolean;
  inventory: string;
  lastSeenMs: number | null;
}

/** Devices by id with their inventory aggregated: $1 is the ids. */
const FACTS_ROWS: Statement = {
  name: 'device-facts-rows',
  text: `SELECT d.id::text AS id, d.model, d.firmware, d.region, d.cohort, d."decommissionedAt" IS NOT NULL AS decommissioned,
      (extract(epoch FROM d."lastSeenAt") * 1000)::float8 AS "lastSeenMs",
      (SELECT COALESCE(json_agg(json_build_array(i.integration, i."vendorModel", i."vendorFirmware")), '[]')::text
         FROM device_inventory_items i WHERE i."deviceId" = d.id) AS inventory
    FROM devices d WHERE d.id = ANY($1::uuid[])`,
};

/**
 * Each polling device's record and inventory, loaded once and kept until a
 * change notice for that device. Bounded: at the limit the oldest entries go, a sixteenth of it at once (makeRoom).
 * The facts are interned (FactsGroups): a device holds its id and references
 * to the strings and inventory it shares with every device like it. Its answer
 * lives in the same entry (FlagsService), so a change notice (or a resync) marks
 * the entry out of date rather than dropping it: the facts are read again, and
 * the answer they replace still decides the next one's iat and changedAt.
 */
@Injectable()
export class DeviceFactsCache implements OnModuleInit {
  private readonly devices = new Map<string, CachedDevice>();
  private readonly loading = new Map<string, Promise<CachedDevice | undefined>>();
  private version = 0;
  /** Entries of a lower version predate the last resync (clear()): out of date, as a forgotten one (version 0). */
  private freshFrom = 1;
  /** Database reads under way, and the devices forgotten (or clears) while any was: such a read may predate the change. */
  private loadsInFlight = 0;
  private readonly forgottenDuringLoads = new Set<string>();
  private clears = 0;
  private readonly groups = new FactsGroups();
  /** Devices not in memory are read in batches: a fleet's first polls after a restart arrive together. */
  private readonly rows = new BatchLoader((ids: string[]) => this.readRows(ids));
  readonly limit = 1_000_000;

  constructor(
    private readonly db: ReadReplica,
    private readonly changes: ChangeListener,
    private readonly credentials: DeviceCredentialCache,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.changes.followDevices(this);
    // A device's first request reads its credential and its facts in one statement: keep the facts.
    this.credentials.onDeviceRead((row) => this.remember(row));
  }

  /** undefined for a device that no longer exists or was decommissioned. */
  get(deviceId: string): CachedDevice | Promise<CachedDevice | undefined> {
    const hit = this.devices.get(deviceId);
    if (hit && hit.version >= this.freshFrom) return hit;
    let pending = this.loading.get(deviceId);
    if (!pending) {
      pending = this.load(deviceId).finally(() => this.loading.delete(deviceId));
      this.loading.set(deviceId, pending);
    }
    return pending;
  }

  /** The cached facts, without loading. */
  peek(deviceId: string): CachedDevice | undefined {
    const hit = this.devices.get(deviceId);
    return hit && hit.version >= this.freshFrom ? hit : undefined;
  }

  forget(deviceId: string): void {
    const hit = this.devices.get(deviceId);
    if (hit) hit.version = 0;
    if (this.loadsInFlight > 0) this.forgottenDuringLoads.add(deviceId);
  }

  clear(): void {
    this.clears++;
    this.freshFrom = this.version + 1;
  }

  /**
   * From the read replica only where it had replayed every change of the device this instance was told about.
   * One prepared statement through the pool, each device's inventory aggregated in it, without the ORM: a fleet's
   * first polls after a restart read a million of these.
   */
  private async readRows(ids: string[]) {
    const rows = await this.db.readDeviceRows<string, FactsRow>(
      ids,
      FACTS_ROWS,
      (row) => row.id,
      (row) => row.id,
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  private async load(deviceId: string): Promise<CachedDevice | undefined> {
    const clears = this.clears;
    this.loadsInFlight++;
    let row;
    let stale: boolean;
    try {
      row = await this.rows.get(deviceId.toLowerCase()); // rows are keyed by the database's spelling of the uuid
    } finally {
      // A change notice for this device (or a resync) during the read: the row may predate that change.
      stale = this.clears !== clears || this.forgottenDuringLoads.has(deviceId);
      if (--this.loadsInFlight === 0) this.forgottenDuringLoads.clear();
    }
    if (!row || row.decommissioned) {
      this.drop(deviceId);
      return undefined;
    }
    const device = this.cachedDeviceOf(row.id, deviceId, row);
    // Answered from this read but kept as out of date: the next poll reads again, and its answer follows this one's.
    if (stale) device.version = 0;
    this.keep(deviceId, device);
    return device;
  }

  /**
   * A live device as its credential's read found it (DeviceCredentialCache.onDeviceRead: kept only when no
   * change notice for it came during that read), unless it is in memory and up to date already.
   */
  private remember(row: CredentialDeviceRow): void {
    if (this.peek(row.deviceId)) return;
    this.keep(row.deviceId, this.cachedDeviceOf(row.deviceId, row.deviceId, row));
  }

  private cachedDeviceOf(id: string, asked: string, row: Omit<CredentialDeviceRow, 'deviceId'>): CachedDevice {
    const facts = this.groups.internRow(row);
    // The caller's string (the credential's) when it is the same id: one id string a device in memory.
    const device = new CachedDevice(id === asked ? asked : id, facts, ++this.version, this.devices.get(asked));
    // Seen in this window already (by this instance before a restart, or by another): no sighting to write in it.
    if (row.lastSeenMs !== null) device.sightingWindow = Math.max(device.sightingWindow, sightingWindowOf(row.lastSeenMs));
    return device;
  }

  /** Keeps the entry, at the end of the eviction order; at the limit the oldest entries go, a sixteenth of it at once. */
  private keep(deviceId: string, device: CachedDevice): void {
    if (this.devices.has(deviceId)) this.drop(deviceId);
    else makeRoom(this.devices, this.limit, (oldest) => this.drop(oldest));
    this.devices.set(deviceId, device);
  }

  /** Takes the entry out, and its signature out of the shared slab (a request may still hold the entry: it keeps a copy). */
  private drop(deviceId: string): void {
    this.devices.get(deviceId)?.release();
    this.devices.delete(deviceId);
  }
}
