import { FirmwareMatcher } from './matcher';
import { Scope, parseScope } from './scope';

const FIELDS = [
  'vendor',
  'integration',
  'vendorModel',
  'vendorFirmware',
  'deviceModel',
  'deviceFirmware',
  'region',
  'cohort',
] as const satisfies readonly (keyof Scope)[];

/** A scope as its JSON column holds it. */
export type ScopeColumn = { [field: string]: string | FirmwareMatcher };

/**
 * A kill switch's scope read back from its JSON column, validated: the one way
 * a stored scope becomes a Scope. JSON nulls count as unset (as in
 * evaluation). A scope that no longer parses is an error naming the row,
 * never a guess: a wrong scope would kill the wrong devices.
 */
export function storedScope(row: { id: string; scope: unknown }): Scope {
  const raw = row.scope;
  const set = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null)) : raw;
  const parsed = parseScope(set);
  if (!parsed.ok) throw new Error(`kill switch ${row.id}: stored scope is not valid: ${parsed.error}`);
  return parsed.scope;
}

/** A scope as its JSON column stores it: the set fields only, in one order, so equal scopes store and hash alike. */
export function scopeColumn(scope: Scope): ScopeColumn {
  const column: ScopeColumn = {};
  for (const field of FIELDS) {
    const value = scope[field];
    if (value !== undefined) column[field] = value;
  }
  return column;
}
