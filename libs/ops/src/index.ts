export * from './ops.module';
export * from './metrics';
export * from './http-metrics';
export * from './graceful-shutdown';
