import { dropOldest, evictionBatch } from '@killswitch/db';

/**
 * Device credentials by SHA-256 digest, in a few flat arrays rather than maps
 * of strings: a fleet's million credentials would otherwise cost hundreds of
 * bytes each (the hex digest, the ids, the entries and their objects).
 *
 * An entry (a slot) is its 32-byte digest and 16-byte credential id in two
 * buffers, a reference to its device's id string (shared with the other
 * caches) and a link to the device's next entry. Digests are found through an
 * open-addressing table (linear probing, backward-shift deletion) of slot
 * numbers; devices through one Map from device id to its first slot, whose
 * order is also the eviction order: at the limit, the oldest devices go, a sixteenth of the limit at once.
 */
export class CredentialStore {
  private capacity = 0;
  private digests = Buffer.alloc(0);
  private credentialIds = Buffer.alloc(0);
  private deviceIds: (string | undefined)[] = [];
  /** A device's next slot, or the next free slot; -1 ends either chain. */
  private next = new Int32Array(0);
  /** slot + 1 per position; 0 is an empty position. Twice the capacity, a power of two. */
  private table = new Int32Array(0);
  private mask = 0;
  private freeHead = -1;
  private count = 0;
  private readonly firstSlot = new Map<string, number>();
  /** The credential id being kept (set), parsed in place: no string or Buffer a credential. */
  private readonly uuid = Buffer.alloc(16);

  constructor(
    /** Most credentials held at once. */
    readonly limit: number,
    private readonly initialCapacity = 1024,
  ) {
    this.clear();
  }

  get size(): number {
    return this.count;
  }

  /** The slot holding this digest, or -1. */
  find(digest: Buffer): number {
    for (let at = digest.readUInt32LE(0) & this.mask; ; at = (at + 1) & this.mask) {
      const entry = this.table[at];
      if (entry === 0) return -1;
      if (digest.compare(this.digests, (entry - 1) * 32, entry * 32) === 0) return entry - 1;
    }
  }

  deviceIdAt(slot: number): string {
    return this.deviceIds[slot] as string;
  }

