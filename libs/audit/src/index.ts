export * from './audit-action';
export * from './audit-entry';
export * from './audit.service';
export * from './audit.module';
export * from './refusal-recorder.service';
export * from './refusal-folder.service';
export * from './refusal-fold.scheduler';
