export * from './app-error';
export * from './error-body';
export * from './request-id';
export * from './all-exceptions.filter';
export * from './validation.pipe';
export * from './id-param';
export * from './response-headers';
