export * from './device-api.module';
export * from './flags.service';
export * from './rules-cache';
export * from './etag';
export * from './poll.route';
export * from './dto/inventory.dto';
export * from './ofrep-events.route';
export * from './ofrep-streams';
