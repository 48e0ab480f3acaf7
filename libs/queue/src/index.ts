export * from './redis.service';
export * from './queue.module';
