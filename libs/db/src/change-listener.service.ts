import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { EnvConfig } from '@killswitch/config';
import { backoffDelay } from './backoff';
import { CHANGE_CHANNEL, ChangeNotice } from './change-notifications';
import { pgConnectionOptions } from './pg-connection';

const RECONNECT = { initialMs: 250, maxMs: 5_000 };

type ChangeHandler = (notice: ChangeNotice) => void | Promise<void>;
type ResyncHandler = () => void | Promise<void>;

/**
 * LISTENs for change notices on a dedicated PostgreSQL connection and hands
 * them to the caches of this process. After a reconnect every cache resyncs:
 * notices may have been missed. Independent of Redis by design.
 *
 * The instance that made a change also calls publishLocal() after its commit
 * and awaits it, so its own caches are current before it answers.
 *
 * One connection at most: a lost connection starts the one reconnect loop
 * (capped exponential backoff with jitter), and every client that fails on the
 * way is ended at once, so an outage never piles up connections that would
 * take PostgreSQL's max_connections from the other replicas once it is back.
 */
@Injectable()
export class ChangeListener implements OnModuleDestroy {
  private readonly logger = new Logger(ChangeListener.name);
  private readonly handlers: ChangeHandler[] = [];
  private readonly resyncHandlers: ResyncHandler[] = [];
  /** The listening connection, set only once its LISTEN is in place. */
  private client?: Client;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
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

  /** Starts listening once; resolves when the first LISTEN is in place (a failure there stops start-up). */
  start(): Promise<void> {
    this.started ??= this.open().then((client) => {
      this.client = client;
    });
    return this.started;
  }

  /** False while this process is not listening (it may have missed changes): readiness reports it. */
  get listening(): boolean {
    return this.started === undefined || this.client !== undefined;
  }

  private dispatch(notice: ChangeNotice): void {
    for (const handler of this.handlers) {
      Promise.resolve(handler(notice)).catch((error: Error) => this.logger.error(`change handler failed: ${error.message}`));
    }
  }

  /** One connection with its LISTEN in place; a client that fails on the way is ended before this rejects. */
  private async open(): Promise<Client> {
    const client = new Client(pgConnectionOptions(this.config.DATABASE_URL, 'listen'));
    client.on('notification', (message) => {
      if (message.channel !== CHANGE_CHANNEL || !message.payload) return;
      try {
        this.dispatch(JSON.parse(message.payload) as ChangeNotice);
      } catch {
        this.logger.warn(`ignored a malformed change notice: ${message.payload.slice(0, 200)}`);
      }
    });
    // Both fire for one loss, and also for a connect that fails: only the live client's loss starts the loop.
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private lost(client: Client, why: string): void {
    if (client !== this.client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`change listener disconnected (${why}): reconnecting`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = backoffDelay(this.attempt++, RECONNECT);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.reconnect(delay);
    }, delay);
    this.retryTimer.unref();
  }

  private async reconnect(lastDelay: number): Promise<void> {
    let client: Client;
    try {
      client = await this.open();
    } catch (error) {
      this.logger.warn(`change listener reconnect failed after ${lastDelay} ms: ${(error as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempt = 0;
    this.logger.log('change listener reconnected: caches resync');
    for (const handler of this.resyncHandlers) {
      Promise.resolve(handler()).catch((error: Error) => this.logger.error(`resync failed: ${error.message}`));
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
