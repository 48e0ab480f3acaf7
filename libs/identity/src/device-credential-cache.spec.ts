import { DeviceCredentialCache } from './device-credential-cache';
import { hashSecret } from './secrets';

interface Row {
  id: string;
  deviceId: string;
  hash: string;
  revokedAt: Date | null;
  device: { decommissionedAt: Date | null };
}

const DEVICE_FACTS = { model: 'hub-2', firmware: '4.1.0', region: 'eu', cohort: null };
const INVENTORY = '[["xiaomi.camera-stream","mijia-cam-360","3.5.1_00.66"]]';

/**
 * The credential table as the cache reads it. The orderings that matter here (a read that overlaps
 * a revocation, a notice that arrives after the new credential was used) cannot be forced against a
 * real database, so the reads are held and released by hand.
 */
class CredentialTable {
  readonly rows = new Map<string, Row>();
  /** When set, reads wait until release() is called. */
  private held?: { release: () => void; promise: Promise<void> };

  add(id: string, deviceId: string, token: string): void {
    this.rows.set(hashSecret(token), { id, deviceId, hash: hashSecret(token), revokedAt: null, device: { decommissionedAt: null } });
  }
  revoke(token: string): void {
    this.rows.get(hashSecret(token))!.revokedAt = new Date();
  }
  hold(): void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held = { release, promise };
  }
  release(): void {
    const held = this.held;
    this.held = undefined;
    held?.release();
  }
  /** The cache reads credentials in batches (BatchLoader): one statement for the hashes asked for together. */
  readonly read = async (hashes: string[]) => {
    // what the database returned at the moment of the read
    const snapshot = hashes.flatMap((hash) => {
      const row = this.rows.get(hash);
      if (!row) return [];
      const live = row.revokedAt === null && row.device.decommissionedAt === null;
      return [
        {
          id: row.id,
          deviceId: row.deviceId,
          hash,
          ...DEVICE_FACTS,
          // null, and only null, for a revoked credential or a decommissioned device: the statement has no other flag of them
          inventory: live ? INVENTORY : null,
        },
      ];
    });
    if (this.held) await this.held.promise;
    return snapshot;
  };
}

