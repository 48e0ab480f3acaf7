/**
 * Device targeting in SQL: which devices a kill switch scope matches. The same
 * rule as evaluateDevice (@killswitch/evaluation, pure and in memory), over the
 * devices and their inventory, which this domain owns: used to count a kill's
 * devices, to preview it, and to page through them when fanning out.
 */
import { Prisma, PrismaService, Tx } from '@killswitch/db';
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
  return [Prisma.sql`d."decommissionedAt" IS NULL`, ...deviceFieldConditions(scope)];
}

/** The scope's device fields on `d`, without the liveness every scope asks. */
function deviceFieldConditions(scope: Scope): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (scope.deviceModel !== undefined) conditions.push(Prisma.sql`d.model = ${scope.deviceModel}`);
  if (scope.region !== undefined) conditions.push(Prisma.sql`d.region = ${scope.region}`);
  if (scope.cohort !== undefined) conditions.push(Prisma.sql`d.cohort = ${scope.cohort}`);
  if (scope.deviceFirmware !== undefined) conditions.push(matcherSql(Prisma.sql`d."firmwareKey"`, scope.deviceFirmware));
  return conditions;
}

/** Conditions on an inventory row `i` (the vendor-product fields of the scope). */
export function linkConditions(scope: Scope): Prisma.Sql[] {
  return [...linkKeyConditions(scope), ...linkFieldConditions(scope)];
}

/** The vendor and integration on `i`: the leading columns of the links' indexes. */
function linkKeyConditions(scope: Scope): Prisma.Sql[] {
  const conditions = [Prisma.sql`i.vendor = ${scope.vendor}`];
  if (scope.integration !== undefined) conditions.push(Prisma.sql`i.integration = ${scope.integration}`);
  return conditions;
}

/** The vendor product's model and firmware on `i`. */
function linkFieldConditions(scope: Scope): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (scope.vendorModel !== undefined) conditions.push(Prisma.sql`i."vendorModel" = ${scope.vendorModel}`);
  if (scope.vendorFirmware !== undefined) conditions.push(matcherSql(Prisma.sql`i."vendorFirmwareKey"`, scope.vendorFirmware));
  return conditions;
}

/** Device ids in (after, upTo]; either end open when null. */
export interface IdRange {
  after: string | null;
  upTo: string | null;
}

function rangeOn(column: Prisma.Sql, range: IdRange | undefined): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (range?.after) conditions.push(Prisma.sql`${column} > ${range.after}::uuid`);
  if (range?.upTo) conditions.push(Prisma.sql`${column} <= ${range.upTo}::uuid`);
  return conditions;
}

/**
 * The devices a scope matches: live devices satisfying the device fields that
 * have at least one linked product of the vendor (and integration) satisfying
 * the product fields. The same rule as evaluateDevice, in SQL.
 *
 * With a range (a fan-out page) the product check is a per-device index probe
 * (`OFFSET 0` keeps PostgreSQL from turning it into a semi-join): the planner
 * cannot estimate a uuid range inside one histogram bucket, and a semi-join
 * planned for "1 row" scans the page's whole inventory once per device. As a
 * probe, every page costs the same, whatever the statistics say.
 */
export function matchingDevicesWhere(scope: Scope, range?: IdRange): Prisma.Sql {
  const links = Prisma.join(linkConditions(scope), ' AND ');
  const device = Prisma.join([...deviceConditions(scope), ...rangeOn(Prisma.sql`d.id`, range)], ' AND ');
  const probe = range ? Prisma.sql` OFFSET 0` : Prisma.empty;
  return Prisma.sql`${device} AND EXISTS (SELECT 1 FROM device_inventory_items i WHERE i."deviceId" = d.id AND ${links}${probe})`;
}

/** How many live devices a scope matches. */
export async function countMatchingDevices(db: Tx | PrismaService, scope: Scope): Promise<number> {
  const [{ count }] = await db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM devices d WHERE ${matchingDevicesWhere(scope)}`;
  return count;
}

/** How many distinct live devices match at least one of `scopes` (the union: a device two scopes match counts once). */
export async function countDevicesMatchingAny(db: Tx | PrismaService, scopes: Scope[]): Promise<number> {
  return (await countDevicesMatchingEach(db, new Map([['', scopes]]))).get('') ?? 0;
}

/**
 * For each key, how many distinct live devices match at least one of its scopes, in one statement whatever the
 * number of keys: an auto-kill policy's budget, for a page of policies at once.
 *
 * The scopes of a key that name one vendor and integration (a policy's kills all do) are read in one pass over those
 * links (index (vendor, integration, deviceId)), each link's device then checked by its primary key against any of
 * the scopes' other fields, and the (key, device) pairs made distinct: the cost follows the devices the scopes match,
 * not the fleet. The obvious form, `FROM devices d WHERE (scope 1) OR (scope 2) …`, has no index to start from (the
 * vendor is in the links), so PostgreSQL read the whole fleet for it (bench/auto-kill-budget.mjs).
 */
export async function countDevicesMatchingEach(db: Tx | PrismaService, scopesByKey: ReadonlyMap<string, Scope[]>): Promise<Map<string, number>> {
  const counts = new Map([...scopesByKey.keys()].map((key) => [key, 0]));
  const passes = new Map<string, { key: string; scope: Scope; rest: Prisma.Sql[] }>();
  for (const [key, scopes] of scopesByKey) {
    for (const scope of scopes) {
      const pass = `${key}\n${scope.vendor}\n${scope.integration ?? ''}`;
      const fields = [...linkFieldConditions(scope), ...deviceFieldConditions(scope)];
      const rest = fields.length === 0 ? Prisma.sql`TRUE` : Prisma.sql`(${Prisma.join(fields, ' AND ')})`;
      const known = passes.get(pass);
      if (known) known.rest.push(rest);
      else passes.set(pass, { key, scope, rest: [rest] });
    }
  }
  if (passes.size === 0) return counts;
  const branches = [...passes.values()].map(({ key, scope, rest }) => {
    const where = Prisma.join([...linkKeyConditions(scope), Prisma.sql`d."decommissionedAt" IS NULL`, Prisma.sql`(${Prisma.join(rest, ' OR ')})`], ' AND ');
    return Prisma.sql`SELECT ${key}::text AS key, i."deviceId" FROM device_inventory_items i JOIN devices d ON d.id = i."deviceId" WHERE ${where}`;
  });
  // DISTINCT: a device may hold several links a pass matches, and two passes of a key may match one device.
  const rows = await db.$queryRaw<{ key: string; count: number }[]>`
    SELECT key, count(*)::int AS count FROM (SELECT DISTINCT key, "deviceId" FROM (${Prisma.join(branches, ' UNION ALL ')}) AS links) AS matched GROUP BY key`;
  for (const row of rows) counts.set(row.key, row.count);
  return counts;
}
