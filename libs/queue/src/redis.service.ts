import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { EnvConfig } from '@killswitch/config';
import { redisConnectionName } from './redis-connection-name';

/**
 * The process's Redis connection. It never blocks start-up: the device poll
 * must keep answering from memory and PostgreSQL when Redis is down, and
 * /health/ready reports it.
 */
@Injectable()
export class RedisService implements OnModuleDestroy {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis;
  private closing = false;

  constructor(config: EnvConfig) {
    this.client = new Redis(config.REDIS_URL, {
      connectionName: redisConnectionName(config, 'redis'),
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => (this.closing ? null : Math.min(attempt * 200, 2000)),
    });
    this.client.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async onModuleDestroy(): Promise<void> {
    // A pending reconnect timer would otherwise keep the process alive.
    this.closing = true;
    this.client.disconnect(false);
  }
}
