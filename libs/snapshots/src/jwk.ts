/**
 * The public half of a snapshot signing key, as the JWKS publishes it, and the
 * key id: the RFC 7638 thumbprint, so anyone can recompute a kid from the key
 * and a JWKS entry cannot claim another key's kid.
 */
import { KeyObject, createHash, createPublicKey } from 'node:crypto';

export type SigningKeyStatus = 'previous' | 'current' | 'next';

/** A standard Ed25519 verification JWK (RFC 8037). */
export interface PublicSigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/**
 * A JWKS entry: the standard members plus two of ours that JOSE libraries
 * ignore: `status`, and `endorsement` (a compact JWS of this key by the key
 * that was current when it was made; absent on the very first key).
 */
export interface PublishedJwk extends PublicSigningJwk {
  status: SigningKeyStatus;
  endorsement?: string;
}

export interface Jwks {
  keys: PublishedJwk[];
}

/** RFC 7638 thumbprint (SHA-256, base64url) of an Ed25519 key: hash of `{"crv","kty","x"}` in that order. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The published JWK of an Ed25519 public (or private) key; its kid is its thumbprint. */
export function publicJwkOf(key: KeyObject): PublicSigningJwk {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const exported = publicKey.export({ format: 'jwk' });
  if (exported.kty !== 'OKP' || exported.crv !== 'Ed25519' || typeof exported.x !== 'string') {
    throw new Error('signing keys must be Ed25519');
  }
  return { kty: 'OKP', crv: 'Ed25519', x: exported.x, kid: jwkThumbprint({ crv: 'Ed25519', kty: 'OKP', x: exported.x }), alg: 'EdDSA', use: 'sig' };
}

/** Reads a stored public JWK back, refusing anything that is not one of ours. */
export function parsePublicJwk(value: unknown): PublicSigningJwk {
  const jwk = value as Partial<PublicSigningJwk> | null;
  if (!jwk || typeof jwk !== 'object' || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || typeof jwk.kid !== 'string') {
    throw new Error('not an Ed25519 public JWK');
  }
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid, alg: 'EdDSA', use: 'sig' };
}

/** A private key able to sign, with the kid verifiers will look it up by. */
export interface ActiveSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}
