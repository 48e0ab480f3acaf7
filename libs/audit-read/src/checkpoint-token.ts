/**
 * A signed audit checkpoint: a compact JWS, header `{ alg: EdDSA, kid, typ:
 * killswitch-audit-checkpoint+jwt }`, payload `{ seq, headHash, at }`, signed
 * with the current snapshot signing key, so anyone can check it against the
 * JWKS (`/.well-known/jwks.json`) with any JOSE library.
 */
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, errors } from 'jose';
import { ActiveSigningKey, encodeJwsHeader, signCompactJws } from '@killswitch/snapshots';

export const CHECKPOINT_TYP = 'killswitch-audit-checkpoint+jwt';

export interface CheckpointClaims {
  /** The entry the checkpoint covers, as a decimal string (64-bit). */
  seq: string;
  /** That entry's hash: the chain head at the time. */
  headHash: string;
  /** When it was signed, ISO 8601. */
  at: string;
}

const HASH = /^[0-9a-f]{64}$/;
const SEQ = /^(0|[1-9]\d{0,18})$/;

export function signCheckpoint(key: ActiveSigningKey, claims: CheckpointClaims): string {
  const header = encodeJwsHeader({ alg: 'EdDSA', kid: key.kid, typ: CHECKPOINT_TYP });
  return signCompactJws(header, { seq: claims.seq, headHash: claims.headHash, at: claims.at }, key.privateKey);
}

export class CheckpointSignatureError extends Error {}

/**
 * The claims of a checkpoint whose signature verifies with one of `keys`
 * (public JWKs); throws CheckpointSignatureError saying why not otherwise.
 */
export async function verifyCheckpoint(jws: string, keys: object[]): Promise<{ kid: string; claims: CheckpointClaims }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new CheckpointSignatureError('not a compact JWS');
  }
  if (header.alg !== 'EdDSA' || header.typ !== CHECKPOINT_TYP || typeof header.kid !== 'string') {
    throw new CheckpointSignatureError(`not an audit checkpoint (alg ${String(header.alg)}, typ ${String(header.typ)})`);
  }
  const kid = header.kid;
  if (!keys.some((key) => (key as { kid?: unknown }).kid === kid)) {
    throw new CheckpointSignatureError(`signed by key ${kid}, which is not among the verification keys`);
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, createLocalJWKSet({ keys: keys.map(verificationJwkOf) }), { algorithms: ['EdDSA'] }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) throw new CheckpointSignatureError(`the signature does not verify with key ${kid}`);
    throw new CheckpointSignatureError(`cannot verify: ${(error as Error).message}`);
  }
  const claims = JSON.parse(new TextDecoder().decode(payload)) as Partial<CheckpointClaims>;
  if (
    typeof claims.seq !== 'string' ||
    !SEQ.test(claims.seq) ||
    typeof claims.headHash !== 'string' ||
    !HASH.test(claims.headHash) ||
    typeof claims.at !== 'string'
  ) {
    throw new CheckpointSignatureError('the signed payload is not { seq, headHash, at }');
  }
  return { kid, claims: { seq: claims.seq, headHash: claims.headHash, at: claims.at } };
}

/** Only the members a verifier needs: a JWKS entry may carry our own (status, endorsement). */
function verificationJwkOf(key: object): { kty: string; crv: string; x: string; kid: string; alg: 'EdDSA' } {
  const { kty, crv, x, kid } = key as Record<string, string>;
  return { kty, crv, x, kid, alg: 'EdDSA' };
}
