/** How snapshots are signed; provided by the app from its validated EnvConfig. */
export interface SnapshotOptions {
  /** `iss` of every snapshot (KILLSWITCH_ISSUER). */
  issuer: string;
  /** Seconds from `iat` to `exp`; past `exp` a device applies the integration's fail mode. */
  lifetimeSec: number;
  /** KILLSWITCH_KEY_ENCRYPTION_KEY: seals private keys at rest (see key-encryption.ts). */
  keyEncryptionKey?: string;
}

export const SNAPSHOT_OPTIONS = Symbol('SNAPSHOT_OPTIONS');

export function validateSnapshotOptions(options: SnapshotOptions): SnapshotOptions {
  if (!/^\S{1,200}$/.test(options.issuer)) throw new Error('snapshot issuer must be a non-empty string without spaces');
  if (!Number.isInteger(options.lifetimeSec) || options.lifetimeSec < 2) throw new Error('snapshot lifetimeSec must be an integer of at least 2 seconds');
  return options;
}
