import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { ActiveSigningKey, Jwks, PublishedJwk, publicJwkOf } from './jwk';
import { SigningKeysService } from './signing-keys.service';
import { SharedIntegrations } from './shared-integrations';
import { SNAPSHOT_TYP, SnapshotClaims, SnapshotSigner, signSnapshot } from './snapshot-signer';

function newKey(): ActiveSigningKey & { jwk: PublishedJwk } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicJwkOf(privateKey);
  return { kid: jwk.kid, privateKey, jwk: { ...jwk, status: 'current' } };
}

const ISSUER = 'killswitch-test';
const DEVICE = '0b8f6c3e-4c1d-4d7e-9a57-2f1f3b0c9d11';
const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: Partial<SnapshotClaims> = {}): SnapshotClaims {
  return {
    iss: ISSUER,
    sub: DEVICE,
    rev: 42,
    iat: now(),
    exp: now() + 300,
    integrations: {
      'xiaomi.camera-stream': { enabled: false, reason: 'killed', killSwitchIds: ['ks-1'], incidentId: 'inc-1' },
      'acme.doorbell': { enabled: true },
    },
    ...overrides,
  };
}

function verify(jws: string, jwks: Jwks, options: { issuer?: string; subject?: string } = {}) {
  return jwtVerify(jws, createLocalJWKSet(jwks), { issuer: ISSUER, subject: DEVICE, algorithms: ['EdDSA'], ...options });
}

/** Replaces the payload segment, keeping header and signature. */
function withPayload(jws: string, payload: unknown): string {
  const [header, , signature] = jws.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe(signSnapshot.name, () => {
  const key = newKey();
  const other = newKey();
  // The JWKS as served: non-standard members (status, endorsement) included.
  const jwks: Jwks = { keys: [key.jwk, { ...other.jwk, status: 'next', endorsement: 'e30.e30.c2ln' }] };

  it('produces a JWT that jose verifies against the published JWKS, unknown JWK members and all', async () => {
    const signed = claims();
    const { payload, protectedHeader } = await verify(signSnapshot(key, signed), jwks);
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: key.kid, typ: SNAPSHOT_TYP });
    expect(payload).toEqual(signed);
  });

  it('is refused by jose when the payload is tampered with', async () => {
    const jws = signSnapshot(key, claims());
    const tampered = withPayload(jws, { ...claims(), integrations: { 'xiaomi.camera-stream': { enabled: true } } });
    await expect(verify(tampered, jwks)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('is refused by jose when its kid is not in the JWKS', async () => {
    const stranger = newKey();
    await expect(verify(signSnapshot(stranger, claims()), jwks)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
  });

  it('is refused by jose when its kid names another published key than the one that signed', async () => {
    const stranger = newKey();
    const lying = signSnapshot({ kid: key.kid, privateKey: stranger.privateKey }, claims());
    expect(decodeProtectedHeader(lying).kid).toBe(key.kid);
    await expect(verify(lying, jwks)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('is refused by jose once expired', async () => {
    const expired = signSnapshot(key, claims({ iat: now() - 600, exp: now() - 300 }));
    await expect(verify(expired, jwks)).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('is refused by jose for another device or another issuer', async () => {
    const jws = signSnapshot(key, claims());
    await expect(verify(jws, jwks, { subject: 'another-device' })).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
    await expect(verify(jws, jwks, { issuer: 'someone-else' })).rejects.toBeInstanceOf(errors.JWTClaimValidationFailed);
  });

  it('uses the header of the key it is given when keys alternate', async () => {
    const first = signSnapshot(key, claims());
    const second = signSnapshot(other, claims());
    const third = signSnapshot(key, claims());
    expect([first, second, third].map((jws) => decodeProtectedHeader(jws).kid)).toEqual([key.kid, other.kid, key.kid]);
    await expect(verify(second, jwks)).resolves.toBeDefined();
  });
});

describe(SnapshotSigner.name, () => {
  it('stamps issuer, device, rev and a lifetime from the options, with the active key', async () => {
    const key = newKey();
    const keys = { activeKey: () => key } as unknown as SigningKeysService;
    const signer = new SnapshotSigner(keys, { issuer: ISSUER, lifetimeSec: 120 });
    const at = Date.now();
    const signed = signer.sign(DEVICE, 7, { 'acme.doorbell': { enabled: true } }, at);

    expect(signed).toEqual({ jws: expect.any(String), kid: key.kid, iat: Math.floor(at / 1000), exp: Math.floor(at / 1000) + 120 });
    const { payload } = await verify(signed.jws, { keys: [key.jwk] });
    expect(payload).toEqual({ iss: ISSUER, sub: DEVICE, rev: 7, iat: signed.iat, exp: signed.exp, integrations: { 'acme.doorbell': { enabled: true } } });
  });

  it('keeps a detached signature from which compose() rebuilds the very JWS sign() gives, which jose verifies', async () => {
    const key = newKey();
    const keys = { activeKey: () => key } as unknown as SigningKeysService;
    const signer = new SnapshotSigner(keys, { issuer: 'issuer "quoted" ✓', lifetimeSec: 120 });
    const integrations = claims().integrations;
    const at = Date.now();
    const shared = new SharedIntegrations(JSON.stringify(integrations));
    const detached = signer.signDetached(DEVICE, 9, shared, at);
    const jws = signer.compose(DEVICE, 9, shared, detached);
    expect(jws).toBe(signer.sign(DEVICE, 9, integrations, at).jws); // Ed25519 is deterministic
    expect(detached.signature).toBe(jws.split('.')[2]);
    const { payload } = await jwtVerify(jws, createLocalJWKSet({ keys: [key.jwk] }), { issuer: 'issuer "quoted" ✓', subject: DEVICE });
    expect(payload).toMatchObject({ rev: 9, integrations });
  });
  it('signInto() writes the very signature signDetached() gives, for inputs past its buffer too, and signs nothing under other terms', () => {
    const key = newKey();
    const keys = { activeKey: () => key } as unknown as SigningKeysService;
    const signer = new SnapshotSigner(keys, { issuer: 'issuer "quoted" ✓', lifetimeSec: 120 });
    const at = 1_780_000_000_500;
    const into = Buffer.alloc(64);
    for (const integrations of [claims().integrations, { 'acme.big': { enabled: false, reason: 'x'.repeat(10_000) } }]) {
      const shared = new SharedIntegrations(JSON.stringify(integrations));
      for (const device of [DEVICE, `${DEVICE}a`, `${DEVICE}ab`]) {
        signer.signInto(into, device, 9, shared, Math.floor(at / 1000), { kid: key.kid, lifetimeSec: 120 });
        const detached = signer.signDetached(device, 9, shared, at);
        expect(into.toString('base64url')).toBe(detached.signature);
        expect(signer.compose(device, 9, shared, detached)).toBe(signer.sign(device, 9, integrations, at).jws);
      }
    }
    const shared = new SharedIntegrations(JSON.stringify(claims().integrations));
    into.fill(0);
    expect(() => signer.signInto(into, DEVICE, 9, shared, 1_780_000_000, { kid: 'another', lifetimeSec: 120 })).toThrow(/not as its answer group says/);
    expect(() => signer.signInto(into, DEVICE, 9, shared, 1_780_000_000, { kid: key.kid, lifetimeSec: 60 })).toThrow(/not as its answer group says/);
    expect(into.equals(Buffer.alloc(64))).toBe(true);
  });
});
