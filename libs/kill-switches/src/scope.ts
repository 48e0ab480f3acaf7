import { FirmwareMatcher, Scope } from '@killswitch/evaluation';
import { ScopeDto } from './dto/kill-switch.dto';

const FIELDS = ['vendor', 'integration', 'vendorModel', 'vendorFirmware', 'deviceModel', 'deviceFirmware', 'region', 'cohort'] as const;

/** The scope with only the fields given, in one order, so equal scopes store and hash alike. */
export function normaliseScope(dto: ScopeDto): Scope {
  const scope: Record<string, unknown> = {};
  for (const field of FIELDS) if (dto[field] !== undefined) scope[field] = dto[field];
  return scope as unknown as Scope;
}

function describeMatcher(matcher: FirmwareMatcher): string {
  const [op, value] = Object.entries(matcher)[0] as [string, string | string[]];
  return Array.isArray(value) ? `${op} ${value.join(op === 'between' ? '..' : ', ')}` : `${op} ${value}`;
}

/** A short human description, for timelines: `xiaomi.camera-stream, vendor firmware lt 3.5.1_00.68`. */
export function describeScope(scope: Scope): string {
  const parts = [scope.integration ?? `all ${scope.vendor} integrations`];
  if (scope.vendorModel) parts.push(`model ${scope.vendorModel}`);
  if (scope.vendorFirmware) parts.push(`vendor firmware ${describeMatcher(scope.vendorFirmware)}`);
  if (scope.deviceModel) parts.push(`device model ${scope.deviceModel}`);
  if (scope.deviceFirmware) parts.push(`device firmware ${describeMatcher(scope.deviceFirmware)}`);
  if (scope.region) parts.push(`region ${scope.region}`);
  if (scope.cohort) parts.push(`cohort ${scope.cohort}`);
  return parts.join(', ');
}
