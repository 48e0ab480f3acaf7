/** Human-readable scopes, for timelines and postmortems. Here (not in kill-switches) so incidents can use it without an import cycle. */
import type { FirmwareMatcher } from './matcher';
import type { Scope } from './scope';

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
