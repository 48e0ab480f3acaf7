export * from './ops.module';
export * from './metrics';
export * from './http-metrics';
export * from './graceful-shutdown';
export * from './metrics-server';
export * from './state-metrics';
export * from './state-reader';
export * from './metrics-token';
