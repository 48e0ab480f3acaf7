export * from './device-api.module';
export * from './flags.service';
export * from './rules-cache';
export * from './etag';
