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
 * The answer half of a cached device (CachedDevice extends it): what of a
 * device's answer is its own (its snapshot's time and signature, when its
 * configTag last changed, the rules generation it was checked under) next to a
 * reference to what it shares with every device like it (AnswerGroup). It is
 * kept in the device's own object, not in a second map of answer objects: a
 * fleet holds a million, and a map entry and an object header a device are
 * about 60 bytes. The body, about a kilobyte, is not kept: it is rebuilt, byte
 * for byte, when it is sent (a 200 or a push; a 304 never needs it). The
 * signature is kept as its 64 bytes, one character each, not as 86 characters
 * of base64url. FlagsService reads it as a FlagsAnswer only once it has signed
 * one (group set).
 */
export abstract class DeviceAnswer implements FlagsAnswer {
  abstract readonly id: string;
  /** What the answer shares; undefined until the device's first answer. */
  group: AnswerGroup | undefined = undefined;
  /** The rules generation the answer was last checked under; -1: check it (no answer yet, or taken over from older facts). */
  rulesGeneration = -1;
  /** The snapshot's iat, in seconds. */
  iat = 0;
  changedAt = 0;
  private signatureBytes = '';

  /** Keeps a newly signed snapshot as this device's answer. */
  signed(group: AnswerGroup, rulesGeneration: number, iat: number, signature: string, changedAt: number): void {
    this.group = group;
    this.rulesGeneration = rulesGeneration;
    this.iat = iat;
    this.signatureBytes = Buffer.from(signature, 'base64url').toString('latin1');
    this.changedAt = changedAt;
  }

  /**
   * Takes over the answer of the same device's previous facts (reloaded after a change notice): kept if
   * the new facts give the same answer, and otherwise what the next one's iat and changedAt follow.
   */
  protected takeAnswer(previous: DeviceAnswer): void {
    this.group = previous.group;
    this.rulesGeneration = -1;
    this.iat = previous.iat;
    this.signatureBytes = previous.signatureBytes;
    this.changedAt = previous.changedAt;
  }

  private get answered(): AnswerGroup {
    if (!this.group) throw new Error(`device ${this.id} has no answer yet`);
    return this.group;
  }

  get rev(): bigint {
    return this.answered.rev;
  }
  get integrations(): AnsweredIntegrations {
    return this.answered.integrations;
  }
  get etag(): string {
    return this.answered.etag;
  }
  get configTag(): string {
    return this.answered.configTag;
  }
  get bucket(): number {
    return this.answered.bucket;
  }
  get kid(): string {
    return this.answered.kid;
  }
  get exp(): number {
    return this.iat + this.answered.lifetimeSec;
  }
  get signature(): string {
    return Buffer.from(this.signatureBytes, 'latin1').toString('base64url');
  }

  get body(): string {
    const { signer, rev, canonical } = this.answered;
    const jws = signer.compose(this.id, Number(rev), canonical, this);
    // A compact JWS is base64url and dots: JSON.stringify(jws) would only add the quotes.
    return `{"rev":${rev},"integrations":${canonical.json},"snapshot":"${jws}"}`;
  }
}
