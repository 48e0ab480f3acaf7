/**
 * The part of evaluation a browser may load (the admin UI's Vite build): pure,
 * with no Node imports, unlike the lib's index (release buckets use node:crypto).
 */
export { describeScope } from './describe-scope';
export type { FirmwareMatcher } from './matcher';
export type { Scope } from './scope';
