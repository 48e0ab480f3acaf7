import { Scope } from '@killswitch/evaluation';
import { ScopeDto } from './dto/kill-switch.dto';

/** The scope with only the fields given, in one order, so equal scopes store and hash alike. */
export function normaliseScope(dto: ScopeDto): Scope {
  const scope: Scope = { vendor: dto.vendor };
  if (dto.integration !== undefined) scope.integration = dto.integration;
  if (dto.vendorModel !== undefined) scope.vendorModel = dto.vendorModel;
  if (dto.vendorFirmware !== undefined) scope.vendorFirmware = dto.vendorFirmware;
  if (dto.deviceModel !== undefined) scope.deviceModel = dto.deviceModel;
  if (dto.deviceFirmware !== undefined) scope.deviceFirmware = dto.deviceFirmware;
  if (dto.region !== undefined) scope.region = dto.region;
  if (dto.cohort !== undefined) scope.cohort = dto.cohort;
  return scope;
}
