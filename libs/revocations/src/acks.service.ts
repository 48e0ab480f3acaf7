import { Injectable, Logger } from '@nestjs/common';
import { Done, PrismaService, Statement, promised } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { AckBatcher } from './ack-batcher';
import { deliveriesAcknowledged, deviceAcks } from './ack-metrics';
import { AckedRevocation, ProgressService } from './progress.service';

export interface AckResult {
  rev: number;
  /** Deliveries this ack closed (0 when it repeats an earlier one). */
  acknowledged: number;
}

interface Ack {
  deviceId: string;
  rev: number;
}

/**
 * The batch's first statement of two, each committed on its own (see AcksService); $1 device ids, $2 revisions:
 * the current revision, and each device's ackedRev raised to the highest of its acks not ahead of it.
 *
 * The rows to raise are locked in id order first (LockRows after the sort), as device sightings lock them, so two
 * writers of the same devices never deadlock (`acks-lock-order.int.spec.ts`); a row another writer raised meanwhile
 * stays locked but is not updated. The update then joins the locked rows alone, each with its revision: joining the
 * batch's input and the locked ids both was planned as a scan of every locked id for each row, quadratic in the
 * batch (`bench/acks-statement.mjs` compares the two).
 */
export const RAISE_ACKED_REV: Statement = {
  name: 'acks-raise-acked-rev',
  text: `
    WITH cur AS (SELECT rev FROM "revision" WHERE id = 1),
    input AS (
      SELECT device_id, max(rev) AS rev FROM unnest($1::uuid[], $2::bigint[]) AS t(device_id, rev)
      WHERE rev <= (SELECT rev FROM cur) GROUP BY device_id
    ),
    locked AS MATERIALIZED (
      SELECT d.id, i.rev FROM devices d JOIN input i ON d.id = i.device_id WHERE d."ackedRev" < i.rev ORDER BY d.id FOR NO KEY UPDATE OF d
    ),
    raised AS (
      UPDATE devices d SET "ackedRev" = l.rev FROM locked l WHERE d.id = l.id AND d."ackedRev" < l.rev
    )
    SELECT coalesce((SELECT rev FROM cur), 0)::text AS current`,
};

/** The second: the devices' open deliveries up to their revisions closed, and counted into their revocations in the same statement. */
const CLOSE_DELIVERIES: Statement = {
  name: 'acks-close-deliveries',
  text: `
    WITH input AS (SELECT * FROM unnest($1::uuid[], $2::bigint[]) AS t(device_id, rev)),
    closed AS (
      UPDATE deliveries d SET state = 'acknowledged', "acknowledgedAt" = now(), "updatedAt" = now() FROM input i
      WHERE d."deviceId" = i.device_id AND d.rev <= i.rev AND d.state IN ('queued', 'sent', 'failed', 'expired')
      RETURNING d."revocationId", d."deviceId"
    ), counted AS (
      SELECT "revocationId", count(*)::int AS n FROM closed GROUP BY "revocationId"
    ),
    -- locked in id order, as a lift's page locks the ones it cancels in: two writers of the same counters never deadlock on them
    locked AS MATERIALIZED (SELECT id FROM revocations WHERE id IN (SELECT "revocationId" FROM counted) ORDER BY id FOR NO KEY UPDATE),
    updated AS (
      UPDATE revocations r SET acknowledged = r.acknowledged + c.n FROM counted c, locked l WHERE r.id = c."revocationId" AND r.id = l.id
      RETURNING r.id, c.n AS closed, r.acknowledged, r.canceled, r.target, r.milestones, r."killSwitchId", (r."bucketFrom" IS NOT NULL AND r."fannedOutAt" IS NULL) AS open
    )
    SELECT
      (SELECT coalesce(json_agg(updated), '[]'::json) FROM updated) AS revocations,
      (SELECT coalesce(json_agg(json_build_object('deviceId', "deviceId", 'n', n)), '[]'::json)
         FROM (SELECT "deviceId", count(*)::int AS n FROM closed GROUP BY "deviceId") per_device) AS devices`,
};

/** A batch written: each ack's result, and the counters of the revocations it closed deliveries of (for their milestones). */
interface Written {
  results: (AckResult | Error)[];
  revocations: AckedRevocation[];
}

/** Retried: two batches (of one instance or of two) with devices in common can lock their deliveries in opposite orders. */
const DEADLOCK = '40P01';
const MAX_ATTEMPTS = 3;
/** What a device is told when its batch deadlocked MAX_ATTEMPTS times: its ack may be half written, and sending it again is safe. */
export const ACKS_BUSY = 'acknowledgements are being written by others at this moment: not written in full; send it again shortly';

/**
 * An ack { rev } means "verified and applied": it closes the device's open
 * deliveries up to rev. Idempotent; a rev above the current one is a conflict.
 *
 * A whole fleet acks within seconds of a push, and every ack adds to the same
 * revocation counter row, so acks are written in batches (AckBatcher): the
 * acks that arrive while a batch is being written form the next one, two
 * batches in flight at most. Each
 * batch is two statements, sent through the pool directly (PrismaService.sql:
 * Prisma's $queryRaw cost more API CPU than the statements' own work at a few
 * acks a batch): the first checks the revision and raises each
 * device's ackedRev; the second closes their deliveries and adds them to
 * their revocations' counters. Their order matters: a delivery the fan-out
 * writes after the first is born acknowledged, and one it was writing
 * meanwhile is closed by the fan-out's reconciliation (see FanoutService).
 */
