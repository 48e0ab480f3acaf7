import { Prisma } from '@killswitch/db';
import { FirmwareMatcher, Scope, versionKey } from '@killswitch/evaluation';

/** A firmware matcher as a bytea comparison on a version-key column (see version-key.ts). */
export function matcherSql(column: Prisma.Sql, matcher: FirmwareMatcher): Prisma.Sql {
  if ('eq' in matcher) return Prisma.sql`${column} = ${versionKey(matcher.eq)}`;
  if ('in' in matcher) return Prisma.sql`${column} IN (${Prisma.join(matcher.in.map(versionKey))})`;
  if ('lt' in matcher) return Prisma.sql`${column} < ${versionKey(matcher.lt)}`;
  if ('lte' in matcher) return Prisma.sql`${column} <= ${versionKey(matcher.lte)}`;
  if ('gt' in matcher) return Prisma.sql`${column} > ${versionKey(matcher.gt)}`;
  if ('gte' in matcher) return Prisma.sql`${column} >= ${versionKey(matcher.gte)}`;
  return Prisma.sql`${column} BETWEEN ${versionKey(matcher.between[0])} AND ${versionKey(matcher.between[1])}`;
}

/** Conditions on the device row `d` (device fields of the scope). */
export function deviceConditions(scope: Scope): Prisma.Sql[] {
  const conditions = [Prisma.sql`d."decommissionedAt" IS NULL`];
  if (scope.deviceModel !== undefined) conditions.push(Prisma.sql`d.model = ${scope.deviceModel}`);
  if (scope.region !== undefined) conditions.push(Prisma.sql`d.region = ${scope.region}`);
  if (scope.cohort !== undefined) conditions.push(Prisma.sql`d.cohort = ${scope.cohort}`);
  if (scope.deviceFirmware !== undefined) conditions.push(matcherSql(Prisma.sql`d."firmwareKey"`, scope.deviceFirmware));
  return conditions;
}

/** Conditions on an inventory row `i` (the vendor-product fields of the scope). */
export function linkConditions(scope: Scope): Prisma.Sql[] {
  const conditions = [Prisma.sql`i.vendor = ${scope.vendor}`];
  if (scope.integration !== undefined) conditions.push(Prisma.sql`i.integration = ${scope.integration}`);
  if (scope.vendorModel !== undefined) conditions.push(Prisma.sql`i."vendorModel" = ${scope.vendorModel}`);
  if (scope.vendorFirmware !== undefined) conditions.push(matcherSql(Prisma.sql`i."vendorFirmwareKey"`, scope.vendorFirmware));
  return conditions;
}

/**
 * The devices a scope matches: live devices satisfying the device fields that
 * have at least one linked product of the vendor (and integration) satisfying
 * the product fields. The same rule as evaluateDevice, in SQL.
 */
export function matchingDevicesWhere(scope: Scope): Prisma.Sql {
  const links = Prisma.join(linkConditions(scope), ' AND ');
  return Prisma.sql`${Prisma.join(deviceConditions(scope), ' AND ')} AND EXISTS (SELECT 1 FROM device_inventory_items i WHERE i."deviceId" = d.id AND ${links})`;
}
