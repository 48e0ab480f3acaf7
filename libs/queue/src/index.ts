export * from './redis.service';
export * from './queue.module';
export * from './jobs';
export * from './queue.service';
export * from './outbox-relay.service';
