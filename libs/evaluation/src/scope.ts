/**
 * A kill switch's scope and whether it covers one integration of one device.
 *
 * Product fields (vendorModel, vendorFirmware) are about a linked vendor product and are
 * checked against the device's inventory items of that integration; device fields
 * (deviceModel, deviceFirmware, region, cohort) are about our device. Only server-held facts
 * are evaluated: the device record and its reported inventory.
 */
import { FirmwareMatcher, VersionPredicate, compileMatcher, matches, parseMatcher } from './matcher';

export interface Scope {
  vendor: string;
  /** A full integration key, `vendor.capability`, of this scope's vendor. */
  integration?: string;
  vendorModel?: string;
  vendorFirmware?: FirmwareMatcher;
  deviceModel?: string;
  deviceFirmware?: FirmwareMatcher;
  region?: string;
  cohort?: string;
}

export interface DeviceFacts {
  model: string;
  firmware: string;
  region: string | null;
  cohort: string | null;
}

export interface InventoryItem {
  integration: string;
  vendorModel: string;
  vendorFirmware: string;
}

/** The vendor of an integration key: its prefix before the first `.`. */
export function vendorOf(integrationKey: string): string {
  const dot = integrationKey.indexOf('.');
  return dot < 0 ? integrationKey : integrationKey.slice(0, dot);
}

/**
 * Whether a scope field is unset. A stored scope may carry JSON nulls; a null counts as unset,
 * so it widens a kill rather than making it silently match nothing.
 */
