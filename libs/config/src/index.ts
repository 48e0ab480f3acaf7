export * from './env.config';
export * from './config.module';
