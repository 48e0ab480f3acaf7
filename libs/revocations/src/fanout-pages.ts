/**
 * One page of a fan-out, written in one transaction with the saved cursor, so
 * a crash repeats at most one page and (deliveries being unique per revocation
 * and device) duplicates nothing.
 */
import { Prisma, Tx } from '@killswitch/db';
import { CompiledRules, EvaluatedDevice, evaluateDevice, releaseBucket } from '@killswitch/evaluation';

export interface FanoutPage {
  /** Every device the page scanned, in id order (the cursor is the last). */
  scanned: string[];
  /** Devices that got a delivery, in id order. */
  delivered: string[];
  /** Deliveries born acknowledged: the device had already acked this revision. */
  alreadyAcked: number;
  /** Earlier deliveries of the same kill this page canceled, per revocation. */
  canceled: Map<string, number>;
}

export interface PageTarget {
  revocationId: string;
  rev: bigint;
  where: Prisma.Sql;
  cursor: string | null;
  size: number;
}

/**
 * A kill: every device in scope gets a delivery. One statement scans the page,
 * inserts its deliveries and saves the cursor.
 */
export async function scopePage(tx: Tx, t: PageTarget): Promise<FanoutPage> {
  const [row] = await tx.$queryRaw<{ ids: string[] | null; acked: number }[]>`
    WITH page AS (
      SELECT d.id, d."ackedRev" FROM devices d
      WHERE ${t.where} ${t.cursor ? Prisma.sql`AND d.id > ${t.cursor}::uuid` : Prisma.empty}
      ORDER BY d.id LIMIT ${t.size}
    ), inserted AS (
      INSERT INTO deliveries ("revocationId", "deviceId", rev, state, "queuedAt", "updatedAt", "acknowledgedAt")
      SELECT ${t.revocationId}::uuid, p.id, ${t.rev},
             CASE WHEN p."ackedRev" >= ${t.rev} THEN 'acknowledged'::"DeliveryState" ELSE 'queued'::"DeliveryState" END,
             now(), now(), CASE WHEN p."ackedRev" >= ${t.rev} THEN now() END
      FROM page p
      ON CONFLICT ("revocationId", "deviceId") DO NOTHING
      RETURNING state
    ), saved AS (
      UPDATE revocations SET "fanoutCursor" = (SELECT id FROM page ORDER BY id DESC LIMIT 1)
      WHERE id = ${t.revocationId}::uuid AND EXISTS (SELECT 1 FROM page)
    )
    SELECT (SELECT array_agg(id::text ORDER BY id) FROM page) AS ids,
           (SELECT count(*)::int FROM inserted WHERE state = 'acknowledged') AS acked`;
  const scanned = row.ids ?? [];
  return { scanned, delivered: scanned, alreadyAcked: row.acked, canceled: new Map() };
}

export interface RangedTarget extends PageTarget {
  killSwitchId: string;
  /** Release buckets [from, to) this step moved. */
  from: number;
  to: number;
  /** The other kills in force, with and without this one fully enforced. */
  withKill: CompiledRules;
  withoutKill: CompiledRules;
}

interface DeviceRow extends EvaluatedDevice {
  ackedRev: bigint;
}

/** Whether any integration's enabled flag differs between two evaluations. */
function flagsDiffer(device: EvaluatedDevice, a: CompiledRules, b: CompiledRules): boolean {
  const before = evaluateDevice(a, device);
  const after = evaluateDevice(b, device);
  return Object.keys(before).some((key) => before[key].enabled !== after[key]?.enabled);
}

/**
 * A lift stage or an abort: only devices whose release bucket the step moved
 * are touched. Their undelivered deliveries of the kill's earlier revocations
 * are canceled; only those whose effective flags change get a delivery (a
 * device still denied by another kill is not told "on").
 */
export async function rangedPage(tx: Tx, t: RangedTarget): Promise<FanoutPage> {
  const rows = await tx.$queryRaw<DeviceRow[]>`
    SELECT d.id::text AS id, d.model, d.firmware, d.region, d.cohort, d."ackedRev",
           coalesce(json_agg(json_build_object('integration', i.integration, 'vendorModel', i."vendorModel", 'vendorFirmware', i."vendorFirmware"))
                    FILTER (WHERE i.id IS NOT NULL), '[]') AS inventory
    FROM (SELECT d.* FROM devices d WHERE ${t.where} ${t.cursor ? Prisma.sql`AND d.id > ${t.cursor}::uuid` : Prisma.empty} ORDER BY d.id LIMIT ${t.size}) d
    LEFT JOIN device_inventory_items i ON i."deviceId" = d.id
    GROUP BY d.id, d.model, d.firmware, d.region, d.cohort, d."ackedRev"
    ORDER BY d.id`;
  const scanned = rows.map((r) => r.id);
  if (rows.length === 0) return { scanned, delivered: [], alreadyAcked: 0, canceled: new Map() };
  const moved = rows.filter((r) => {
    const bucket = releaseBucket(t.killSwitchId, r.id);
    return bucket >= t.from && bucket < t.to;
  });
  const changed = moved.filter((r) => flagsDiffer(r, t.withKill, t.withoutKill));
  const movedIds = moved.map((r) => r.id);
  const canceledRows = movedIds.length
    ? await tx.$queryRaw<{ revocationId: string; count: number }[]>`
        WITH c AS (
          UPDATE deliveries SET state = 'canceled', "updatedAt" = now()
          WHERE "deviceId" = ANY(${movedIds}::uuid[]) AND state IN ('queued', 'sent')
            AND "revocationId" IN (SELECT id FROM revocations WHERE "killSwitchId" = ${t.killSwitchId}::uuid AND rev < ${t.rev})
          RETURNING "revocationId")
        SELECT "revocationId"::text AS "revocationId", count(*)::int AS count FROM c GROUP BY "revocationId"`
    : [];
  const delivered = changed.map((r) => r.id);
  const acked = changed.filter((r) => r.ackedRev >= t.rev).map((r) => r.id);
  if (delivered.length) {
    await tx.$executeRaw`
      INSERT INTO deliveries ("revocationId", "deviceId", rev, state, "queuedAt", "updatedAt", "acknowledgedAt")
      SELECT ${t.revocationId}::uuid, id, ${t.rev},
             CASE WHEN id = ANY(${acked}::uuid[]) THEN 'acknowledged'::"DeliveryState" ELSE 'queued'::"DeliveryState" END,
             now(), now(), CASE WHEN id = ANY(${acked}::uuid[]) THEN now() END
      FROM unnest(${delivered}::uuid[]) AS id
      ON CONFLICT ("revocationId", "deviceId") DO NOTHING`;
  }
  for (const { revocationId, count } of canceledRows) {
    await tx.$executeRaw`UPDATE revocations SET canceled = canceled + ${count} WHERE id = ${revocationId}::uuid`;
  }
  // A ranged revocation's target is the devices it changes, known page by page.
  await tx.$executeRaw`
    UPDATE revocations SET "fanoutCursor" = ${scanned[scanned.length - 1]}::uuid, target = target + ${delivered.length} WHERE id = ${t.revocationId}::uuid`;
  return { scanned, delivered, alreadyAcked: acked.length, canceled: new Map(canceledRows.map((r) => [r.revocationId, r.count])) };
}
