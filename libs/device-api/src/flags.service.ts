import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DeviceFlags, EvaluatedDevice, EvaluationTrace, evaluateDevice } from '@killswitch/evaluation';
import { ED25519_SIGNATURE_BYTES, SNAPSHOT_OPTIONS, SharedIntegrations, SigningKeysService, SnapshotOptions, SnapshotSigner } from '@killswitch/snapshots';
import { CachedDevice, DeviceFactsCache } from './device-facts-cache';
import { AnswerGroup, AnsweredIntegrations, FlagsAnswer } from './flags-answer';
import { RulesCache } from './rules-cache';

export type { AnsweredIntegrations, FlagsAnswer } from './flags-answer';

/**
 * One evaluation shared by every device with the same facts, under one rules
 * generation: the integrations, their JSON (and its encoding in a snapshot
 * payload), and the tags of that JSON under the current key and freshness bucket.
 */
interface SharedEvaluation {
  integrations: AnsweredIntegrations;
  canonical: SharedIntegrations;
  /** What the answers signed from it share under the current rev, key and freshness bucket. */
  group?: AnswerGroup;
}

/** Distinct fact sets whose evaluation is kept per rules generation; past it the table starts over. */
const MAX_SHARED = 100_000;

/**
 * Computes, signs and caches each device's answer, in the device's entry of
 * the facts cache (CachedDevice is its own answer). Signing happens once per
 * change of the answer (or freshness bucket), never per request; a 304 costs
 * a Map lookup and, after a revision move, one in-memory evaluation.
 */
@Injectable()
export class FlagsService {
  private shared = new Map<string, SharedEvaluation>();
  private sharedGeneration = -1;
  /** The signature being made (recompute), before the device's answer takes a copy of it. */
  private readonly signature = Buffer.alloc(ED25519_SIGNATURE_BYTES);

  constructor(
    private readonly rules: RulesCache,
    private readonly facts: DeviceFactsCache,
    private readonly keys: SigningKeysService,
    private readonly signer: SnapshotSigner,
    @Inject(SNAPSHOT_OPTIONS) private readonly options: SnapshotOptions,
  ) {}

  /** The freshness bucket: half a snapshot lifetime, so a 304 only keeps a snapshot that is still fresh. */
  bucketOf(now: number): number {
    return Math.floor(now / ((this.options.lifetimeSec * 1000) / 2));
  }

  /** The answer when the device's facts are in memory (no I/O); undefined means: ask answer(). */
  cachedAnswer(deviceId: string, now = Date.now()): FlagsAnswer | undefined {
    const device = this.facts.peek(deviceId);
    return device && this.answerFor(device, now);
  }

  /** cachedAnswer() for facts the caller already holds (the poll, which also records the sighting on them). */
  answerFromFacts(device: CachedDevice, now = Date.now()): FlagsAnswer {
    return this.answerFor(device, now);
  }

  /** undefined when the device no longer exists. */
  async answer(deviceId: string, now = Date.now()): Promise<FlagsAnswer | undefined> {
    const facts = this.facts.get(deviceId);
    const device = facts instanceof Promise ? await facts : facts;
    return device && this.answerFor(device, now);
  }

  /** The cached answer while rules, facts, freshness bucket and key are unchanged; else a recomputed one. */
  private answerFor(device: CachedDevice, now: number): FlagsAnswer {
    const bucket = this.bucketOf(now);
    const kid = this.keys.activeKey().kid;
    const group = device.group;
    const current = group !== undefined && device.rulesGeneration === this.rules.generation && group.bucket === bucket && group.kid === kid;
    if (!current) this.recompute(device, bucket, kid, now);
    return device;
  }

  /** What a device with these facts is told now, without signing or caching (the admin's device page). */
  evaluate(device: EvaluatedDevice): AnsweredIntegrations {
    return this.withFailModes(evaluateDevice(this.rules.compiled, device));
  }