describe(DeviceCredentialCache.name, () => {
  const OLD = 'ksd_old-credential-of-device-1';
  const NEW = 'ksd_new-credential-of-device-1';
  let table: CredentialTable;
  let cache: DeviceCredentialCache;

  beforeEach(() => {
    table = new CredentialTable();
    table.add('00000000-0000-7000-8000-00000000000a', 'device-1', OLD);
    // Without a replica, ReadReplica.readDeviceRows is the primary's read.
    cache = new DeviceCredentialCache({ readDeviceRows: (keys: string[]) => table.read(keys) } as never, {} as never);
  });

  it('drops every credential it holds for a device on its change notice, the old one included when the new one was used first', async () => {
    expect(await cache.resolve(OLD)).toMatchObject({ credentialId: '00000000-0000-7000-8000-00000000000a' });
    // Rotation: this instance sees the new credential before the change notice reaches it.
    table.revoke(OLD);
    table.add('00000000-0000-7000-8000-00000000000b', 'device-1', NEW);
    expect(await cache.resolve(NEW)).toMatchObject({ credentialId: '00000000-0000-7000-8000-00000000000b' });
    cache.forget('device-1');
    expect(cache.cached(OLD)).toBeUndefined();
    expect(await cache.resolve(OLD)).toBeUndefined();
    expect(await cache.resolve(NEW)).toMatchObject({ credentialId: '00000000-0000-7000-8000-00000000000b' });
  });

  it('does not keep a credential whose read overlapped its revocation notice', async () => {
    table.hold();
    const resolving = cache.resolve(OLD); // reads the row while it is still live
    await Promise.resolve();
    table.revoke(OLD);
    cache.forget('device-1'); // the notice of the rotation arrives while the read is under way
    table.release();
    await resolving;
    expect(cache.cached(OLD)).toBeUndefined();
    expect(await cache.resolve(OLD)).toBeUndefined();
  });

  it('answers a Bearer header with a device credential in memory, and nothing else, from principalFromHeader and deviceIdOrDigestFromHeader', async () => {
    const deviceIdOf = (header: string | undefined) => {
      const found = cache.deviceIdOrDigestFromHeader(header);
      return typeof found === 'string' ? found : undefined;
    };
    const bothOf = (header: string | undefined) => [cache.principalFromHeader(header), deviceIdOf(header)];
    expect(bothOf(`Bearer ${OLD}`)).toEqual([undefined, undefined]); // not read yet: the route's own path reads it
    await cache.resolve(OLD);
    expect(cache.principalFromHeader(`Bearer ${OLD}`)).toMatchObject({
      kind: 'device',
      deviceId: 'device-1',
      credentialId: '00000000-0000-7000-8000-00000000000a',
    });
    expect(deviceIdOf(`Bearer ${OLD}`)).toBe('device-1');
    expect(cache.principalFromHeader(`bearer  ${OLD} `)).toMatchObject({ credentialId: '00000000-0000-7000-8000-00000000000a' });
    expect(deviceIdOf(`bearer  ${OLD} `)).toBe('device-1');
    for (const header of [undefined, OLD, `Basic ${OLD}`, `Bearer ${NEW}`]) expect(bothOf(header)).toEqual([undefined, undefined]);
    table.add('00000000-0000-7000-8000-00000000000c', 'device-1', 'ksa_an-api-token-not-a-device-one');
    await cache.resolve('ksa_an-api-token-not-a-device-one');
    expect(bothOf('Bearer ksa_an-api-token-not-a-device-one')).toEqual([undefined, undefined]);
  });

  it("hands the poll a credential's device id when in memory, else its digest, which resolveDigest reads without the token", async () => {
    const missed = cache.deviceIdOrDigestFromHeader(`Bearer ${OLD}`);
    expect(Buffer.isBuffer(missed) && missed.toString('hex')).toBe(hashSecret(OLD));
    // Its own copy: the next look-up does not overwrite it.
    expect(Buffer.isBuffer(cache.deviceIdOrDigestFromHeader(`Bearer ${NEW}`))).toBe(true);
    expect((missed as Buffer).toString('hex')).toBe(hashSecret(OLD));
    expect(await cache.resolveDigest(missed as Buffer)).toMatchObject({ deviceId: 'device-1', credentialId: '00000000-0000-7000-8000-00000000000a' });
    expect(cache.deviceIdOrDigestFromHeader(`bearer  ${OLD} `)).toBe('device-1');
    for (const header of [undefined, OLD, `Basic ${OLD}`, 'Bearer ksa_an-api-token-not-a-device-one']) {
      expect(cache.deviceIdOrDigestFromHeader(header)).toBeUndefined();
    }
    expect(await cache.resolveDigest(cache.deviceIdOrDigestFromHeader(`Bearer ${NEW}`) as Buffer)).toBeUndefined();
  });

  it("hands a live credential's device, read in the same statement, to onDeviceRead, and nothing for a revoked one", async () => {
    const read: unknown[] = [];
    cache.onDeviceRead((row) => read.push(row));
    await cache.resolve(OLD);
    expect(read).toMatchObject([{ deviceId: 'device-1', ...DEVICE_FACTS, inventory: INVENTORY }]);
    table.revoke(OLD);
    cache.forget('device-1');
    expect(await cache.resolve(OLD)).toBeUndefined();
    expect(read).toHaveLength(1);
  });

  it('does not hand on a device whose read overlapped its change notice', async () => {
    const read: unknown[] = [];
    cache.onDeviceRead((row) => read.push(row));
    table.hold();
    const resolving = cache.resolve(OLD);
    await Promise.resolve();
    cache.forget('device-1'); // e.g. its inventory changed while the read was under way
    table.release();
    await new Promise<void>((resolve) => setImmediate(resolve));
    table.release(); // the read made again after the notice
    expect(await resolving).toMatchObject({ deviceId: 'device-1' });
    // Only the second read, made after the notice, is handed on.
    expect(read).toHaveLength(1);
  });
});
