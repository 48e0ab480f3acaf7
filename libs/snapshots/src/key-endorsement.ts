/**
 * Root rotation in small (The Update Framework): each new signing key is
 * endorsed by the key that was current when it was made. A device trusts the
 * keys it pinned at enrollment, and a key whose endorsement verifies with a key
 * it already trusts; a forged JWKS therefore gains an attacker nothing.
 *
 * The endorsement is a compact JWS, header `{ alg: EdDSA, kid: <signer>, typ:
 * killswitch-key-endorsement+jwt }`, payload the endorsed public JWK (with its
 * kid) plus `iat`. Signing uses node:crypto (server side); verification uses
 * jose only, so a device SDK can take this file as it is.
 */
import type { KeyObject } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { encodeJwsHeader, signCompactJws } from './compact-jws';
import { PublicSigningJwk, jwkThumbprint } from './jwk';

export const ENDORSEMENT_TYP = 'killswitch-key-endorsement+jwt';

/** A JWK that may carry an endorsement (a JWKS entry, or a pinned key). */
export type EndorsableJwk = Pick<PublicSigningJwk, 'kty' | 'crv' | 'x' | 'kid'> & { endorsement?: string };

/** The endorsement of `endorsed` by the signer (the current key). */
export function endorseKey(endorsed: PublicSigningJwk, signer: { kid: string; privateKey: KeyObject }, now = Date.now()): string {
  const header = encodeJwsHeader({ alg: 'EdDSA', kid: signer.kid, typ: ENDORSEMENT_TYP });
  const payload = { kty: endorsed.kty, crv: endorsed.crv, x: endorsed.x, kid: endorsed.kid, alg: endorsed.alg, use: endorsed.use, iat: Math.floor(now / 1000) };
  return signCompactJws(header, payload, signer.privateKey);
}

/**
 * True if `jwk` carries an endorsement, signed with EdDSA by one of
 * `trustedJwks`, that names exactly this key (same `x`, and a kid that is the
 * key's RFC 7638 thumbprint). Never throws on bad input: untrusted is false.
 */
export async function verifyEndorsement(jwk: EndorsableJwk, trustedJwks: { keys: object[] } | object[]): Promise<boolean> {
  if (typeof jwk.endorsement !== 'string' || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return false;
  if (jwk.kid !== jwkThumbprint({ crv: jwk.crv, kty: jwk.kty, x: jwk.x })) return false;
  const keys = Array.isArray(trustedJwks) ? trustedJwks : trustedJwks.keys;
  try {
    const header = decodeProtectedHeader(jwk.endorsement);
    if (header.alg !== 'EdDSA' || header.typ !== ENDORSEMENT_TYP || typeof header.kid !== 'string') return false;
    if (header.kid === jwk.kid) return false; // a key cannot vouch for itself
    const trusted = createLocalJWKSet({ keys: keys.map(verificationJwkOf) });
    const { payload } = await compactVerify(jwk.endorsement, trusted, { algorithms: ['EdDSA'] });
    const endorsed = JSON.parse(new TextDecoder().decode(payload)) as Partial<PublicSigningJwk>;
    return endorsed.kty === 'OKP' && endorsed.crv === 'Ed25519' && endorsed.x === jwk.x && endorsed.kid === jwk.kid;
  } catch {
    return false;
  }
}

/**
 * Every key of `jwks` reachable from the pinned keys through endorsements,
 * plus the pinned keys themselves. A device offline across more than two
 * rotations may find its chain broken (the link it needed was retired) and
 * must then be given fresh keys out of band (re-enrollment).
 */
export async function resolveTrustedKeys(pinned: EndorsableJwk[], jwks: { keys: EndorsableJwk[] }): Promise<EndorsableJwk[]> {
  const trusted: EndorsableJwk[] = [...pinned];
  const isTrusted = (candidate: EndorsableJwk) => trusted.some((t) => t.kid === candidate.kid && t.x === candidate.x);
  let grew = true;
  while (grew) {
    grew = false;
    for (const candidate of jwks.keys) {
      if (!isTrusted(candidate) && (await verifyEndorsement(candidate, trusted))) {
        trusted.push(candidate);
        grew = true;
      }
    }
  }
  return trusted;
}

/** Only the members a verifier needs: pinned keys may carry anything. */
function verificationJwkOf(key: object): { kty: string; crv: string; x: string; kid: string; alg: 'EdDSA' } {
  const { kty, crv, x, kid } = key as Record<string, string>;
  return { kty, crv, x, kid, alg: 'EdDSA' };
}