  credentialIdAt(slot: number): string {
    const hex = this.credentialIds.toString('hex', slot * 16, slot * 16 + 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Keeps a credential of a device; a digest already held is replaced. Past the limit the oldest device's credentials go. */
  set(digest: Buffer, deviceId: string, credentialId: string): void {
    const uuid = this.uuid;
    if (!parseUuid(credentialId, uuid)) throw new Error(`a credential id must be a uuid: ${credentialId}`);
    const known = this.find(digest);
    if (known >= 0) {
      if (this.deviceIds[known] === deviceId) {
        uuid.copy(this.credentialIds, known * 16);
        return;
      }
      this.unlinkSlot(known);
    }
    if (this.count >= this.limit) this.evictOldestDevices();
    if (this.freeHead < 0) this.grow();
    const slot = this.freeHead;
    this.freeHead = this.next[slot];
    digest.copy(this.digests, slot * 32, 0, 32);
    uuid.copy(this.credentialIds, slot * 16);
    this.deviceIds[slot] = deviceId;
    const first = this.firstSlot.get(deviceId);
    if (first === undefined) {
      this.next[slot] = -1;
      this.firstSlot.set(deviceId, slot);
    } else {
      // Second in the chain: the first slot stays, and with it the device's place in the eviction order.
      this.next[slot] = this.next[first];
      this.next[first] = slot;
    }
    this.place(slot);
    this.count++;
  }

  /** At the limit: the oldest devices' credentials go, in one walk, until a batch of slots is free (see makeRoom). */
  private evictOldestDevices(): void {
    const target = this.limit - evictionBatch(this.limit);
    dropOldest(
      this.firstSlot,
      () => this.count <= target,
      (deviceId) => this.deleteDevice(deviceId),
    );
  }

  /** Drops every credential of the device. */
  deleteDevice(deviceId: string): void {
    const first = this.firstSlot.get(deviceId);
    if (first === undefined) return;
    this.firstSlot.delete(deviceId);
    for (let slot = first; slot >= 0;) {
      const following: number = this.next[slot];
      this.release(slot);
      slot = following;
    }
  }

  clear(): void {
    this.capacity = 0;
    this.digests = Buffer.alloc(0);
    this.credentialIds = Buffer.alloc(0);
    this.deviceIds = [];
    this.next = new Int32Array(0);
    this.table = new Int32Array(2);
    this.mask = 1;
    this.freeHead = -1;
    this.count = 0;
    this.firstSlot.clear();
  }

  /** Takes one slot out of its device's chain (a digest now held for another device). */
  private unlinkSlot(slot: number): void {
    const deviceId = this.deviceIds[slot] as string;
    const first = this.firstSlot.get(deviceId) as number;
    if (first === slot) {
      // Map.set on a key it holds keeps the device's place in the eviction order.
      if (this.next[slot] < 0) this.firstSlot.delete(deviceId);
      else this.firstSlot.set(deviceId, this.next[slot]);
    } else {
      let before = first;
      while (this.next[before] !== slot) before = this.next[before];
      this.next[before] = this.next[slot];
    }
    this.release(slot);
  }

  private release(slot: number): void {
    this.unplace(slot);
    this.deviceIds[slot] = undefined;
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
    this.count--;
  }

  private home(slot: number): number {
    return this.digests.readUInt32LE(slot * 32) & this.mask;
  }

  private place(slot: number): void {
    let at = this.home(slot);
    while (this.table[at] !== 0) at = (at + 1) & this.mask;
    this.table[at] = slot + 1;
  }

  /** Backward-shift deletion: later entries of the probe run move up, so no tombstones are needed. */
  private unplace(slot: number): void {
    let hole = this.home(slot);
    while (this.table[hole] !== slot + 1) hole = (hole + 1) & this.mask;
    for (let at = (hole + 1) & this.mask; this.table[at] !== 0; at = (at + 1) & this.mask) {
      const home = this.home(this.table[at] - 1);
      // The entry at `at` may fill the hole only if its home is not cyclically within (hole, at].
      const between = hole <= at ? home > hole && home <= at : home > hole || home <= at;
      if (between) continue;
      this.table[hole] = this.table[at];
      hole = at;
    }
    this.table[hole] = 0;
  }

  /** Doubles the slots (up to the limit) and rebuilds the table at twice their number. */
  private grow(): void {
    const capacity = Math.min(Math.max(this.capacity * 2, this.initialCapacity), Math.max(this.limit, 1));
    if (capacity <= this.capacity) throw new Error('credential store full');
    const digests = Buffer.alloc(capacity * 32);
    this.digests.copy(digests);
    const credentialIds = Buffer.alloc(capacity * 16);
    this.credentialIds.copy(credentialIds);
    const next = new Int32Array(capacity);
    next.set(this.next);
    for (let slot = capacity - 1; slot >= this.capacity; slot--) {
      next[slot] = this.freeHead;
      this.freeHead = slot;
    }
    this.digests = digests;
    this.credentialIds = credentialIds;
    this.next = next;
    this.capacity = capacity;
    let size = 2;
    while (size < capacity * 2) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let slot = 0; slot < this.deviceIds.length; slot++) if (this.deviceIds[slot] !== undefined) this.place(slot);
  }
}

/**
 * Writes the 16 bytes of a uuid's text (32 hex digits, dashes ignored, as `Buffer.from(text.replace(/-/g, ''), 'hex')`
 * reads one) into `bytes`; false for any other text (`bytes` then holds garbage).
 */
function parseUuid(text: string, bytes: Buffer): boolean {
  let nibbles = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2d) continue; // '-'
    const value = code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x61 && code <= 0x66 ? code - 0x57 : code >= 0x41 && code <= 0x46 ? code - 0x37 : -1;
    if (value < 0 || nibbles === 32) return false;
    if (nibbles % 2 === 0) bytes[nibbles >> 1] = value << 4;
    else bytes[nibbles >> 1] |= value;
    nibbles++;
  }
  return nibbles === 32;
}
