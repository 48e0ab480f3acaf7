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
 * What every device answered from one shared evaluation shares: the signer,
 * the rev, the integrations and their JSON, the tags of that JSON under one
 * signing key and freshness bucket, and the snapshot lifetime.
 */
export class AnswerGroup {
  constructor(
    readonly signer: SnapshotSigner,
    readonly rev: bigint,
    readonly integrations: AnsweredIntegrations,
    /** JSON.stringify(integrations) and its encoding, shared. */
    readonly canonical: SharedIntegrations,
    readonly etag: string,
    readonly configTag: string,
    readonly bucket: number,
    readonly kid: string,
    /** A snapshot's exp - iat, in seconds. */
    readonly lifetimeSec: number,
  ) {}
}

/**
 * A device's answer as FlagsService keeps it for a fleet: what is the device's
 * own (its id, its snapshot's time and signature) next to a reference to what
 * it shares with every device like it (AnswerGroup). The body, about a
 * kilobyte, is not kept: it is rebuilt, byte for byte, when it is sent (a 200
 * or a push; a 304 never needs it). The signature is kept as its 64 bytes, one
 * character each, not as 86 characters of base64url.
 */
export class CachedAnswer implements FlagsAnswer {
  private readonly signatureBytes: string;

  constructor(
    readonly group: AnswerGroup,
    readonly deviceId: string,
    readonly changedAt: number,
    public rulesGeneration: number,
    public factsVersion: number,
    /** The snapshot's iat, in seconds. */
    readonly iat: number,
    /** base64url of the snapshot's Ed25519 signature. */
    signature: string,
  ) {
    this.signatureBytes = Buffer.from(signature, 'base64url').toString('latin1');
  }

  get rev(): bigint {
    return this.group.rev;
  }
  get integrations(): AnsweredIntegrations {
    return this.group.integrations;
  }
  get etag(): string {
    return this.group.etag;
  }
  get configTag(): string {
    return this.group.configTag;
  }
  get bucket(): number {
    return this.group.bucket;
  }
  get kid(): string {
    return this.group.kid;
  }
  get exp(): number {
    return this.iat + this.group.lifetimeSec;
  }
  get signature(): string {
    return Buffer.from(this.signatureBytes, 'latin1').toString('base64url');
  }

  get body(): string {
    const { signer, rev, canonical } = this.group;
    const jws = signer.compose(this.deviceId, Number(rev), canonical, this);
    // A compact JWS is base64url and dots: JSON.stringify(jws) would only add the quotes.
    return `{"rev":${rev},"integrations":${canonical.json},"snapshot":"${jws}"}`;
  }
}
