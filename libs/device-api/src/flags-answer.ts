import { DeviceFlags } from '@killswitch/evaluation';
import { ED25519_SIGNATURE_BYTES, SharedIntegrations, SnapshotSigner } from '@killswitch/snapshots';

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

/** Slots a chunk of the slab: 64 KiB, allocated outside V8's heap. */
const CHUNK_SLOTS = 1024;

/**
 * Cached devices' signatures, 64 bytes a slot in fixed chunks of a flat
 * buffer: as a string each would be 80 bytes of V8's heap (and decoding it
 * would leave a Buffer of garbage a first poll). A slot belongs to one device
 * while its entry is in the facts cache; freed slots are reused, and chunks
 * are added as needed, never copied.
 */
export class SignatureSlab {
  private readonly chunks: Buffer[] = [];
  private readonly free: number[] = [];
  private top = 0;

  /** Slots in use. */
  get size(): number {
    return this.top - this.free.length;
  }

  allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.top++;
    if (slot % CHUNK_SLOTS === 0) this.chunks.push(Buffer.alloc(CHUNK_SLOTS * ED25519_SIGNATURE_BYTES));
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  /** Keeps a signature's 64 bytes in the slot (copied: `signature` may be a buffer the signer reuses). */
  write(slot: number, signature: Uint8Array): void {
    // A signature of another length would be cut or padded with another device's bytes.
    if (signature.length !== ED25519_SIGNATURE_BYTES) throw new Error(`a signature must be ${ED25519_SIGNATURE_BYTES} bytes`);
    this.chunkOf(slot).set(signature, offsetOf(slot));
  }

  /** The slot's signature, base64url. */
  read(slot: number): string {
    return this.text(slot, 'base64url');
  }

  /** The slot's signature as one latin1 character a byte: what a device keeps of it once it no longer holds the slot. */
  readBytes(slot: number): string {
    return this.text(slot, 'latin1');
  }

  private text(slot: number, encoding: 'base64url' | 'latin1'): string {
    const offset = offsetOf(slot);
    return this.chunkOf(slot).toString(encoding, offset, offset + ED25519_SIGNATURE_BYTES);
  }

  private chunkOf(slot: number): Buffer {
    return this.chunks[Math.floor(slot / CHUNK_SLOTS)];
  }
}

/** Where a slot's bytes start in its chunk. */
function offsetOf(slot: number): number {
  return (slot % CHUNK_SLOTS) * ED25519_SIGNATURE_BYTES;
}

/** The slab of every cached device's signature in this process (DeviceAnswer.signatureAt). */
export const signatures = new SignatureSlab();

/**
 * The answer half of a cached device (CachedDevice extends it): what of a
 * device's answer is its own (its snapshot's time and signature, when its
 * configTag last changed, the rules generation it was checked under) next to a
 * reference to what it shares with every device like it (AnswerGroup). It is
 * kept in the device's own object, not in a second map of answer objects: a
 * fleet holds a million, and a map entry and an object header a device are
 * about 60 bytes. The body, about a kilobyte, is not kept: it is rebuilt, byte
 * for byte, when it is sent (a 200 or a push; a 304 never needs it). The
 * signature is kept in a slot of the signature slab while the device is in the
 * facts cache; a device that leaves it (evicted, dropped, or replaced by a
 * reload of its facts) may still be answered from by a request that holds it,
 * so it is released(): it keeps its signature as its own string of 64 latin1
 * characters and frees the slot. FlagsService reads it as a FlagsAnswer only
 * once it has signed one (group set).
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
  /**
   * Where the signature is: its slot in the signature slab (-1: none yet) while the device is in the facts cache,
   * after release() its bytes as a string of 64 latin1 characters ('' if it had none).
   */
  private signatureAt: number | string = -1;

  /** Keeps a newly signed snapshot as this device's answer: its signature's 64 bytes are copied (the signer reuses its buffer). */
  signed(group: AnswerGroup, rulesGeneration: number, iat: number, signature: Uint8Array, changedAt: number): void {
    if (signature.length !== ED25519_SIGNATURE_BYTES) throw new Error(`a signature must be ${ED25519_SIGNATURE_BYTES} bytes`);
    this.group = group;
    this.rulesGeneration = rulesGeneration;
    this.iat = iat;
    const at = this.signatureAt;
    if (typeof at === 'string') this.signatureAt = Buffer.from(signature).toString('latin1');
    else signatures.write(at >= 0 ? at : (this.signatureAt = signatures.allocate()), signature);
    this.changedAt = changedAt;
  }

  /**
   * Takes over the answer of the same device's previous facts (reloaded after a change notice): kept if
   * the new facts give the same answer, and otherwise what the next one's iat and changedAt follow. The
   * signature's slot passes to this device; the previous one keeps a copy (release()).
   */
  protected takeAnswer(previous: DeviceAnswer): void {
    this.group = previous.group;
    this.rulesGeneration = -1;
    this.iat = previous.iat;
    const at = previous.signatureAt;
    if (typeof at === 'number' && at >= 0) {
      previous.signatureAt = signatures.readBytes(at);
      this.signatureAt = at;
    } else if (typeof at === 'string' && at !== '') {
      this.signatureAt = signatures.allocate();
      signatures.write(this.signatureAt, Buffer.from(at, 'latin1'));
    }
    this.changedAt = previous.changedAt;
  }

  /**
   * Frees the signature's slot once the device has left the facts cache, keeping the signature as its own string:
   * a request still holding the device answers with its own signature, never with the next owner's. Idempotent.
   */
  release(): void {
    const at = this.signatureAt;
    if (typeof at === 'string') return;
    this.signatureAt = at >= 0 ? signatures.readBytes(at) : '';
    if (at >= 0) signatures.release(at);
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
    const at = this.signatureAt;
    if (typeof at === 'number') return at < 0 ? '' : signatures.read(at);
    return Buffer.from(at, 'latin1').toString('base64url');
  }

  get body(): string {
    const { signer, rev, canonical } = this.answered;
    const jws = signer.compose(this.id, Number(rev), canonical, this);
    // A compact JWS is base64url and dots: JSON.stringify(jws) would only add the quotes.
    return `{"rev":${rev},"integrations":${canonical.json},"snapshot":"${jws}"}`;
  }
}
