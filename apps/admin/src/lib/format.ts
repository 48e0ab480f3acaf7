/** How dates, durations, scopes and firmware matchers read on screen. */
import type { FirmwareMatcher, Scope } from './types';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  return `${percent >= 99.95 || percent === 0 ? percent.toFixed(0) : percent.toFixed(1)} %`;
}

export function describeMatcher(matcher: FirmwareMatcher): string {
  if ('eq' in matcher) return `= ${matcher.eq}`;
  if ('in' in matcher) return `in ${matcher.in.join(', ')}`;
  if ('lt' in matcher) return `< ${matcher.lt}`;
  if ('lte' in matcher) return `≤ ${matcher.lte}`;
  if ('gt' in matcher) return `> ${matcher.gt}`;
  if ('gte' in matcher) return `≥ ${matcher.gte}`;
  return `${matcher.between[0]} … ${matcher.between[1]}`;
}

export function describeScope(scope: Scope): string {
  const parts = [scope.integration ?? `all of ${scope.vendor}`];
  if (scope.vendorModel) parts.push(`model ${scope.vendorModel}`);
  if (scope.vendorFirmware) parts.push(`vendor firmware ${describeMatcher(scope.vendorFirmware)}`);
  if (scope.deviceModel) parts.push(`device model ${scope.deviceModel}`);
  if (scope.deviceFirmware) parts.push(`device firmware ${describeMatcher(scope.deviceFirmware)}`);
  if (scope.region) parts.push(`region ${scope.region}`);
  if (scope.cohort) parts.push(`cohort ${scope.cohort}`);
  return parts.join(', ');
}

export function shortId(id: string): string {
  return id.slice(-8);
}
