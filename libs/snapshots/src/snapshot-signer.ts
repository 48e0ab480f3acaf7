/**
 * Signs a device's flags answer as a compact JWS any JOSE library verifies
 * against the JWKS: header `{ alg: EdDSA, kid, typ: killswitch-snapshot+jwt }`,
 * payload `{ iss, sub: deviceId, rev, iat, exp, integrations }`.
 * Sign once per change of a device's answer and reuse the result until half
 * its lifetime has passed (the ETag's freshness bucket), not once a request.
 */
import { Inject, Injectable } from '@nestjs/common';
import { encodeJwsHeader, signCompactJws } from './compact-jws';
import { ed25519Sign, ed25519SignInto } from './ed25519';
import { ActiveSigningKey } from './jwk';
import { SharedIntegrations } from './shared-integrations';
import { SigningKeysService } from './signing-keys.service';
import { SNAPSHOT_OPTIONS, SnapshotOptions } from './snapshot-options';

export const SNAPSHOT_TYP = 'killswitch-snapshot+jwt';

export interface SnapshotIntegration {
  enabled: boolean;
  /** The kill's public device message (or the neutral default), never its internal reason. */
  reason?: string;
  killSwitchIds?: string[];
  incidentId?: string;
}

export interface SnapshotClaims {
  iss: string;
  /** The device id. */
  sub: string;
  rev: number;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
  integrations: Record<string, SnapshotIntegration>;
}

export interface SignedSnapshot {
  jws: string;
  kid: string;
  iat: number;
  exp: number;
}

// The header only changes with the key: encode it once per kid.
let headerKid: string | undefined;
let encodedHeader = '';

/** The compact JWS of these claims. */
export function signSnapshot(key: ActiveSigningKey, claims: SnapshotClaims): string {
  if (headerKid !== key.kid) {
    encodedHeader = encodeJwsHeader({ alg: 'EdDSA', kid: key.kid, typ: SNAPSHOT_TYP });
    headerKid = key.kid;
  }
  const payload = { iss: claims.iss, sub: claims.sub, rev: claims.rev, iat: claims.iat, exp: claims.exp, integrations: claims.integrations };
  return signCompactJws(encodedHeader, payload, key.privateKey);
}

/**
 * A snapshot kept as only what is its device's own: the signature. The header
 * (per key), the payload (issuer, device, revision, times and the integrations'
 * JSON, which devices with the same facts share) are rebuilt byte for byte
 * when the snapshot is sent (SnapshotSigner.compose).
 */
export interface DetachedSnapshot {
  kid: string;
  iat: number;
  exp: number;
  /** base64url of the Ed25519 signature. */
  signature: string;
}

/**
 * The payload's JSON up to its integrations: with the integrations' JSON and a closing brace it is exactly
 * JSON.stringify({ iss, sub, rev, iat, exp, integrations }).
 */
function payloadPrefix(issJson: string, sub: string, rev: number, iat: number, exp: number): string {
  return `{"iss":${issJson},"sub":${JSON.stringify(sub)},"rev":${rev},"iat":${iat},"exp":${exp},"integrations":`;
}

/** What a signature is made for: the key and lifetime a caller expects the snapshot to carry (an answer group's). */
export interface SnapshotTerms {
  readonly kid: string;
  readonly lifetimeSec: number;
}

/** Signs snapshots with the process's current key, issuer and lifetime. */
@Injectable()
export class SnapshotSigner {
  private readonly headers = new Map<string, string>();
  private readonly issJson: string;
  /** The signing input of the snapshot being signed, written in place (signing is synchronous): grown as needed, never kept. */
  private input = Buffer.alloc(4096);

  constructor(
    private readonly keys: SigningKeysService,
    @Inject(SNAPSHOT_OPTIONS) private readonly options: SnapshotOptions,
  ) {
    this.issJson = JSON.stringify(options.issuer);
  }

  /**
   * Signs the snapshot of these integrations (their JSON, shared by every device with the same answer: pass the same
   * SharedIntegrations for all of them, its encoding is reused) for this device, and keeps only the signature.
   */
  signDetached(deviceId: string, rev: number, integrations: SharedIntegrations, now = Date.now()): DetachedSnapshot {
    const key = this.keys.activeKey();
    const iat = Math.floor(now / 1000);
    const exp = iat + this.options.lifetimeSec;
    const signature = ed25519Sign(this.signingInput(key.kid, deviceId, rev, integrations, iat, exp), key.privateKey);
    return { kid: key.kid, iat, exp, signature: signature.toString('base64url') };
  }

  /**
   * signDetached() of the snapshot issued at `iat` (seconds), its 64 signature bytes written into `signature` (a
   * buffer the caller reuses): no signature string or Buffer and no copy of the signing input a snapshot, on the path of a fleet's first polls. Throws,
   * signing nothing, unless the active key and the lifetime are the ones `terms` says (what compose() will be given).
   */
  signInto(signature: Buffer, deviceId: string, rev: number, integrations: SharedIntegrations, iat: number, terms: SnapshotTerms): void {
    const key = this.keys.activeKey();
    const lifetimeSec = this.options.lifetimeSec;
    if (key.kid !== terms.kid || lifetimeSec !== terms.lifetimeSec) {
      throw new Error(`snapshot signed with key ${key.kid} for ${lifetimeSec} s, not as its answer group says`);
    }
    ed25519SignInto(signature, this.signingInput(key.kid, deviceId, rev, integrations, iat, iat + lifetimeSec), key.privateKey);
  }

  /**
   * The signing input, `header.payload`, in `input` (a view of it, valid until the next signature): base64url and a
   * dot, one byte a character, written from its parts rather than built as a string and copied into a Buffer.
   */
  private signingInput(kid: string, deviceId: string, rev: number, integrations: SharedIntegrations, iat: number, exp: number): Buffer {
    const header = this.header(kid);
    const prefix = payloadPrefix(this.issJson, deviceId, rev, iat, exp);
    for (;;) {
      const input = this.input;
      if (header.length + 1 < input.length) {
        input.write(header, 0, 'latin1');
        input[header.length] = 0x2e; // '.'
        const written = integrations.writePayload(prefix, input, header.length + 1);
        if (written >= 0) return input.subarray(0, header.length + 1 + written);
      }
      this.input = Buffer.alloc(input.length * 2);
    }
  }

  /** The compact JWS of a detached snapshot: the same bytes sign() would have given. */
  compose(deviceId: string, rev: number, integrations: SharedIntegrations, snapshot: DetachedSnapshot): string {
    const payload = integrations.encodePayload(payloadPrefix(this.issJson, deviceId, rev, snapshot.iat, snapshot.exp));
    return `${this.header(snapshot.kid)}.${payload}.${snapshot.signature}`;
  }

  private header(kid: string): string {
    let header = this.headers.get(kid);
    if (header === undefined) {
      header = encodeJwsHeader({ alg: 'EdDSA', kid, typ: SNAPSHOT_TYP });
      this.headers.set(kid, header);
    }
    return header;
  }

  sign(deviceId: string, rev: number, integrations: Record<string, SnapshotIntegration>, now = Date.now()): SignedSnapshot {
    const key = this.keys.activeKey();
    const iat = Math.floor(now / 1000);
    const exp = iat + this.options.lifetimeSec;
    const jws = signSnapshot(key, { iss: this.options.issuer, sub: deviceId, rev, iat, exp, integrations });
    return { jws, kid: key.kid, iat, exp };
  }
}
