/**
 * Checks a flags answer (a poll body or a stream event): the snapshot JWS is
 * signed (EdDSA) by a trusted key, its claims are this device's and well
 * formed, it has not expired, and the body says exactly what was signed.
 * Only the signed integrations are ever used.
 */
import { compactVerify, decodeProtectedHeader } from 'jose';
import { TrustStore } from './trust-store';
import { FlagsBody, SNAPSHOT_TYP, SnapshotClaims, SnapshotIntegration } from './types';

export type RefusalReason =
  /** not a flags body, or a snapshot that is not a compact JWS with our header and claims */
  | 'malformed'
  /** signed by a key the device does not trust (not pinned, not endorsed) */
  | 'unknown-key'
  | 'bad-signature'
  | 'wrong-issuer'
  /** `sub` is another device */
  | 'wrong-device'
  /** the body's rev or integrations differ from the signed ones */
  | 'tampered'
  | 'expired'
  /** a lower rev than the highest seen, or the same rev without a later iat */
  | 'rollback';

export class SnapshotRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(`snapshot refused (${reason}): ${message}`);
    this.name = 'SnapshotRefused';
  }
}

export interface VerifiedSnapshot {
  rev: number;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  kid: string;
  /** The signed integrations. */
  integrations: Record<string, SnapshotIntegration>;
  /** The compact JWS itself (what a device persists). */
  jws: string;
}

export interface VerifyOptions {
  deviceId: string;
  /** Expected `iss`; undefined accepts any issuer. */
  issuer?: string;
  /** Milliseconds since the epoch. */
  now: number;
  /** Seconds a snapshot is still accepted past its `exp` (clock skew); default 0. */
  clockToleranceSec?: number;
  /** Accept an expired snapshot (restoring persisted state, where the fail mode then applies). */
  allowExpired?: boolean;
  /**
   * Called once with a kid the store does not trust, before refusing: the
   * client fetches the JWKS there and learns any endorsed key.
   */
  onUnknownKid?: (kid: string) => Promise<void>;
}

/** Verifies a flags body (a parsed poll answer or stream event). Throws SnapshotRefused. */
export async function verifyFlagsBody(body: unknown, trust: TrustStore, options: VerifyOptions): Promise<VerifiedSnapshot> {
  if (!isObject(body) || typeof body.snapshot !== 'string' || !isObject(body.integrations) || typeof body.rev !== 'number') {
    throw new SnapshotRefused('malformed', 'not a flags body { rev, integrations, snapshot }');
  }
  const verified = await verifySnapshotJws(body.snapshot, trust, options);
  const flags = body as unknown as FlagsBody;
  if (flags.rev !== verified.rev) throw new SnapshotRefused('tampered', `the body says rev ${flags.rev}, the snapshot ${verified.rev}`);
  if (!sameJson(flags.integrations, verified.integrations)) throw new SnapshotRefused('tampered', 'the body integrations differ from the signed ones');
  return verified;
}

/** Verifies a compact snapshot JWS alone (e.g. a persisted one). Throws SnapshotRefused. */
export async function verifySnapshotJws(jws: string, trust: TrustStore, options: VerifyOptions): Promise<VerifiedSnapshot> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new SnapshotRefused('malformed', 'the snapshot is not a compact JWS');
  }
  if (header.alg !== 'EdDSA' || header.typ !== SNAPSHOT_TYP || typeof header.kid !== 'string') {
    throw new SnapshotRefused('malformed', `unexpected snapshot header (alg ${String(header.alg)}, typ ${String(header.typ)})`);
  }
  const kid = header.kid;
  if (!trust.has(kid) && options.onUnknownKid) await options.onUnknownKid(kid);
  const key = trust.keyFor(kid);
  if (!key) throw new SnapshotRefused('unknown-key', `kid ${kid} is neither pinned nor endorsed by a trusted key`);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, await key, { algorithms: ['EdDSA'] }));
  } catch {
    throw new SnapshotRefused('bad-signature', `the signature does not verify with kid ${kid}`);
  }
  let claims: Partial<SnapshotClaims>;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload)) as Partial<SnapshotClaims>;
  } catch {
    throw new SnapshotRefused('malformed', 'the snapshot payload is not JSON');
  }
  if (!isObject(claims)) throw new SnapshotRefused('malformed', 'the snapshot payload is not an object');
  const { iss, sub, rev, iat, exp, integrations } = claims;
  if (!Number.isSafeInteger(rev) || (rev as number) < 0) throw new SnapshotRefused('malformed', 'rev must be a non-negative integer');
  if (typeof iat !== 'number' || typeof exp !== 'number' || !(exp > iat)) throw new SnapshotRefused('malformed', 'iat and exp must be numbers, exp after iat');
  if (!isObject(integrations) || !Object.values(integrations).every(isIntegration)) throw new SnapshotRefused('malformed', 'integrations are malformed');
  if (options.issuer !== undefined && iss !== options.issuer) throw new SnapshotRefused('wrong-issuer', `iss is ${String(iss)}, expected ${options.issuer}`);
  if (sub !== options.deviceId) throw new SnapshotRefused('wrong-device', `sub is ${String(sub)}, this device is ${options.deviceId}`);
  if (!options.allowExpired && options.now >= (exp + (options.clockToleranceSec ?? 0)) * 1000) {
    throw new SnapshotRefused('expired', `expired at ${new Date(exp * 1000).toISOString()}`);
  }
  return { rev: rev as number, iat, exp, kid, integrations: integrations as Record<string, SnapshotIntegration>, jws };
}

/** Structural equality of two JSON values, independent of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameJson(a[key], b[key]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntegration(value: unknown): boolean {
  return isObject(value) && typeof value.enabled === 'boolean' && (value.failMode === undefined || value.failMode === 'open' || value.failMode === 'closed');
}
