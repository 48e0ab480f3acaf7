import { generateKeyPairSync } from 'node:crypto';
import { ActiveSigningKey, PublicSigningJwk, PublishedJwk, jwkThumbprint, publicJwkOf } from './jwk';
import { encodeJwsHeader, signCompactJws } from './compact-jws';
import { ENDORSEMENT_TYP, endorseKey, resolveTrustedKeys, verifyEndorsement } from './key-endorsement';

function newKey(): ActiveSigningKey & { jwk: PublicSigningJwk } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicJwkOf(privateKey);
  return { kid: jwk.kid, privateKey, jwk };
}

function published(key: { jwk: PublicSigningJwk }, status: PublishedJwk['status'], endorser?: ActiveSigningKey): PublishedJwk {
  return { ...key.jwk, status, ...(endorser ? { endorsement: endorseKey(key.jwk, endorser) } : {}) };
}

describe(publicJwkOf.name, () => {
  it('names a key by its RFC 7638 thumbprint', () => {
    const { jwk } = newKey();
    expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: jwkThumbprint(jwk), alg: 'EdDSA', use: 'sig' });
    expect(jwk.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('computes the RFC 8037 appendix A.3 thumbprint', () => {
    const x = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
    expect(jwkThumbprint({ crv: 'Ed25519', kty: 'OKP', x })).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });
});

describe(verifyEndorsement.name, () => {
  const current = newKey();
  const next = newKey();
  const trusted = { keys: [published(current, 'current')] };

  it('trusts a key endorsed by a trusted key', async () => {
    await expect(verifyEndorsement(published(next, 'next', current), trusted)).resolves.toBe(true);
    await expect(verifyEndorsement(published(next, 'next', current), [current.jwk])).resolves.toBe(true);
  });

  it('does not trust a key without an endorsement', async () => {
    await expect(verifyEndorsement(published(next, 'next'), trusted)).resolves.toBe(false);
  });

  it('does not trust a key endorsed by a key that is not trusted', async () => {
    const attacker = newKey();
    await expect(verifyEndorsement(published(next, 'next', attacker), trusted)).resolves.toBe(false);
  });

  it('does not trust an endorsement copied onto another key', async () => {
    const forged = newKey();
    const copied = { ...forged.jwk, status: 'next' as const, endorsement: endorseKey(next.jwk, current) };
    await expect(verifyEndorsement(copied, trusted)).resolves.toBe(false);
  });

  it('does not trust a key whose kid is not its thumbprint', async () => {
    const endorsed = published(next, 'next', current);
    await expect(verifyEndorsement({ ...endorsed, kid: current.kid }, trusted)).resolves.toBe(false);
  });

  it('does not trust a snapshot-like JWS or garbage in place of an endorsement', async () => {
    const wrongTyp = signCompactJws(
      encodeJwsHeader({ alg: 'EdDSA', kid: current.kid, typ: 'killswitch-snapshot+jwt' }),
      { ...next.jwk, iat: 1 },
      current.privateKey,
    );
    await expect(verifyEndorsement({ ...next.jwk, endorsement: wrongTyp }, trusted)).resolves.toBe(false);
    await expect(verifyEndorsement({ ...next.jwk, endorsement: 'not.a.jws' }, trusted)).resolves.toBe(false);
  });

  it('carries the endorsed JWK and iat in a JWS of the endorsement type', () => {
    const [header, payload] = endorseKey(next.jwk, current, 1_700_000_000_000)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as unknown);
    expect(header).toEqual({ alg: 'EdDSA', kid: current.kid, typ: ENDORSEMENT_TYP });
    expect(payload).toEqual({ ...next.jwk, iat: 1_700_000_000 });
  });
});

describe(resolveTrustedKeys.name, () => {
  it('follows a chain of endorsements from a pinned key, in any order of the JWKS', async () => {
    const [k1, k2, k3, k4] = [newKey(), newKey(), newKey(), newKey()];
    // k1 pinned and since retired; k2 endorsed by k1, k3 by k2, k4 by k3.
    const jwks = { keys: [published(k4, 'next', k3), published(k3, 'current', k2), published(k2, 'previous', k1)] };
    const trusted = await resolveTrustedKeys([k1.jwk], jwks);
    expect(trusted.map((k) => k.kid).sort()).toEqual([k1.kid, k2.kid, k3.kid, k4.kid].sort());
  });

  it('leaves out keys whose chain does not reach a pinned key', async () => {
    const [pinned, endorsed, attacker, forged] = [newKey(), newKey(), newKey(), newKey()];
    const jwks = { keys: [published(endorsed, 'current', pinned), published(forged, 'next', attacker), published(attacker, 'previous')] };
    const trusted = await resolveTrustedKeys([pinned.jwk], jwks);
    expect(trusted.map((k) => k.kid).sort()).toEqual([pinned.kid, endorsed.kid].sort());
  });
});