function unset(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function hasProductFields(scope: Scope): boolean {
  return !unset(scope.vendorModel) || !unset(scope.vendorFirmware);
}

function deviceFieldsHold(scope: Scope, device: DeviceFacts): boolean {
  return (
    (unset(scope.deviceModel) || scope.deviceModel === device.model) &&
    (unset(scope.region) || scope.region === device.region) &&
    (unset(scope.cohort) || scope.cohort === device.cohort) &&
    (unset(scope.deviceFirmware) || matches(scope.deviceFirmware, device.firmware))
  );
}

function productFieldsHold(scope: Scope, item: InventoryItem): boolean {
  return (
    (unset(scope.vendorModel) || scope.vendorModel === item.vendorModel) && (unset(scope.vendorFirmware) || matches(scope.vendorFirmware, item.vendorFirmware))
  );
}

/**
 * Whether `scope` covers integration `integrationKey` on `device`; `itemsOfK` are the device's
 * inventory items of that integration (possibly none: a scope without product fields still
 * covers the device, e.g. for an OFREP lookup of an integration it has not linked).
 * The reference semantics; the evaluator uses the compiled form below.
 */
export function scopeMatches(scope: Scope, device: DeviceFacts, integrationKey: string, itemsOfK: readonly InventoryItem[]): boolean {
  if (vendorOf(integrationKey) !== scope.vendor) return false;
  if (!unset(scope.integration) && scope.integration !== integrationKey) return false;
  if (!deviceFieldsHold(scope, device)) return false;
  return !hasProductFields(scope) || itemsOfK.some((item) => productFieldsHold(scope, item));
}

/** A scope with its matchers decided once, for the poll path. */
export interface CompiledScope {
  readonly vendor: string;
  readonly integration: string | undefined;
  readonly vendorModel: string | undefined;
  readonly vendorFirmware: VersionPredicate | undefined;
  readonly deviceModel: string | undefined;
  readonly deviceFirmware: VersionPredicate | undefined;
  readonly region: string | undefined;
  readonly cohort: string | undefined;
  readonly hasProductFields: boolean;
}

export function compileScope(scope: Scope): CompiledScope {
  return {
    vendor: scope.vendor,
    integration: scope.integration ?? undefined,
    vendorModel: scope.vendorModel ?? undefined,
    vendorFirmware: unset(scope.vendorFirmware) ? undefined : compileMatcher(scope.vendorFirmware),
    deviceModel: scope.deviceModel ?? undefined,
    deviceFirmware: unset(scope.deviceFirmware) ? undefined : compileMatcher(scope.deviceFirmware),
    region: scope.region ?? undefined,
    cohort: scope.cohort ?? undefined,
    hasProductFields: hasProductFields(scope),
  };
}

/**
 * scopeMatches() for a compiled scope whose vendor the caller has already matched. It takes
 * the whole inventory and skips other integrations' items, so callers need not group it.
 */
export function compiledScopeMatches(scope: CompiledScope, device: DeviceFacts, integrationKey: string, inventory: readonly InventoryItem[]): boolean {
  if (scope.integration !== undefined && scope.integration !== integrationKey) return false;
  if (scope.deviceModel !== undefined && scope.deviceModel !== device.model) return false;
  if (scope.region !== undefined && scope.region !== device.region) return false;
  if (scope.cohort !== undefined && scope.cohort !== device.cohort) return false;
  if (scope.deviceFirmware !== undefined && !scope.deviceFirmware(device.firmware)) return false;
  if (!scope.hasProductFields) return true;
  for (const item of inventory) {
    if (item.integration !== integrationKey) continue;
    if (scope.vendorModel !== undefined && scope.vendorModel !== item.vendorModel) continue;
    if (scope.vendorFirmware !== undefined && !scope.vendorFirmware(item.vendorFirmware)) continue;
    return true;
  }
  return false;
}

// Shapes as the device and catalogue routes accept them, repeated so this lib stays dependency-free.
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SLUG_RULE = 'lowercase letters, digits and -, at most 63, starting with a letter or digit';
const INTEGRATION_KEY = /^[a-z0-9][a-z0-9-]{0,62}\.[a-z0-9][a-z0-9-]{0,62}$/;
const LABEL = /^[A-Za-z0-9._-]{1,64}$/;
const LABEL_RULE = '1-64 letters, digits, . _ or -';
const SCOPE_FIELDS: ReadonlySet<string> = new Set([
  'vendor',
  'integration',
  'vendorModel',
  'vendorFirmware',
  'deviceModel',
  'deviceFirmware',
  'region',
  'cohort',
]);

export type ScopeParseResult = { ok: true; scope: Scope } | { ok: false; error: string };

/**
 * Validates an untrusted scope (a request body, a stored JSON column) and returns a fresh copy
 * holding only the fields that are set. Errors name the field and say what it must be.
 */
export function parseScope(raw: unknown): ScopeParseResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'scope must be an object with at least a vendor' };
  const input = raw as Record<string, unknown>;
  const unknownField = Object.keys(input).find((k) => !SCOPE_FIELDS.has(k));
  if (unknownField !== undefined) return { ok: false, error: `scope.${unknownField} is not a scope field; use ${[...SCOPE_FIELDS].join(', ')}` };

  const { vendor, integration } = input;
  if (typeof vendor !== 'string' || !SLUG.test(vendor)) return { ok: false, error: `vendor must be a vendor slug: ${SLUG_RULE}` };
  const scope: Scope = { vendor };

  if (integration !== undefined) {
    if (typeof integration !== 'string' || !INTEGRATION_KEY.test(integration) || !integration.startsWith(`${vendor}.`)) {
      return { ok: false, error: `integration must be a key of vendor ${vendor}, e.g. ${vendor}.camera-stream` };
    }
    scope.integration = integration;
  }
  if (input.vendorModel !== undefined) {
    if (typeof input.vendorModel !== 'string' || !SLUG.test(input.vendorModel)) return { ok: false, error: `vendorModel must be a model slug: ${SLUG_RULE}` };
    scope.vendorModel = input.vendorModel;
  }
  for (const field of ['deviceModel', 'region', 'cohort'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !LABEL.test(value)) return { ok: false, error: `${field} must be ${LABEL_RULE}` };
    scope[field] = value;
  }
  for (const field of ['vendorFirmware', 'deviceFirmware'] as const) {
    if (input[field] === undefined) continue;
    const parsed = parseMatcher(input[field], field);
    if (!parsed.ok) return parsed;
    scope[field] = parsed.matcher;
  }
  return { ok: true, scope };
}
