import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { ChangeListener, ChangeNotice, PrismaService } from '@killswitch/db';
import { DevicePushMessage, devicePushChannel, redisConnectionName } from '@killswitch/queue';
import { FlagsAnswer, FlagsService } from './flags.service';
import { RulesCache } from './rules-cache';
import { countStreams } from './stream-metrics';

const HEARTBEAT_MS = 15_000;
/** A reader that lets this much pile up unread is cut off; it resumes with Last-Event-ID. */
export const MAX_BUFFERED_BYTES = 256 * 1024;

interface Stream {
  raw: ServerResponse;
  /** The credential that opened it: the stream ends when that credential is revoked. */
  credentialId: string;
  lastRev: bigint;
  /** The ETag of the last answer sent: it changes exactly when the device's effective flags (or the signing key) do. */
  lastEtag?: string;
  /** The configTag of the last answer sent (its integrations and key, without the ETag's freshness bucket). */
  lastTag?: string;
}

/** Streams answered between two yields to the event loop, so polls keep being served during a big push. */
const PUSH_SLICE = 64;
/** Credentials checked in one query after a resync. */
const CHECK_SLICE = 5_000;
/** Reads of a device's facts after a change notice, while they keep changing during the read. */
const FACTS_READS = 3;

/**
 * The device streams connected to this instance, and the Redis subscription
 * through which delivery jobs reach them. One stream a device: a second one
 * replaces the first.
 *
 * A connected device need not wait for the fan-out: when this instance's rules
 * change (PostgreSQL NOTIFY, milliseconds after the commit) every stream whose
 * answer changed is pushed at once. The delivery jobs that follow record the
 * deliveries and push whatever this early pass did not (a device whose flags
 * did not change but is in scope, a device that connected meanwhile); a
 * revision already sent is never sent twice.
 *
 * An inventory report does not move the revision, but it can change the
 * device's answer: its change notice (PostgreSQL NOTIFY, to every instance,
 * Redis or not) sends the device's stream, wherever it is held, the new answer
 * when its integrations differ from the last sent, with the same `rev` and a
 * later `iat` (DESIGN.md: Revision; FlagsService dates it after the previous
 * snapshot), which a device takes. A report that changes nothing sends nothing.
 *
 * A stream lives only as long as the credential that opened it: a rotation
 * or a decommission on any instance reaches every instance as a change
 * notice (PostgreSQL NOTIFY), which ends the device's streams opened with
 * any other credential. After the listener reconnects (notices may have been
 * missed) every stream's credential is checked again.
 */
