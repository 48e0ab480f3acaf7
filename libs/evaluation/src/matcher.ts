/** Firmware matchers of a kill switch scope, written `{ "lt": "3.5.1_00.68" }`, over the order in version.ts. */
import { VERSION_RULE, canonicalVersion, compareVersions, isValidVersion } from './version';

export type FirmwareMatcher =
  { eq: string } | { in: string[] } | { lt: string } | { lte: string } | { gt: string } | { gte: string } | { between: [string, string] };

export const MATCHER_OPERATORS = ['eq', 'in', 'lt', 'lte', 'gt', 'gte', 'between'] as const;
export type MatcherOperator = (typeof MATCHER_OPERATORS)[number];
export const MAX_IN_VERSIONS = 100;

export type MatcherParseResult = { ok: true; matcher: FirmwareMatcher } | { ok: false; error: string };

const SCALAR_OPERATORS: ReadonlySet<string> = new Set(['eq', 'lt', 'lte', 'gt', 'gte']);

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/**
 * Validates an untrusted matcher (a request body, a stored JSON column) and returns a fresh
 * copy, so later changes to the input cannot change the matcher. `field` names it in errors.
 */
export function parseMatcher(raw: unknown, field = 'vendorFirmware'): MatcherParseResult {
  const exactlyOne = `${field} must have exactly one of ${MATCHER_OPERATORS.join(', ')}`;
  if (!isPlainObject(raw)) return { ok: false, error: `${exactlyOne}, e.g. { "lt": "3.5.1_00.68" }` };
  const keys = Object.keys(raw);
  if (keys.length !== 1 || !(MATCHER_OPERATORS as readonly string[]).includes(keys[0])) return { ok: false, error: exactlyOne };
  const op = keys[0] as MatcherOperator;
  const value = raw[op];

  if (SCALAR_OPERATORS.has(op)) {
    if (!isValidVersion(value)) return { ok: false, error: `${field}.${op} must be ${VERSION_RULE}` };
    return { ok: true, matcher: { [op]: value } as FirmwareMatcher };
  }

  if (op === 'in') {
    if (!Array.isArray(value) || value.length < 1 || value.length > MAX_IN_VERSIONS) {
      return { ok: false, error: `${field}.in must hold 1-${MAX_IN_VERSIONS} versions` };
    }
    const bad = value.findIndex((v) => !isValidVersion(v));
    if (bad >= 0) return { ok: false, error: `${field}.in[${bad}] must be ${VERSION_RULE}` };
    return { ok: true, matcher: { in: [...(value as string[])] } };
  }

  const between = `${field}.between must be [lo, hi] with lo <= hi`;
  if (!Array.isArray(value) || value.length !== 2) return { ok: false, error: between };
  const bad = value.findIndex((v) => !isValidVersion(v));
  if (bad >= 0) return { ok: false, error: `${field}.between[${bad}] must be ${VERSION_RULE}` };
  const [lo, hi] = value as [string, string];
  if (compareVersions(lo, hi) > 0) return { ok: false, error: between };
  return { ok: true, matcher: { between: [lo, hi] } };
}

/** Whether `version` satisfies the matcher; `between` is inclusive, `eq` and `in` use the version order's equality. */
export function matches(matcher: FirmwareMatcher, version: string): boolean {
  if ('eq' in matcher) return compareVersions(version, matcher.eq) === 0;
  if ('in' in matcher) return matcher.in.some((v) => compareVersions(version, v) === 0);
  if ('lt' in matcher) return compareVersions(version, matcher.lt) < 0;
  if ('lte' in matcher) return compareVersions(version, matcher.lte) <= 0;
  if ('gt' in matcher) return compareVersions(version, matcher.gt) > 0;
  if ('gte' in matcher) return compareVersions(version, matcher.gte) >= 0;
  return compareVersions(version, matcher.between[0]) >= 0 && compareVersions(version, matcher.between[1]) <= 0;
}

export type VersionPredicate = (version: string) => boolean;

/**
 * The same test as matches(), decided once: the evaluator calls the returned function on
 * the poll path without re-inspecting the matcher's shape, and `in` becomes a Set lookup.
 */
export function compileMatcher(matcher: FirmwareMatcher): VersionPredicate {
  if ('eq' in matcher) {
    const eq = matcher.eq;
    return (v) => compareVersions(v, eq) === 0;
  }
  if ('in' in matcher) {
    const set = new Set(matcher.in.map(canonicalVersion));
    return (v) => set.has(canonicalVersion(v));
  }
  if ('lt' in matcher) {
    const lt = matcher.lt;
    return (v) => compareVersions(v, lt) < 0;
  }
  if ('lte' in matcher) {
    const lte = matcher.lte;
    return (v) => compareVersions(v, lte) <= 0;
  }
  if ('gt' in matcher) {
    const gt = matcher.gt;
    return (v) => compareVersions(v, gt) > 0;
  }
  if ('gte' in matcher) {
    const gte = matcher.gte;
    return (v) => compareVersions(v, gte) >= 0;
  }
  const [lo, hi] = matcher.between;
  return (v) => compareVersions(v, lo) >= 0 && compareVersions(v, hi) <= 0;
}
