export * from './redis.service';
export * from './redis-connection-name';
export * from './queue.module';
export * from './jobs';
export * from './queue.service';
export * from './outbox-relay.service';
