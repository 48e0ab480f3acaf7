export * from './roles';
export * from './secrets';
export * from './principal';
export * from './access.decorators';
export * from './identity.module';
export * from './device-credentials.service';
export * from './credential-resolver.service';
export * from './route-policy.check';
