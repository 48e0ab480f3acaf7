export * from './prisma.service';
export * from './db.module';
export * from './paging';
export * from './generated/prisma/client';
