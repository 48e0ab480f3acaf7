/**
 * Signs a device's flags answer as a compact JWS any JOSE library verifies
 * against the JWKS: header `{ alg: EdDSA, kid, typ: killswitch-snapshot+jwt }`,
 * payload `{ iss, sub: deviceId, rev, iat, exp, integrations }`.
 * Sign once per change of a device's answer and reuse the result until half
 * its lifetime has passed (the ETag's freshness bucket), not once a request.
 */
import { Inject, Injectable } from '@nestjs/common';
import { encodeJwsHeader, signCompactJws } from './compact-jws';
import { ActiveSigningKey } from './jwk';
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

/** The compact JWS of these claims, signed with node:crypto directly. */
export function signSnapshot(key: ActiveSigningKey, claims: SnapshotClaims): string {
  if (headerKid !== key.kid) {
    encodedHeader = encodeJwsHeader({ alg: 'EdDSA', kid: key.kid, typ: SNAPSHOT_TYP });
    headerKid = key.kid;
  }
  const payload = { iss: claims.iss, sub: claims.sub, rev: claims.rev, iat: claims.iat, exp: claims.exp, integrations: claims.integrations };
  return signCompactJws(encodedHeader, payload, key.privateKey);
}

/** Signs snapshots with the process's current key, issuer and lifetime. */
@Injectable()
export class SnapshotSigner {
  constructor(
    private readonly keys: SigningKeysService,
    @Inject(SNAPSHOT_OPTIONS) private readonly options: SnapshotOptions,
  ) {}

  sign(deviceId: string, rev: number, integrations: Record<string, SnapshotIntegration>, now = Date.now()): SignedSnapshot {
    const key = this.keys.activeKey();
    const iat = Math.floor(now / 1000);
    const exp = iat + this.options.lifetimeSec;
    const jws = signSnapshot(key, { iss: this.options.issuer, sub: deviceId, rev, iat, exp, integrations });
    return { jws, kid: key.kid, iat, exp };
  }
}
