export * from './prisma.service';
export * from './backoff';
export { processName } from './pg-connection';
export * from './db.module';
export * from './paging';
export * from './generated/prisma/client';
export * from './change-notifications';
export * from './change-listener.service';
export * from './text-search';
