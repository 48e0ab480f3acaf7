import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ChangeListener, ChangeNotice, PrismaService } from '@killswitch/db';
import { FlagsService } from './flags.service';
import { MAX_BUFFERED_BYTES } from './device-streams';
import { RulesCache } from './rules-cache';

const HEARTBEAT_MS = 15_000;
/** Providers of one device (a few browser tabs, say); past this the oldest stream ends. */
export const OFREP_STREAMS_PER_DEVICE = 5;
const PUSH_SLICE = 64;

interface OfrepStream {
  raw: ServerResponse;
  /** The credential whose token opened it: the stream ends when that credential is revoked. */
  credentialId: string;
  /** The configTag last announced (or known to the provider on connect). */
  lastTag?: string;
}

/** What a provider says it holds when it connects: the newest of Last-Event-ID or the URL's flagConfigEtag, and flagConfigLastModified. */
export interface HeldConfig {
  etag?: string;
  lastModified?: number;
}

/**
 * OpenFeature event streams (OFREP ADR-0008): notification only. Each event is
 * `{"type":"refetchEvaluation","etag","lastModified"}` and tells the provider
 * to re-fetch its bulk evaluation. Sent when a device's effective integrations
 * (or the signing key) change, found the same way as the device streams' early
 * push: after every rules reload, key rotation or change of the device's facts.
 * Like the device streams, a stream lives only as long as its credential.
 */
@Injectable()
export class OfrepStreams implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OfrepStreams.name);
  private readonly streams = new Map<string, Set<OfrepStream>>();
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly flags: FlagsService,
    private readonly rules: RulesCache,
    private readonly changes: ChangeListener,
    private readonly prisma: PrismaService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.changes.start();
    this.changes.subscribe((notice) => this.onNotice(notice));
    this.changes.onResync(() => this.endUnlisted());
    const pass = () => void this.announceChanged().catch((error: Error) => this.logger.warn(`OFREP refetch pass: ${error.message}`));
    this.rules.onChange(pass);
    this.rules.onKeysChange(pass);
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
    for (const set of this.streams.values()) for (const stream of set) stream.raw.end();
    this.streams.clear();
  }

  get size(): number {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /** Registers a stream, then tells the provider to re-fetch at once unless what it holds is current (catch-up). */
  async attach(deviceId: string, credentialId: string, raw: ServerResponse, held: HeldConfig): Promise<void> {
    const stream: OfrepStream = { raw, credentialId };
    let set = this.streams.get(deviceId);
    if (!set) this.streams.set(deviceId, (set = new Set()));
    set.add(stream);
    if (set.size > OFREP_STREAMS_PER_DEVICE) this.end(deviceId, set.values().next().value as OfrepStream, 'replaced by a newer stream');
    raw.on('close', () => this.remove(deviceId, stream));
    const answer = await this.flags.answer(deviceId);
    if (!answer) return this.end(deviceId, stream, 'device decommissioned');
    const stale =
      (held.etag === undefined && held.lastModified === undefined) ||
      (held.etag !== undefined && held.etag !== answer.configTag) ||
      (held.lastModified !== undefined && held.lastModified < answer.changedAt);
    if (stale) this.announce(deviceId, stream, answer.configTag, answer.changedAt);
    else stream.lastTag = answer.configTag;
  }

  /** Ends every stream of the device opened with another credential than this one (or all of them, for null). */
  endRevoked(deviceId: string, liveCredentialId: string | null): void {
    for (const stream of [...(this.streams.get(deviceId) ?? [])]) {
      if (stream.credentialId !== liveCredentialId) this.end(deviceId, stream, 'credential revoked');
    }
  }

  /** After missed notices: ends every stream whose credential has been revoked meanwhile. */
  async endUnlisted(): Promise<void> {
    const open = [...this.streams].flatMap(([deviceId, set]) => [...set].map((stream) => ({ deviceId, stream })));
    if (open.length === 0) return;
    const live = await this.prisma.deviceCredential.findMany({
      where: { id: { in: [...new Set(open.map(({ stream }) => stream.credentialId))] }, revokedAt: null },
      select: { id: true },
    });
    const liveIds = new Set(live.map((row) => row.id));
    for (const { deviceId, stream } of open) if (!liveIds.has(stream.credentialId)) this.end(deviceId, stream, 'credential revoked');
  }

  private onNotice(notice: ChangeNotice): void {
    if (notice.kind !== 'device' || !this.streams.has(notice.deviceId)) return;
    if (notice.liveCredentialId !== undefined) return this.endRevoked(notice.deviceId, notice.liveCredentialId);
    // Its facts changed (an inventory report): its answer may have. After the facts cache has dropped them.
    setImmediate(() => void this.announceIfChanged(notice.deviceId).catch((error: Error) => this.logger.warn(`OFREP refetch: ${error.message}`)));
  }

  private async announceChanged(): Promise<void> {
    const generation = this.rules.generation;
    let n = 0;
    for (const deviceId of [...this.streams.keys()]) {
      if (this.rules.generation !== generation) return; // a newer change started its own pass
      await this.announceIfChanged(deviceId).catch((error: Error) => this.logger.warn(`OFREP refetch to ${deviceId}: ${error.message}`));
      if (++n % PUSH_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async announceIfChanged(deviceId: string): Promise<void> {
    if (!this.streams.has(deviceId)) return;
    const answer = await this.flags.answer(deviceId);
    for (const stream of [...(this.streams.get(deviceId) ?? [])]) {
      if (!answer) this.end(deviceId, stream, 'device decommissioned');
      else if (stream.lastTag !== answer.configTag) this.announce(deviceId, stream, answer.configTag, answer.changedAt);
    }
  }

  private announce(deviceId: string, stream: OfrepStream, tag: string, lastModified: number): void {
    stream.lastTag = tag;
    const data = JSON.stringify({ type: 'refetchEvaluation', etag: tag, lastModified });
    // The id is the tag without its quotes: a reconnecting EventSource sends it back as Last-Event-ID.
    this.write(deviceId, stream, `id: ${tag.slice(1, -1)}\nevent: message\ndata: ${data}\n\n`);
  }

  private beat(): void {
    for (const [deviceId, set] of this.streams) for (const stream of set) this.write(deviceId, stream, ': heartbeat\n\n');
  }

  private write(deviceId: string, stream: OfrepStream, chunk: string): void {
    if (stream.raw.writableLength > MAX_BUFFERED_BYTES) {
      stream.raw.destroy();
      this.remove(deviceId, stream);
      return;
    }
    stream.raw.write(chunk);
  }

  private end(deviceId: string, stream: OfrepStream, why: string): void {
    this.remove(deviceId, stream);
    stream.raw.end(`: ${why}\n\n`);
  }

  private remove(deviceId: string, stream: OfrepStream): void {
    const set = this.streams.get(deviceId);
    if (!set?.delete(stream)) return;
    if (set.size === 0) this.streams.delete(deviceId);
  }
}
