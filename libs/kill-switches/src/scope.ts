import { Scope } from '@killswitch/evaluation';
import { ScopeDto } from './dto/kill-switch.dto';

const FIELDS = ['vendor', 'integration', 'vendorModel', 'vendorFirmware', 'deviceModel', 'deviceFirmware', 'region', 'cohort'] as const;

/** The scope with only the fields given, in one order, so equal scopes store and hash alike. */
export function normaliseScope(dto: ScopeDto): Scope {
  const scope: Record<string, unknown> = {};
  for (const field of FIELDS) if (dto[field] !== undefined) scope[field] = dto[field];
  return scope as unknown as Scope;
}
