/**
 * The keys a device trusts to sign its snapshots: the ones it pinned at
 * enrollment, and any key whose JWKS entry carries an endorsement signed by a
 * key already trusted (The Update Framework's root rotation, in small). A
 * forged JWKS gains an attacker nothing: its keys are endorsed by no trusted key.
 *
 * The server side is libs/snapshots/src/key-endorsement.ts; this file repeats
 * its verification with jose alone so a device needs no server code.
 */
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { DeviceJwk, DeviceJwks, ENDORSEMENT_TYP } from './types';

type VerifyKey = Awaited<ReturnType<typeof importJWK>>;

interface TrustedKey {
  jwk: DeviceJwk;
  pinned: boolean;
  key?: Promise<VerifyKey>;
}

/** Learned (not pinned) keys kept at most; the oldest learned go first. Rotation publishes three at a time. */
export const MAX_LEARNED_KEYS = 16;

export class TrustStore {
  private readonly keys = new Map<string, TrustedKey>();

  /**
   * @param pinned the JWKS handed over at enrollment (its keys are trusted as they are)
   * @param learned keys learned earlier through endorsements (restored state); each is re-checked
   *        against the pinned ones and one another, so a tampered state file cannot add a key
   */
  static async create(pinned: DeviceJwks | DeviceJwk[], learned: DeviceJwk[] = []): Promise<TrustStore> {
    const store = new TrustStore();
    for (const jwk of Array.isArray(pinned) ? pinned : pinned.keys) await store.pin(jwk);
    if (learned.length > 0) await store.learn({ keys: learned });
    return store;
  }

  /** Trusts a key outright; its kid must be its RFC 7638 thumbprint. */
  async pin(jwk: DeviceJwk): Promise<void> {
    if (!(await isWellFormed(jwk))) throw new Error(`pinned key ${String(jwk?.kid)} is not an Ed25519 JWK whose kid is its thumbprint`);
    this.keys.set(jwk.kid, { jwk: publicPart(jwk), pinned: true });
  }

  has(kid: string): boolean {
    return this.keys.has(kid);
  }

  get kids(): string[] {
    return [...this.keys.keys()];
  }

  /** The verification key for a kid, or undefined when the kid is not trusted. */
  keyFor(kid: string): Promise<VerifyKey> | undefined {
    const entry = this.keys.get(kid);
    if (!entry) return undefined;
    entry.key ??= importJWK({ kty: entry.jwk.kty, crv: entry.jwk.crv, x: entry.jwk.x }, 'EdDSA');
    return entry.key;
  }

  /**
   * Trusts every key of `jwks` reachable from the trusted ones through
   * endorsements; returns the kids newly trusted. Untrusted entries are ignored.
   */
  async learn(jwks: DeviceJwks): Promise<string[]> {
    const candidates = Array.isArray(jwks?.keys) ? jwks.keys : [];
    const added: string[] = [];
    let grew = true;
    while (grew) {
      grew = false;
      for (const candidate of candidates) {
        if (!candidate || typeof candidate.kid !== 'string' || this.keys.has(candidate.kid)) continue;
        if (await this.endorsed(candidate)) {
          this.keys.set(candidate.kid, { jwk: publicPart(candidate), pinned: false });
          added.push(candidate.kid);
          grew = true;
        }
      }
    }
    this.prune();
    return added;
  }

  /** The learned keys, with their endorsements, for persistence (pinned keys come from enrollment). */
  learnedKeys(): DeviceJwk[] {
    return [...this.keys.values()].filter((k) => !k.pinned).map((k) => ({ ...k.jwk }));
  }

  /** True if `jwk` carries an endorsement by a trusted key that names exactly this key. Never throws. */
  async endorsed(jwk: DeviceJwk): Promise<boolean> {
    if (typeof jwk.endorsement !== 'string' || !(await isWellFormed(jwk))) return false;
    try {
      const header = decodeProtectedHeader(jwk.endorsement);
      if (header.alg !== 'EdDSA' || header.typ !== ENDORSEMENT_TYP || typeof header.kid !== 'string') return false;
      if (header.kid === jwk.kid) return false; // a key cannot vouch for itself
      const signer = this.keyFor(header.kid);
      if (!signer) return false;
      const { payload } = await compactVerify(jwk.endorsement, await signer, { algorithms: ['EdDSA'] });
      const named = JSON.parse(new TextDecoder().decode(payload)) as Partial<DeviceJwk>;
      return named.kty === 'OKP' && named.crv === 'Ed25519' && named.x === jwk.x && named.kid === jwk.kid;
    } catch {
      return false;
    }
  }

  private prune(): void {
    const learned = [...this.keys.entries()].filter(([, k]) => !k.pinned);
    for (const [kid] of learned.slice(0, Math.max(0, learned.length - MAX_LEARNED_KEYS))) this.keys.delete(kid);
  }
}

async function isWellFormed(jwk: DeviceJwk | undefined): Promise<boolean> {
  if (!jwk || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || typeof jwk.kid !== 'string') return false;
  try {
    return jwk.kid === (await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }));
  } catch {
    return false;
  }
}

function publicPart(jwk: DeviceJwk): DeviceJwk {
  const { kty, crv, x, kid, endorsement } = jwk;
  return { kty, crv, x, kid, alg: 'EdDSA', use: 'sig', ...(endorsement ? { endorsement } : {}) };
}