@Injectable()
export class DeviceStreams implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeviceStreams.name);
  private readonly streams = new Map<string, Stream>();
  private subscriber?: Redis;
  private heartbeat?: NodeJS.Timeout;
  private closing = false;
  /** Set once the subscriber was ready: a later 'ready' is a reconnect. */
  private wasReady = false;
  private uncount?: () => void;

  constructor(
    private readonly config: EnvConfig,
    private readonly flags: FlagsService,
    private readonly rules: RulesCache,
    private readonly changes: ChangeListener,
    private readonly prisma: PrismaService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.uncount = countStreams(this);
    await this.changes.start();
    this.changes.subscribe((notice) => this.onChange(notice));
    this.changes.onResync(() => this.endRevokedStreams());
    const channel = devicePushChannel(this.config.KILLSWITCH_QUEUE_PREFIX);
    this.subscriber = new Redis(this.config.REDIS_URL, {
      connectionName: redisConnectionName(this.config, 'device-push'),
      maxRetriesPerRequest: null,
      retryStrategy: (n) => (this.closing ? null : Math.min(n * 200, 2000)),
    });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`device push subscriber: ${error.message}`));
    this.subscriber.on('message', (_channel: string, message: string) => void this.handlePush(message));
    this.subscriber.on('ready', () => {
      if (this.wasReady) void this.catchUp().catch((error: Error) => this.logger.warn(`catch-up after a Redis reconnect: ${error.message}`));
      this.wasReady = true;
    });
    void this.subscriber.subscribe(channel).catch((error: Error) => this.logger.warn(`subscribe failed: ${error.message}`));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.rules.onChange(() => void this.pushChanged().catch((error: Error) => this.logger.warn(`early push: ${error.message}`)));
  }

  private onChange(notice: ChangeNotice): void {
    if (notice.kind !== 'device') return;
    const stream = this.streams.get(notice.deviceId);
    if (!stream) return;
    if (notice.liveCredentialId !== undefined) {
      if (stream.credentialId !== notice.liveCredentialId) this.end(notice.deviceId, stream, 'credential revoked');
      return;
    }
    // Its facts changed (an inventory report): its answer may have. Once every handler of the notice has run (the facts cache drops them).
    const deviceId = notice.deviceId;
    setImmediate(() => void this.pushNewFacts(deviceId).catch((error: Error) => this.pushFailed(deviceId, error)));
  }

  /**
   * After the device's facts changed: its answer, if its integrations differ from what its stream was last sent (at
   * the same rev: the device takes it for its later iat), or if its rev is newer. Never an older rev.
   */
  private async pushNewFacts(deviceId: string): Promise<void> {
    for (let read = 1; ; read++) {
      const stream = this.streams.get(deviceId);
      if (!stream) return;
      const loaded = await this.flags.answer(deviceId);
      // Decommissioned meanwhile: its credential's notice ends the stream.
      if (!loaded || this.streams.get(deviceId) !== stream) return;
      // A read the facts changed again during (a second report; this push may have joined its read) may predate that
      // change and is kept as out of date: read again, rather than compare an old answer and send nothing.
      const answer = this.flags.cachedAnswer(deviceId);
      if (answer === undefined && read < FACTS_READS) continue;
      const current = answer ?? loaded;
      if (current.rev > stream.lastRev) this.sendAnswer(deviceId, stream, current);
      else if (current.rev === stream.lastRev && current.configTag !== stream.lastTag) this.write(deviceId, stream, this.eventOf(stream, current));
      return;
    }
  }

  /** After missed notices: ends every stream whose credential has been revoked meanwhile (a decommission revokes too). */
  private async endRevokedStreams(): Promise<void> {
    const open = [...this.streams];
    for (let i = 0; i < open.length; i += CHECK_SLICE) {
      const slice = open.slice(i, i + CHECK_SLICE);
      const live = await this.prisma.deviceCredential.findMany({
        where: { id: { in: slice.map(([, stream]) => stream.credentialId) }, revokedAt: null },
        select: { id: true },
      });
      const liveIds = new Set(live.map((row) => row.id));
      for (const [deviceId, stream] of slice) {
        if (!liveIds.has(stream.credentialId) && this.streams.get(deviceId) === stream) this.end(deviceId, stream, 'credential revoked');
      }
    }
  }

  private end(deviceId: string, stream: Stream, why: string): void {
    this.streams.delete(deviceId);
    stream.raw.end(`: ${why}\n\n`);
  }

  /** After a rules change: push to every connected device whose effective flags changed. */
  private async pushChanged(): Promise<void> {
    const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
    // The request that made the change (a kill on this instance) answers first.
    await yieldToLoop();
    const rev = this.rules.rev;
    let n = 0;
    for (const [deviceId, stream] of [...this.streams]) {
      if (this.rules.rev !== rev) return; // a newer change started its own pass
      if (this.streams.get(deviceId) !== stream || stream.lastRev >= rev) continue;
      // In memory (the usual case): no promise a device. One device's failure (its facts could not be
      // loaded) must not stop the pass for the others.
      const now = this.answerNow(deviceId);
      const answer = now ?? (now === undefined ? await this.flags.answer(deviceId).catch((error: Error) => this.pushFailed(deviceId, error)) : undefined);
      if (answer && answer.etag !== stream.lastEtag) this.sendAnswer(deviceId, stream, answer);
      if (++n % PUSH_SLICE === 0) await yieldToLoop();
    }
  }

  /** The device's answer when its facts are in memory; undefined when they are not (ask FlagsService.answer); null when it failed (logged). */
  private answerNow(deviceId: string): FlagsAnswer | undefined | null {
    try {
      return this.flags.cachedAnswer(deviceId);
    } catch (error) {
      this.pushFailed(deviceId, error as Error);
      return null;
    }
  }

  private pushFailed(deviceId: string, error: Error): undefined {
    this.logger.warn(`push to ${deviceId}: ${error.message}`);
    return undefined;
  }

  /**
   * After a Redis reconnect: pushes published while this instance was not subscribed are lost for
   * good (Redis pub/sub keeps nothing). Every stream behind this instance's rules revision (held in
   * memory, kept current through PostgreSQL) is sent its current answer; one already current is not.
   */
  private async catchUp(): Promise<void> {
    // ioredis emits 'ready' before it resubscribes; a PING answered after the SUBSCRIBE means that
    // from here on no push is missed, so the revision read below covers every push lost before.
    await this.subscriber?.ping();
    const rev = this.rules.rev;
    let n = 0;
    for (const [deviceId, stream] of [...this.streams]) {
      if (this.streams.get(deviceId) !== stream || stream.lastRev >= rev) continue;
      await this.send(deviceId, stream).catch((error: Error) => this.logger.warn(`catch-up push to ${deviceId}: ${error.message}`));
      if (++n % PUSH_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.uncount?.();
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const stream of this.streams.values()) stream.raw.end();
    this.streams.clear();
    this.subscriber?.disconnect();
  }

  get size(): number {
    return this.streams.size;
  }

  /**
   * Registers a device's stream (ending the one it replaces) and sends the current answer if newer than lastEventId.
   * Call it in the same turn of the event loop as the credential check, so no revocation notice falls in between.
   */
  async attach(deviceId: string, credentialId: string, raw: ServerResponse, lastEventId: bigint): Promise<void> {
    const previous = this.streams.get(deviceId);
    if (previous) this.end(deviceId, previous, 'replaced by a newer stream');
    // A Last-Event-ID ahead of this instance's revision names no answer it gave (a device that kept its mark across a
    // restore of the database, a made-up one, or a revision this instance has not heard of yet): taken as no
    // Last-Event-ID, so the current answer is sent at once rather than nothing until the revision passes it.
    const held = lastEventId > this.rules.rev ? -1n : lastEventId;
    const stream: Stream = { raw, credentialId, lastRev: held };
    this.streams.set(deviceId, stream);
    raw.on('close', () => {
      if (this.streams.get(deviceId) === stream) this.streams.delete(deviceId);
    });
    await this.send(deviceId, stream);
  }

  /**
   * A delivery job's push, as the subscriber hands it over. One that fails (the database too busy to
   * reload the rules) is logged and never rejects: an unhandled rejection would end the process and
   * every stream on it. The devices get the change from the next push or their next poll.
   */
  handlePush(message: string): Promise<void> {
    return this.onPush(message).catch((error: Error) => this.logger.warn(`device push failed: ${error.message}`));
  }

  private async onPush(message: string): Promise<void> {
    let push: DevicePushMessage;
    try {
      push = JSON.parse(message) as DevicePushMessage;
    } catch {
      return;
    }
    // The push can arrive before this instance's own change notice: catch up first.
    await this.rules.catchUp(BigInt(push.rev));
    const rev = this.rules.rev;
    for (const deviceId of push.deviceIds) {
      const stream = this.streams.get(deviceId);
      // A stream already at the current revision (the early push reached it) would be sent nothing: skip the answer.
      if (!stream || stream.lastRev >= rev) continue;
      const answer = this.answerNow(deviceId);
      if (answer) this.sendCurrent(deviceId, stream, answer);
      else if (answer === undefined) await this.send(deviceId, stream).catch((error: Error) => this.pushFailed(deviceId, error));
    }
  }

  private async send(deviceId: string, stream: Stream): Promise<void> {
    const answer = await this.flags.answer(deviceId);
    if (answer) this.sendCurrent(deviceId, stream, answer);
  }

  private sendCurrent(deviceId: string, stream: Stream, answer: FlagsAnswer): void {
    // A device that resumed already holding this answer: remember what it holds, so the early push can compare.
    stream.lastEtag ??= answer.etag;
    stream.lastTag ??= answer.configTag;
    this.sendAnswer(deviceId, stream, answer);
  }

  private sendAnswer(deviceId: string, stream: Stream, answer: FlagsAnswer): void {
    if (answer.rev <= stream.lastRev) return;
    this.write(deviceId, stream, this.eventOf(stream, answer));
  }

  /** The event of this answer, noted as the stream's last sent. */
  private eventOf(stream: Stream, answer: FlagsAnswer): string {
    stream.lastRev = answer.rev;
    stream.lastEtag = answer.etag;
    stream.lastTag = answer.configTag;
    return `event: flags\nid: ${answer.rev}\ndata: ${answer.body}\n\n`;
  }

  private beat(): void {
    for (const [deviceId, stream] of this.streams) this.write(deviceId, stream, ': heartbeat\n\n');
  }

  private write(deviceId: string, stream: Stream, chunk: string): void {
    if (stream.raw.writableLength > MAX_BUFFERED_BYTES) {
      // A slow reader must not grow memory without bound.
      stream.raw.destroy();
      this.streams.delete(deviceId);
      return;
    }
    stream.raw.write(chunk);
  }
}
