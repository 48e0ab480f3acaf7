export * from './audit-action';
export * from './audit-entry';
export * from './audit.service';
export * from './audit.module';