  /** Evaluates for an integration key the device may not have linked (OFREP single-flag lookups). */
  evaluateExtra(device: CachedDevice, keys: string[]): AnsweredIntegrations {
    return this.withFailModes(evaluateDevice(this.rules.compiled, device, keys));
  }

  async device(deviceId: string): Promise<CachedDevice | undefined> {
    return this.facts.get(deviceId);
  }

  knownIntegration(key: string): boolean {
    return this.rules.failModes.has(key);
  }

  registeredKeys(): string[] {
    return [...this.rules.failModes.keys()];
  }

  /** Brings the device's answer up to date: the one it holds (signed under these or its previous facts) if the same, else a new one. */
  private recompute(device: CachedDevice, bucket: number, kid: string, now: number): void {
    const rulesGeneration = this.rules.generation;
    const rev = this.rules.rev;
    const shared = this.sharedEvaluation(device);
    const { integrations, canonical } = shared;
    let group = shared.group;
    if (group?.kid !== kid || group.bucket !== bucket || group.rev !== rev) {
      const etag = `"${createHash('sha256').update(canonical.json).update('\0').update(kid).update('\0').update(String(bucket)).digest('base64url').slice(0, 27)}"`;
      group = new AnswerGroup(this.signer, rev, integrations, canonical, etag, tagOf(canonical.json, kid), bucket, kid, this.options.lifetimeSec);
      shared.group = group;
    }
    const second = Math.floor(now / 1000);
    const previous = device.group;
    if (previous?.etag === group.etag) {
      // Same effective answer, key and freshness: keep the snapshot already signed (and the group, whose rev it carries).
      device.rulesGeneration = rulesGeneration;
    } else {
      // A device takes an answer of equal rev only with a later iat (DESIGN.md: Revision), so a
      // re-sign within the second of the previous one (an inventory report, then a poll) is dated
      // one second on; otherwise the device would keep its older snapshot as a possible replay.
      const iat = previous && previous.rev === rev && device.iat >= second ? device.iat + 1 : second;
      // Signed under the group's key and lifetime (or not at all), into a buffer reused for every signature: the
      // device's slot of the signature slab takes a copy of its bytes, no string or object is made of them.
      this.signer.signInto(this.signature, device.id, Number(rev), canonical, iat, group);
      const changedAt = previous?.configTag === group.configTag ? device.changedAt : second;
      device.signed(group, rulesGeneration, iat, this.signature, changedAt);
    }
  }

  /**
   * The evaluation for the device's facts under the current rules: computed by the first device with
   * those facts, then shared. A staged lift's release bucket is a hash of the device id, so an evaluation
   * it decided is the device's own and is not shared.
   */
  private sharedEvaluation(device: CachedDevice): SharedEvaluation {
    if (this.sharedGeneration !== this.rules.generation) {
      this.shared = new Map();
      this.sharedGeneration = this.rules.generation;
    }
    const known = this.shared.get(device.factsKey);
    if (known) return known;
    const trace: EvaluationTrace = { byDeviceId: false };
    const integrations = this.withFailModes(evaluateDevice(this.rules.compiled, device, [], trace));
    const evaluation: SharedEvaluation = { integrations, canonical: new SharedIntegrations(JSON.stringify(integrations)) };
    if (!trace.byDeviceId) {
      if (this.shared.size >= MAX_SHARED) this.shared.clear();
      this.shared.set(device.factsKey, evaluation);
    }
    return evaluation;
  }

  private withFailModes(flags: DeviceFlags): AnsweredIntegrations {
    const out: AnsweredIntegrations = {};
    for (const [key, flag] of Object.entries(flags)) out[key] = { ...flag, failMode: this.rules.failModes.get(key) ?? 'closed' };
    return out;
  }
}

function tagOf(canonical: string, kid: string): string {
  return `"${createHash('sha256').update(canonical).update('\0').update(kid).digest('base64url').slice(0, 27)}"`;
}
