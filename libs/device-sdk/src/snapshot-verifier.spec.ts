import { generateKeyPairSync } from 'node:crypto';
import { encodeJwsHeader, endorseKey, publicJwkOf, signCompactJws, signSnapshot } from '@killswitch/snapshots';
import { SnapshotRefused, VerifyOptions, sameJson, verifyFlagsBody } from './snapshot-verifier';
import { TrustStore } from './trust-store';
import { DeviceJwk } from './types';

/** A signing key as the server makes them (libs/snapshots), optionally endorsed by another. */
function serverKey(endorser?: { kid: string; privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'] }) {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicJwkOf(privateKey);
  const published: DeviceJwk = { ...jwk, ...(endorser ? { endorsement: endorseKey(jwk, endorser) } : {}) };
  return { kid: jwk.kid, privateKey, jwk: published };
}

const DEVICE = '4b0c5a39-3f6b-4f4e-9a55-000000000001';
const NOW = Date.parse('2026-03-01T12:00:00Z');
const iat = Math.floor(NOW / 1000) - 60;
const integrations = {
  'xiaomi.camera-stream': { enabled: false, reason: 'strangers feeds', killSwitchIds: ['k1'], failMode: 'closed' as const },
  'xiaomi.smart-plug': { enabled: true, failMode: 'open' as const },
};

function body(key: ReturnType<typeof serverKey>, overrides: Partial<{ sub: string; iss: string; rev: number; iat: number; exp: number }> = {}) {
  const claims = { iss: 'killswitch', sub: DEVICE, rev: 42, iat, exp: iat + 900, integrations, ...overrides };
  return { rev: claims.rev, integrations: structuredClone(integrations), snapshot: signSnapshot(key, claims) };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SnapshotRefused) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe(verifyFlagsBody.name, () => {
  const root = serverKey();
  const options: VerifyOptions = { deviceId: DEVICE, issuer: 'killswitch', now: NOW };
  let trust: TrustStore;
  beforeEach(async () => {
    trust = await TrustStore.create({ keys: [root.jwk] });
  });

  it('accepts a snapshot the server signed with a pinned key, and returns the signed integrations', async () => {
    const verified = await verifyFlagsBody(body(root), trust, options);
    expect(verified).toMatchObject({ rev: 42, iat, exp: iat + 900, kid: root.kid, integrations });
  });

  it('refuses a body that differs from what was signed (tampered), whatever the field', async () => {
    const flipped = body(root);
    flipped.integrations['xiaomi.camera-stream'].enabled = true;
    const added = body(root) as ReturnType<typeof body> & { integrations: Record<string, unknown> };
    added.integrations['xiaomi.extra'] = { enabled: true };
    const bumped = { ...body(root), rev: 43 };
    for (const tampered of [flipped, added, bumped]) expect(await refusal(verifyFlagsBody(tampered, trust, options))).toBe('tampered');
  });

  it('refuses a snapshot whose signed payload was altered (bad signature)', async () => {
    const original = body(root);
    const [header, , signature] = original.snapshot.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ iss: 'killswitch', sub: DEVICE, rev: 99, iat, exp: iat + 900, integrations })).toString('base64url');
    const forged = { ...original, rev: 99, snapshot: `${header}.${forgedPayload}.${signature}` };
    expect(await refusal(verifyFlagsBody(forged, trust, options))).toBe('bad-signature');
  });

  it("refuses another device's snapshot, another issuer's, an expired one, and a malformed one", async () => {
    expect(await refusal(verifyFlagsBody(body(root, { sub: 'another-device' }), trust, options))).toBe('wrong-device');
    expect(await refusal(verifyFlagsBody(body(root, { iss: 'someone-else' }), trust, options))).toBe('wrong-issuer');
    const stale = body(root, { iat: iat - 1000, exp: iat - 100 });
    expect(await refusal(verifyFlagsBody(stale, trust, options))).toBe('expired');
    await expect(verifyFlagsBody(stale, trust, { ...options, allowExpired: true })).resolves.toMatchObject({ rev: 42 });
    expect(await refusal(verifyFlagsBody({ rev: 1, integrations: {} }, trust, options))).toBe('malformed');
    expect(await refusal(verifyFlagsBody({ ...body(root), snapshot: 'not.a.jws' }, trust, options))).toBe('malformed');
    // alg "none", or another typ (an endorsement is not a snapshot)
    const none = `${encodeJwsHeader({ alg: 'none', kid: root.kid, typ: 'killswitch-snapshot+jwt' })}.${Buffer.from('{}').toString('base64url')}.`;
    expect(await refusal(verifyFlagsBody({ ...body(root), snapshot: none }, trust, options))).toBe('malformed');
    const endorsement = serverKey(root).jwk.endorsement as string;
    expect(await refusal(verifyFlagsBody({ ...body(root), snapshot: endorsement }, trust, options))).toBe('malformed');
  });

  it('refuses a snapshot by an unknown key, after giving the caller one chance to learn it', async () => {
    const stranger = serverKey();
    const asked: string[] = [];
    const reason = await refusal(verifyFlagsBody(body(stranger), trust, { ...options, onUnknownKid: async (kid) => void asked.push(kid) }));
    expect(reason).toBe('unknown-key');
    expect(asked).toEqual([stranger.kid]);
  });

  it('accepts a snapshot by a new key once the JWKS shows it endorsed by a trusted key', async () => {
    const next = serverKey(root);
    const verified = await verifyFlagsBody(body(next), trust, {
      ...options,
      onUnknownKid: async () => void (await trust.learn({ keys: [root.jwk, next.jwk] })),
    });
    expect(verified.kid).toBe(next.kid);
  });
});

