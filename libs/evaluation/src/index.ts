/** Kill switch evaluation: the version order, firmware matchers, scopes and deny-overrides evaluation. Pure: no Nest, no Prisma. */
export type { Ordering } from './version';
export { MAX_VERSION_LENGTH, VERSION_RULE, canonicalVersion, compareVersions, isValidVersion } from './version';
export { versionKey } from './version-key';
export type { FirmwareMatcher, MatcherOperator, MatcherParseResult, VersionPredicate } from './matcher';
export { MATCHER_OPERATORS, MAX_IN_VERSIONS, compileMatcher, matches, parseMatcher } from './matcher';
export { parseMatcherText } from './matcher-text';
export type { DeviceFacts, InventoryItem, Scope, ScopeParseResult } from './scope';
export { hasProductFields, parseScope, scopeMatches, vendorOf } from './scope';
export { describeScope } from './describe-scope';
export { RELEASE_BUCKETS, isReleased, releaseBucket } from './release';
export { DEFAULT_DEVICE_MESSAGE, MAX_DEVICE_MESSAGE_LENGTH } from './device-message';
export type { CompiledRules, DeviceFlags, EvaluatedDevice, EvaluationTrace, IntegrationFlag, KillRule } from './evaluate';
export { compileRules, evaluateDevice, replaceRule } from './evaluate';
export type { ScopeColumn } from './stored-scope';
export { scopeColumn, storedScope } from './stored-scope';
