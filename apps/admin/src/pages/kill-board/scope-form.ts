/** The kill dialog's scope fields as typed, and the API scope they make. */
import type { FirmwareMatcher, Scope } from '../../lib/types';

export const MATCHER_OPS = [
  { op: '', label: 'any version' },
  { op: 'eq', label: 'equal to' },
  { op: 'in', label: 'one of (comma-separated)' },
  { op: 'lt', label: 'lower than' },
  { op: 'lte', label: 'lower than or equal to' },
  { op: 'gt', label: 'higher than' },
  { op: 'gte', label: 'higher than or equal to' },
  { op: 'between', label: 'between (inclusive)' },
] as const;

export type MatcherOp = (typeof MATCHER_OPS)[number]['op'];

export interface MatcherForm {
  op: MatcherOp;
  value: string;
  upper: string;
}

export interface ScopeForm {
  integration: string;
  vendorModel: string;
  vendorFirmware: MatcherForm;
  deviceModel: string;
  deviceFirmware: MatcherForm;
  region: string;
  cohort: string;
}

export const NO_MATCHER: MatcherForm = { op: '', value: '', upper: '' };

export function emptyScopeForm(integration = ''): ScopeForm {
  return { integration, vendorModel: '', vendorFirmware: NO_MATCHER, deviceModel: '', deviceFirmware: NO_MATCHER, region: '', cohort: '' };
}

/** The matcher, undefined for "any version", or a message saying what is missing. */
export function toMatcher(form: MatcherForm, what: string): FirmwareMatcher | undefined | string {
  const value = form.value.trim();
  const upper = form.upper.trim();
  switch (form.op) {
    case '':
      return undefined;
    case 'in': {
      const versions = value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      return versions.length ? { in: versions } : `${what}: list at least one version`;
    }
    case 'between':
      return value && upper ? { between: [value, upper] } : `${what}: give both ends of the range`;
    case 'eq':
      return value ? { eq: value } : `${what}: give a version`;
    case 'lt':
      return value ? { lt: value } : `${what}: give a version`;
    case 'lte':
      return value ? { lte: value } : `${what}: give a version`;
    case 'gt':
      return value ? { gt: value } : `${what}: give a version`;
    case 'gte':
      return value ? { gte: value } : `${what}: give a version`;
    default: {
      const unmapped: never = form.op;
      return `unknown matcher ${String(unmapped)}`;
    }
  }
}

/** The scope for the API, or the first problem with the form. */
export function toScope(vendor: string, form: ScopeForm): { scope: Scope } | { problem: string } {
  const scope: Scope = { vendor };
  if (form.integration) scope.integration = form.integration;
  if (form.vendorModel) scope.vendorModel = form.vendorModel;
  for (const [key, label] of [
    ['vendorFirmware', 'Vendor firmware'],
    ['deviceFirmware', 'Device firmware'],
  ] as const) {
    const matcher = toMatcher(form[key], label);
    if (typeof matcher === 'string') return { problem: matcher };
    if (matcher) scope[key] = matcher;
  }
  for (const key of ['deviceModel', 'region', 'cohort'] as const) {
    const value = form[key].trim();
    if (value) scope[key] = value;
  }
  return { scope };
}