describe(TrustStore.name, () => {
  const root = serverKey();

  it('follows a chain of endorsements in any order (root → k2 → k3)', async () => {
    const k2 = serverKey(root);
    const k3 = serverKey(k2);
    const trust = await TrustStore.create({ keys: [root.jwk] });
    expect(await trust.learn({ keys: [k3.jwk, k2.jwk] })).toEqual([k2.kid, k3.kid]);
    expect(trust.kids).toEqual([root.kid, k2.kid, k3.kid]);
    expect(trust.learnedKeys().map((k) => k.kid)).toEqual([k2.kid, k3.kid]);
  });

  it('ignores a forged JWKS: self-endorsed keys, keys endorsed by strangers, endorsements of another key, and kids that are not thumbprints', async () => {
    const trust = await TrustStore.create({ keys: [root.jwk] });
    const stranger = serverKey();
    const selfEndorsed = serverKey();
    selfEndorsed.jwk.endorsement = endorseKey(publicJwkOf(selfEndorsed.privateKey), selfEndorsed);
    const byStranger = serverKey(stranger);
    const other = serverKey(root);
    const swapped = serverKey();
    swapped.jwk.endorsement = other.jwk.endorsement; // root endorsed `other`, not this key
    const lyingKid = serverKey(root);
    lyingKid.jwk.kid = root.kid.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    // an endorsement by root whose payload names the attacker's key, but signed with the wrong key
    const wrongSigner = serverKey();
    const header = encodeJwsHeader({ alg: 'EdDSA', kid: root.kid, typ: 'killswitch-key-endorsement+jwt' });
    wrongSigner.jwk.endorsement = signCompactJws(header, { ...publicJwkOf(wrongSigner.privateKey) }, wrongSigner.privateKey);
    const added = await trust.learn({ keys: [stranger.jwk, selfEndorsed.jwk, byStranger.jwk, swapped.jwk, lyingKid.jwk, wrongSigner.jwk] });
    expect(added).toEqual([]);
    expect(trust.kids).toEqual([root.kid]);
  });

  it('re-checks restored keys: a learned key in a tampered state file is not trusted', async () => {
    const k2 = serverKey(root);
    const evil = serverKey();
    const trust = await TrustStore.create({ keys: [root.jwk] }, [k2.jwk, { ...evil.jwk, endorsement: k2.jwk.endorsement }]);
    expect(trust.kids).toEqual([root.kid, k2.kid]);
  });

  it('refuses to pin a key whose kid is not its thumbprint', async () => {
    await expect(TrustStore.create({ keys: [{ ...root.jwk, kid: 'chosen-by-attacker' }] })).rejects.toThrow(/thumbprint/);
  });
});

describe(sameJson.name, () => {
  it('compares JSON structurally, ignoring key order', () => {
    expect(sameJson({ a: 1, b: [1, { c: true }] }, { b: [1, { c: true }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: null }, { a: {} })).toBe(false);
  });
});
