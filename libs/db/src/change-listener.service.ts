import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { EnvConfig } from '@killswitch/config';
import { CHANGE_CHANNEL, ChangeNotice } from './change-notifications';

const RECONNECT_MS = 1000;

type ChangeHandler = (notice: ChangeNotice) => void | Promise<void>;
type ResyncHandler = () => void | Promise<void>;

/**
 * LISTENs for change notices on a dedicated PostgreSQL connection and hands
 * them to the caches of this process. After a reconnect every cache resyncs:
 * notices may have been missed. Independent of Redis by design.
 *
 * The instance that made a change also calls publishLocal() after its commit
 * and awaits it, so its own caches are current before it answers.
 */
@Injectable()
export class ChangeListener implements OnModuleDestroy {
  private readonly logger = new Logger(ChangeListener.name);
  private readonly handlers: ChangeHandler[] = [];
  private readonly resyncHandlers: ResyncHandler[] = [];
  private client?: Client;
  private stopped = false;
  private started?: Promise<void>;

  constructor(private readonly config: EnvConfig) {}

  subscribe(handler: ChangeHandler): void {
    this.handlers.push(handler);
  }

  onResync(handler: ResyncHandler): void {
    this.resyncHandlers.push(handler);
  }

  /**
   * For a per-device cache: starts listening, drops a device's entries on its
   * change notice, and everything after a reconnect.
   */
  async followDevices(cache: { forget(deviceId: string): void; clear(): void }): Promise<void> {
    await this.start();
    this.subscribe((notice) => {
      if (notice.kind === 'device') cache.forget(notice.deviceId);
    });
    this.onResync(() => cache.clear());
  }

  /** Applies a notice to this process's caches and waits until they have taken it. */
  async publishLocal(notice: ChangeNotice): Promise<void> {
    await Promise.all(this.handlers.map((handler) => handler(notice)));
  }

  /** Starts listening once; resolves when the first LISTEN is in place. */
  start(): Promise<void> {
    this.started ??= this.connect(false);
    return this.started;
  }

  private dispatch(notice: ChangeNotice): void {
    for (const handler of this.handlers) {
      Promise.resolve(handler(notice)).catch((error: Error) => this.logger.error(`change handler failed: ${error.message}`));
    }
  }

  private async connect(isReconnect: boolean): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      try {
        this.dispatch(JSON.parse(message.payload) as ChangeNotice);
      } catch {
        this.logger.warn(`ignored a malformed change notice: ${message.payload.slice(0, 200)}`);
      }
    });
    client.on('error', (error) => this.logger.warn(`change listener: ${error.message}`));
    client.on('end', () => {
      if (this.stopped) return;
      this.logger.warn('change listener disconnected: reconnecting');
      setTimeout(() => void this.reconnect(), RECONNECT_MS).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    this.client = client;
    if (isReconnect) {
      for (const handler of this.resyncHandlers) {
        Promise.resolve(handler()).catch((error: Error) => this.logger.error(`resync failed: ${error.message}`));
      }
    }
  }

  private async reconnect(): Promise<void> {
    try {
      await this.connect(true);
    } catch (error) {
      this.logger.warn(`change listener reconnect failed: ${(error as Error).message}`);
      if (!this.stopped) setTimeout(() => void this.reconnect(), RECONNECT_MS).unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
  }
}
