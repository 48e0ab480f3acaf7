/**
 * One page of a fan-out, written in one transaction with the saved cursor, so
 * a crash repeats at most one page and (deliveries being unique per revocation
 * and device) duplicates nothing.
 *
 * Counters (target, acknowledged, canceled) change in the same statement as
 * the delivery rows they count, and count only the rows that statement
 * inserted or moved: a repeated page, or rows another writer moved first, add
 * nothing.
 */
import { Prisma, Tx } from '@killswitch/db';
import { CompiledRules, EvaluatedDevice, Scope, evaluateDevice, releaseBucket } from '@killswitch/evaluation';
import { matchingDevicesWhere } from '@killswitch/devices';
import { AckedRevocation } from './progress.service';

export interface FanoutPage {
  /** The page covered device ids up to here (the next cursor); null: to the end of the fleet. */
  upTo: string | null;
  /** Devices that got a delivery, in id order. */
  delivered: string[];
  /** Revocations whose counters this page moved (the kill's earlier ones included), for the milestone check. */
  touched: AckedRevocation[];
}

/** The columns the milestone check reads, as RETURNING them from an UPDATE of revocations `r`. */
const COUNTERS = Prisma.sql`r.id, r.acknowledged, r.canceled, r.target, r.milestones, r."killSwitchId", (r."bucketFrom" IS NOT NULL AND r."fannedOutAt" IS NULL) AS open`;

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
  // `d.id`, qualified: a bare `ORDER BY id` names the text output column, which no index has, and was planned as a
  // (parallel) scan and sort of every device after the cursor on each page.
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT d.id::text AS id FROM devices d ${t.cursor ? Prisma.sql`WHERE d.id > ${t.cursor}::uuid` : Prisma.empty} ORDER BY d.id OFFSET ${t.size - 1} LIMIT 1`;
  return row?.id ?? null;
}

/**
 * A kill: every device in scope gets a delivery. One statement selects the
 * page's devices, inserts their deliveries and saves the cursor.
 */
export async function scopePage(tx: Tx, t: PageTarget): Promise<FanoutPage> {
  const upTo = await pageEnd(tx, t);
  const where = matchingDevicesWhere(t.scope, { after: t.cursor, upTo });
  const [row] = await tx.$queryRaw<{ ids: string[] | null; touched: AckedRevocation[] }[]>`
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
      UPDATE revocations r SET "fanoutCursor" = coalesce(${upTo}::uuid, r."fanoutCursor"),
             acknowledged = r.acknowledged + (SELECT count(*)::int FROM inserted WHERE state = 'acknowledged')
      WHERE r.id = ${t.revocationId}::uuid
      RETURNING ${COUNTERS}, (SELECT count(*)::int FROM inserted WHERE state = 'acknowledged') AS closed
    )
    SELECT (SELECT array_agg(id::text ORDER BY id) FROM page) AS ids,
           (SELECT coalesce(json_agg(saved), '[]'::json) FROM saved) AS touched`;
  return { upTo, delivered: row.ids ?? [], touched: row.touched };
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
  const canceled = movedIds.length
    ? await tx.$queryRaw<AckedRevocation[]>`
        WITH c AS (
          UPDATE deliveries SET state = 'canceled', "updatedAt" = now()
          WHERE "deviceId" = ANY(${movedIds}::uuid[]) AND state IN ('queued', 'sent')
            AND "revocationId" IN (SELECT id FROM revocations WHERE "killSwitchId" = ${t.killSwitchId}::uuid AND rev < ${t.rev})
          RETURNING "revocationId"
        ), n AS (SELECT "revocationId", count(*)::int AS n FROM c GROUP BY "revocationId"),
        -- locked in id order, as the acks' close statement locks them; older revocations' ids sort before this one's
        locked AS MATERIALIZED (SELECT id FROM revocations WHERE id IN (SELECT "revocationId" FROM n) ORDER BY id FOR NO KEY UPDATE)
        UPDATE revocations r SET canceled = r.canceled + n.n FROM n, locked l WHERE r.id = n."revocationId" AND r.id = l.id
        RETURNING ${COUNTERS}, 0 AS closed`
    : [];
  const delivered = changed.map((r) => r.id);
  const acked = changed.filter((r) => r.ackedRev >= t.rev).map((r) => r.id);
  // A ranged revocation's target is the devices it changes, known page by page: the rows inserted, not the rows meant.
  const [own] = await tx.$queryRaw<AckedRevocation[]>`
    WITH inserted AS (
      INSERT INTO deliveries ("revocationId", "deviceId", rev, state, "queuedAt", "updatedAt", "acknowledgedAt")
      SELECT ${t.revocationId}::uuid, id, ${t.rev},
             CASE WHEN id = ANY(${acked}::uuid[]) THEN 'acknowledged'::"DeliveryState" ELSE 'queued'::"DeliveryState" END,
             now(), now(), CASE WHEN id = ANY(${acked}::uuid[]) THEN now() END
      FROM unnest(${delivered}::uuid[]) AS id
      ON CONFLICT ("revocationId", "deviceId") DO NOTHING
      RETURNING state
    )
    UPDATE revocations r SET "fanoutCursor" = coalesce(${upTo}::uuid, r."fanoutCursor"),
           target = r.target + (SELECT count(*)::int FROM inserted),
           acknowledged = r.acknowledged + (SELECT count(*)::int FROM inserted WHERE state = 'acknowledged')
    WHERE r.id = ${t.revocationId}::uuid
    RETURNING ${COUNTERS}, (SELECT count(*)::int FROM inserted WHERE state = 'acknowledged') AS closed`;
  return { upTo, delivered, touched: [...canceled, own] };
}