@Injectable()
export class AcksService {
  private readonly logger = new Logger(AcksService.name);
  private readonly batcher = new AckBatcher<Ack, AckResult>((acks) => this.writeWithRetry(acks));

  constructor(
    private readonly prisma: PrismaService,
    private readonly progress: ProgressService,
  ) {}

  /** The device's ack of `rev`, written in the next batch; `done` is called once (the device API's early answer: no promise an ack). */
  ackWith(deviceId: string, rev: number, done: Done<AckResult>): void {
    this.batcher.submitWith({ deviceId, rev }, done);
  }

  /** ackWith() as a promise. */
  ack(deviceId: string, rev: number): Promise<AckResult> {
    return promised((done) => this.ackWith(deviceId, rev, done));
  }

  private async writeWithRetry(acks: Ack[]): Promise<(AckResult | Error)[]> {
    for (let attempt = 1; ; attempt++) {
      let written: Written;
      try {
        written = await this.write(acks);
      } catch (error) {
        if (!isDeadlock(error)) throw error;
        // Still meeting other writers of the same deliveries: busy, not broken (a 503 with Retry-After, never a 500).
        if (attempt >= MAX_ATTEMPTS) throw new AppError('unavailable', ACKS_BUSY);
        continue;
      }
      // After the batch committed, outside its retry: a milestone that cannot be written now must neither fail nor
      // repeat acks that are written (a repeat would close nothing and answer each of them 0).
      await this.progress.checkMilestones(written.revocations).catch((error: Error) => this.logger.warn(`milestones not written: ${error.message}`));
      return count(written.results);
    }
  }

  private async write(acks: Ack[]): Promise<Written> {
    const [{ current: currentText }] = await this.prisma.sql<{ current: string }>(RAISE_ACKED_REV, [
      arrayLiteral(acks, (a) => a.deviceId),
      arrayLiteral(acks, (a) => a.rev),
    ]);
    const current = revisionOf(currentText);
    const latest = latestPerDevice(acks, current);
    const { closedByDevice, revocations } =
      latest.size > 0 ? await this.closeDeliveries(latest) : { closedByDevice: new Map<string, number>(), revocations: [] };
    // A device's closed deliveries are credited to the first of its acks in the batch that reached that far.
    const credited = new Set<string>();
    const results = acks.map(({ deviceId, rev }) => {
      if (rev > current) return new AppError('conflict', `rev ${rev} is ahead of the current revision ${current}`);
      if (rev !== latest.get(deviceId) || credited.has(deviceId)) return { rev, acknowledged: 0 };
      credited.add(deviceId);
      return { rev, acknowledged: closedByDevice.get(deviceId) ?? 0 };
    });
    return { results, revocations };
  }

  /** Closes the devices' open deliveries up to their revisions; returns how many each device closed, and its revocations' counters. */
  private async closeDeliveries(latest: Map<string, number>): Promise<{ closedByDevice: Map<string, number>; revocations: AckedRevocation[] }> {
    const [{ revocations, devices }] = await this.prisma.sql<{ revocations: AckedRevocation[]; devices: { deviceId: string; n: number }[] }>(CLOSE_DELIVERIES, [
      arrayLiteral(latest.keys(), (id) => id),
      arrayLiteral(latest.values(), (rev) => rev),
    ]);
    return { closedByDevice: new Map(devices.map(({ deviceId, n }) => [deviceId, n])), revocations };
  }
}

/**
 * The current revision, as a number an ack's safe-integer rev compares with exactly: a revision beyond
 * Number.MAX_SAFE_INTEGER is above every such rev, so it stands as Infinity (no BigInt an ack to compare).
 */
function revisionOf(text: string): number {
  const current = BigInt(text);
  return current > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(current);
}

/** Per device, the highest revision it acknowledged in the batch that is not ahead of the current one. */
function latestPerDevice(acks: Ack[], current: number): Map<string, number> {
  const latest = new Map<string, number>();
  for (const { deviceId, rev } of acks) if (rev <= current && rev > (latest.get(deviceId) ?? -1)) latest.set(deviceId, rev);
  return latest;
}

/** The acks accepted, and the deliveries they closed, counted once a batch (not once an ack). */
function count(results: (AckResult | Error)[]): (AckResult | Error)[] {
  let accepted = 0;
  let closed = 0;
  for (const result of results) {
    if (result instanceof Error) continue;
    accepted++;
    closed += result.acknowledged;
  }
  if (accepted > 0) deviceAcks.inc(accepted);
  if (closed > 0) deliveriesAcknowledged.inc(closed);
  return results;
}

/**
 * A PostgreSQL array literal of uuids or integers, `{a,b}`: neither needs quoting, and node-postgres's
 * own array encoding (a quoted, escaped element each) costs more than the statement's send at a few
 * hundred acks a batch.
 */
function arrayLiteral<T>(items: Iterable<T>, element: (item: T) => string | number): string {
  let text = '';
  for (const item of items) text += (text === '' ? '{' : ',') + String(element(item));
  return text === '' ? '{}' : `${text}}`;
}

function isDeadlock(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error);
  return text.includes(DEADLOCK) || /deadlock detected/i.test(text);
}
