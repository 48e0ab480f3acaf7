import { DeviceCredentialCache } from './device-credential-cache';
import { hashSecret } from './secrets';

interface Row {
  id: string;
  deviceId: string;
  hash: string;
  revokedAt: Date | null;
  device: { decommissionedAt: Date | null };
}

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
  readonly deviceCredential = {
    // The cache reads credentials in batches (BatchLoader): one findMany for the hashes asked for together.
    findMany: async ({ where }: { where: { hash: { in: string[] } } }): Promise<Row[]> => {
      // what the database returned at the moment of the read
      const snapshot = where.hash.in.flatMap((hash) => (this.rows.has(hash) ? [{ ...this.rows.get(hash)! }] : []));
      if (this.held) await this.held.promise;
      return snapshot;
    },
  };
}

describe(DeviceCredentialCache.name, () => {
  const OLD = 'ksd_old-credential-of-device-1';
  const NEW = 'ksd_new-credential-of-device-1';
  let table: CredentialTable;
  let cache: DeviceCredentialCache;

  beforeEach(() => {
    table = new CredentialTable();
    table.add('c-old', 'device-1', OLD);
    // Without a replica, ReadReplica.readDeviceRows is the primary's read.
    cache = new DeviceCredentialCache(
      { readDeviceRows: (keys: string[], query: (db: CredentialTable, keys: string[]) => unknown) => query(table, keys) } as never,
      {} as never,
    );
  });

  it('drops every credential it holds for a device on its change notice, the old one included when the new one was used first', async () => {
    expect(await cache.resolve(OLD)).toMatchObject({ credentialId: 'c-old' });
    // Rotation: this instance sees the new credential before the change notice reaches it.
    table.revoke(OLD);
    table.add('c-new', 'device-1', NEW);
    expect(await cache.resolve(NEW)).toMatchObject({ credentialId: 'c-new' });
    cache.forget('device-1');
    expect(cache.cached(OLD)).toBeUndefined();
    expect(await cache.resolve(OLD)).toBeUndefined();
    expect(await cache.resolve(NEW)).toMatchObject({ credentialId: 'c-new' });
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

  it('answers a Bearer header with a device credential in memory, and nothing else, from principalFromHeader', async () => {
    expect(cache.principalFromHeader(`Bearer ${OLD}`)).toBeUndefined(); // not read yet: the route's own path reads it
    await cache.resolve(OLD);
    expect(cache.principalFromHeader(`Bearer ${OLD}`)).toMatchObject({ kind: 'device', deviceId: 'device-1', credentialId: 'c-old' });
    expect(cache.principalFromHeader(`bearer  ${OLD} `)).toMatchObject({ credentialId: 'c-old' });
    expect(cache.principalFromHeader(undefined)).toBeUndefined();
    expect(cache.principalFromHeader(OLD)).toBeUndefined();
    expect(cache.principalFromHeader(`Basic ${OLD}`)).toBeUndefined();
    table.add('c-api', 'device-1', 'ksa_an-api-token-not-a-device-one');
    await cache.resolve('ksa_an-api-token-not-a-device-one');
    expect(cache.principalFromHeader('Bearer ksa_an-api-token-not-a-device-one')).toBeUndefined();
  });
});
