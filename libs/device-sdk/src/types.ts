/**
 * The wire format a device reads (DESIGN.md, "Contract" and "Signed snapshots"),
 * declared here rather than imported so the SDK carries no server code.
 */

export type FailMode = 'closed' | 'open';

/** One integration of a device's answer, as signed and as sent in the body. */
export interface SnapshotIntegration {
  enabled: boolean;
  reason?: string;
  killSwitchIds?: string[];
  incidentId?: string;
  /** Present on every entry the server sends; a missing one is treated as `closed`. */
  failMode?: FailMode;
}

/** The body of GET /v1/device/flags, and the `data` of each `flags` stream event. */
export interface FlagsBody {
  rev: number;
  integrations: Record<string, SnapshotIntegration>;
  /** Compact JWS of the claims below. */
  snapshot: string;
}

/** The payload of a snapshot JWS. */
export interface SnapshotClaims {
  iss: string;
  sub: string;
  rev: number;
  iat: number;
  exp: number;
  integrations: Record<string, SnapshotIntegration>;
}

/** An Ed25519 public JWK as the JWKS (and enrollment) publish it, with our optional members. */
export interface DeviceJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg?: string;
  use?: string;
  status?: string;
  /** A compact JWS of this key by a key that was current when it was made. */
  endorsement?: string;
}

export interface DeviceJwks {
  keys: DeviceJwk[];
}

export const SNAPSHOT_TYP = 'killswitch-snapshot+jwt';
export const ENDORSEMENT_TYP = 'killswitch-key-endorsement+jwt';
