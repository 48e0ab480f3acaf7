/**
 * One page of a fan-out, written in one transaction with the saved cursor, so
 * a crash repeats at most one page and (deliveries being unique per revocation
 * and device) duplicates nothing.
 */
import { Prisma, Tx } from '@killswitch/db';
import { CompiledRules, EvaluatedDevice, Scope, evaluateDevice, releaseBucket } from '@killswitch/evaluation';
import { matchingDevicesWhere } from '@killswitch/kill-switches';

export interface FanoutPage {
  /** The page covered device ids up to here (the next cursor); null: to the end of the fleet. */
  upTo: string | null;
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
  scope: Scope;
  cursor: string | null;
  size: number;
}

/**
 * A page is the next `size` devices of the fleet by id, whatever the scope: the
 * bound is found on the primary key alone, so every page costs the same however
 * narrow the scope or large the fleet. Null: fewer than `size` devices remain.
 */
async function pageEnd(tx: Tx, t: PageTarget): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM devices ${t.cursor ? Prisma.sql`WHERE id > ${t.cursor}::uuid` : Prisma.empty} ORDER BY id OFFSET ${t.size - 1} LIMIT 1`;
  return row?.id ?? null;
}

/**
 * A kill: every device in scope gets a delivery. One statement selects the
 * page's devices, inserts their deliveries and saves the cursor.
 */
export async function scopePage(tx: Tx, t: PageTarget): Promise<FanoutPage> {
  const upTo = await pageEnd(tx, t);
  const where = matchingDevicesWhere(t.scope, { after: t.cursor, upTo });
  const [row] = await tx.$queryRaw<{ ids: string[] | null; acked: number }[]>`
    WITH page AS (
      SELECT d.id, d."ackedRev" FROM devices d WHERE ${where}
    ), inserted AS (
      INSERT INTO deliveries ("revocationId", "deviceId", rev, state, "queuedAt", "updatedAt", "acknowledgedAt")
      SELECT ${t.revocationId}::uuid, p.id, ${t.rev},
             CASE WHEN p."ackedRev" >= ${t.rev} THEN 'acknowledged'::"DeliveryState" ELSE 'queued'::"DeliveryState" END,
             now(), now(), CASE WHEN p."ackedRev" >= ${t.rev} THEN now() END
      FROM page p
      ON CONFLICT ("revocationId", "deviceId") DO NOTHING
      RETURNING state
    ), saved AS (
      UPDATE revocations SET "fanoutCursor" = ${upTo}::uuid WHERE id = ${t.revocationId}::uuid AND ${upTo !== null}
    )
    SELECT (SELECT array_agg(id::text ORDER BY id) FROM page) AS ids,
           (SELECT count(*)::int FROM inserted WHERE state = 'acknowledged') AS acked`;
  return { upTo, delivered: row.ids ?? [], alreadyAcked: row.acked, canceled: new Map() };
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
  const upTo = await pageEnd(tx, t);
  const rows = await tx.$queryRaw<DeviceRow[]>`
    SELECT d.id::text AS id, d.model, d.firmware, d.region, d.cohort, d."ackedRev",
           coalesce(json_agg(json_build_object('integration', i.integration, 'vendorModel', i."vendorModel", 'vendorFirmware', i."vendorFirmware"))
                    FILTER (WHERE i.id IS NOT NULL), '[]') AS inventory
    FROM (SELECT d.* FROM devices d WHERE ${matchingDevicesWhere(t.scope, { after: t.cursor, upTo })}) d
    LEFT JOIN device_inventory_items i ON i."deviceId" = d.id
    GROUP BY d.id, d.model, d.firmware, d.region, d.cohort, d."ackedRev"
    ORDER BY d.id`;
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
    UPDATE revocations SET "fanoutCursor" = coalesce(${upTo}::uuid, "fanoutCursor"), target = target + ${delivered.length} WHERE id = ${t.revocationId}::uuid`;
  return { upTo, delivered, alreadyAcked: acked.length, canceled: new Map(canceledRows.map((r) => [r.revocationId, r.count])) };
}
