import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { DevicePushMessage, devicePushChannel } from '@killswitch/queue';
import { FlagsService } from './flags.service';
import { RulesCache } from './rules-cache';

const HEARTBEAT_MS = 15_000;
/** A reader that lets this much pile up unread is cut off; it resumes with Last-Event-ID. */
export const MAX_BUFFERED_BYTES = 256 * 1024;

interface Stream {
  raw: ServerResponse;
  lastRev: bigint;
}

/**
 * The device streams connected to this instance, and the Redis subscription
 * through which delivery jobs reach them. One stream a device: a second one
 * replaces the first.
 */
@Injectable()
export class DeviceStreams implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeviceStreams.name);
  private readonly streams = new Map<string, Stream>();
  private subscriber?: Redis;
  private heartbeat?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly config: EnvConfig,
    private readonly flags: FlagsService,
    private readonly rules: RulesCache,
  ) {}

  onModuleInit(): void {
    const channel = devicePushChannel(this.config.KILLSWITCH_QUEUE_PREFIX);
    this.subscriber = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null, retryStrategy: (n) => (this.closing ? null : Math.min(n * 200, 2000)) });
    this.subscriber.on('error', (error: Error) => this.logger.warn(`device push subscriber: ${error.message}`));
    this.subscriber.on('message', (_channel: string, message: string) => void this.onPush(message));
    void this.subscriber.subscribe(channel).catch((error: Error) => this.logger.warn(`subscribe failed: ${error.message}`));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const stream of this.streams.values()) stream.raw.end();
    this.streams.clear();
    this.subscriber?.disconnect();
  }

  get size(): number {
    return this.streams.size;
  }

  /** Registers a device's stream (ending the one it replaces) and sends the current answer if newer than lastEventId. */
  async attach(deviceId: string, raw: ServerResponse, lastEventId: bigint): Promise<void> {
    const previous = this.streams.get(deviceId);
    if (previous) {
      previous.raw.end(': replaced by a newer stream\n\n');
      this.streams.delete(deviceId);
    }
    const stream: Stream = { raw, lastRev: lastEventId };
    this.streams.set(deviceId, stream);
    raw.on('close', () => {
      if (this.streams.get(deviceId) === stream) this.streams.delete(deviceId);
    });
    await this.send(deviceId, stream);
  }

  private async onPush(message: string): Promise<void> {
    let push: DevicePushMessage;
    try {
      push = JSON.parse(message) as DevicePushMessage;
    } catch {
      return;
    }
    // The push can arrive before this instance's own change notice: catch up first.
    if (this.rules.rev < BigInt(push.rev)) await this.rules.reload();
    for (const deviceId of push.deviceIds) {
      const stream = this.streams.get(deviceId);
      if (stream) await this.send(deviceId, stream).catch((error: Error) => this.logger.warn(`push to ${deviceId}: ${error.message}`));
    }
  }

  private async send(deviceId: string, stream: Stream): Promise<void> {
    const answer = await this.flags.answer(deviceId);
    if (!answer || answer.rev <= stream.lastRev) return;
    stream.lastRev = answer.rev;
    this.write(deviceId, stream, `event: flags\nid: ${answer.rev}\ndata: ${answer.body}\n\n`);
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
