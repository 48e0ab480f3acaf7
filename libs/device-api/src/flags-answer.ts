import { DeviceFlags } from '@killswitch/evaluation';
import { SharedIntegrations, SnapshotSigner } from '@killswitch/snapshots';

export type AnsweredIntegrations = Record<string, DeviceFlags[string] & { failMode: string }>;

/** A device's answer: the body of GET /v1/device/flags, ready to send. */
export interface FlagsAnswer {
  etag: string;
  /** JSON of { rev, integrations, snapshot }. */
  readonly body: string;
  rev: bigint;
  integrations: AnsweredIntegrations;
  /** Names the device's effective integrations and signing key only (no freshness bucket): what an OFREP event stream announces. */
  configTag: string;
  /** When configTag last changed on this instance, unix seconds. */
  changedAt: number;
}

/**
 * A device's answer as FlagsService keeps it for a fleet: what is the device's
 * own (its id, its snapshot's times and signature) next to references to what
 * it shares with every device like it (the integrations, their JSON and tags).
 * The body, about a kilobyte, is not kept: it is rebuilt, byte for byte, when
 * it is sent (a 200 or a push; a 304 never needs it).
 */
export class CachedAnswer implements FlagsAnswer {
  constructor(
    private readonly signer: SnapshotSigner,
    readonly deviceId: string,
    readonly rev: bigint,
    readonly integrations: AnsweredIntegrations,
    /** JSON.stringify(integrations) and its encoding, shared. */
    readonly canonical: SharedIntegrations,
    readonly etag: string,
    readonly configTag: string,
    readonly changedAt: number,
    public rulesGeneration: number,
    public factsVersion: number,
    readonly bucket: number,
    readonly kid: string,
    /** The snapshot's iat and exp, in seconds. */
    readonly iat: number,
    readonly exp: number,
    /** base64url of the snapshot's Ed25519 signature. */
    readonly signature: string,
  ) {}

  get body(): string {
    const jws = this.signer.compose(this.deviceId, Number(this.rev), this.canonical, this);
    // A compact JWS is base64url and dots: JSON.stringify(jws) would only add the quotes.
    return `{"rev":${this.rev},"integrations":${this.canonical.json},"snapshot":"${jws}"}`;
  }
}
