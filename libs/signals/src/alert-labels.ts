/**
 * What an alert's labels ask for: the scope they name (`killswitch_*` labels) and the incident severity. Pure: the
 * references (does the vendor exist?) are checked against the catalogue by the intake. A label that names a scope
 * badly never throws: it becomes a problem the proposal shows.
 */
import { Severity, truncateCodePoints } from '@killswitch/db';
import { FirmwareMatcher, Scope, parseMatcherText, parseScope } from '@killswitch/evaluation';

export const SCOPE_LABELS = {
  killswitch_vendor: 'vendor',
  killswitch_integration: 'integration',
  killswitch_vendor_model: 'vendorModel',
  killswitch_vendor_firmware: 'vendorFirmware',
  killswitch_region: 'region',
} as const;

const SCOPE_LABEL_PREFIX = 'killswitch_';
const MAX_NAMED = 5;

export type LabelsScope =
  /** No `killswitch_*` label: the alert is not about a kill (Alertmanager may route every alert here). */
  { kind: 'none' } | { kind: 'scope'; scope: Scope } | { kind: 'invalid'; problems: string[]; vendor: string | null };

/** The scope named by an alert's labels, or what is wrong with them. */
export function scopeOfLabels(labels: Readonly<Record<string, string>>): LabelsScope {
  const named = Object.keys(labels).filter((name) => name.startsWith(SCOPE_LABEL_PREFIX));
  if (named.length === 0) return { kind: 'none' };
  const problems: string[] = [];
  const unknown = named.filter((name) => !Object.hasOwn(SCOPE_LABELS, name));
  // Names may be long and many (Alertmanager sends what it has): the first few are named, each cut, the rest counted.
  for (const name of unknown.slice(0, MAX_NAMED)) {
    problems.push(`label ${truncateCodePoints(name, 128, '…')} does not name a scope field; use ${Object.keys(SCOPE_LABELS).join(', ')}`);
  }
  if (unknown.length > MAX_NAMED) problems.push(`and ${unknown.length - MAX_NAMED} more killswitch_ labels that name no scope field`);
  const vendor = labels.killswitch_vendor?.trim();
  if (!vendor) problems.push('label killswitch_vendor is required when an alert names a kill scope');
  const raw: Record<string, unknown> = { vendor };
  const integration = labels.killswitch_integration?.trim();
  // `camera-stream` is short for `<vendor>.camera-stream`.
  if (integration !== undefined) raw.integration = integration.includes('.') || !vendor ? integration : `${vendor}.${integration}`;
  if (labels.killswitch_vendor_model !== undefined) raw.vendorModel = labels.killswitch_vendor_model.trim();
  if (labels.killswitch_region !== undefined) raw.region = labels.killswitch_region.trim();
  if (labels.killswitch_vendor_firmware !== undefined) {
    const matcher = parseMatcherText(labels.killswitch_vendor_firmware, 'label killswitch_vendor_firmware');
    if (matcher.ok) raw.vendorFirmware = matcher.matcher satisfies FirmwareMatcher;
    else problems.push(matcher.error);
  }
  if (vendor) {
    const parsed = parseScope(raw);
    if (!parsed.ok) problems.push(labelWords(parsed.error));
    else if (problems.length === 0) return { kind: 'scope', scope: parsed.scope };
  }
  // The vendor an invalid proposal is filed under: a label as sent may be of any length.
  return { kind: 'invalid', problems, vendor: vendor ? truncateCodePoints(vendor, 128, '…') : null };
}

/** parseScope speaks of scope fields; a person fixing an alert rule needs the label's name. */
function labelWords(error: string): string {
  for (const [label, field] of Object.entries(SCOPE_LABELS)) {
    if (error.startsWith(`${field} `)) return `label ${label}: ${error}`;
  }
  return error;
}

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  sev1: Severity.SEV1,
  sev2: Severity.SEV2,
  sev3: Severity.SEV3,
  sev4: Severity.SEV4,
  critical: Severity.SEV1,
  page: Severity.SEV1,
  high: Severity.SEV2,
  error: Severity.SEV2,
  warning: Severity.SEV3,
  medium: Severity.SEV3,
  low: Severity.SEV4,
  info: Severity.SEV4,
};

/** The incident severity an alert's `severity` label asks for: SEV1-SEV4, or Prometheus's usual words; SEV2 otherwise. */
export function severityOf(label: string | undefined): Severity {
  const word = label?.trim().toLowerCase();
  // Own words only: `constructor` or `__proto__` would read Object's.
  return word !== undefined && Object.hasOwn(SEVERITY_WORDS, word) ? SEVERITY_WORDS[word] : Severity.SEV2;
}

/** The scope of a generic signal (`POST /v1/signals`): the API's scope object, a firmware matcher also written `lt:…`. */
export function scopeOfObject(raw: Readonly<Record<string, unknown>>): LabelsScope {
  const input: Record<string, unknown> = { ...raw };
  const problems: string[] = [];
  for (const field of ['vendorFirmware', 'deviceFirmware'] as const) {
    const value = input[field];
    if (typeof value !== 'string') continue;
    const matcher = parseMatcherText(value, `scope.${field}`);
    if (matcher.ok) input[field] = matcher.matcher;
    else problems.push(matcher.error);
  }
  const vendor = typeof input.vendor === 'string' ? input.vendor : null;
  if (problems.length) return { kind: 'invalid', problems, vendor };
  const parsed = parseScope(input);
  return parsed.ok ? { kind: 'scope', scope: parsed.scope } : { kind: 'invalid', problems: [parsed.error], vendor };
}
