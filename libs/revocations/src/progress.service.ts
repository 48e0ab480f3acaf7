import { Injectable } from '@nestjs/common';
import { DeliveryState, PrismaService } from '@killswitch/db';
import { describeScope, storedScope } from '@killswitch/evaluation';
import { AppError } from '@killswitch/http';
import { appendTimeline } from '@killswitch/incidents';
import { enqueue } from '@killswitch/queue';

export const MILESTONES = [50, 90, 99, 100] as const;
const SYSTEM = { type: 'system', label: 'system:revocations' } as const;
/** Revocations a failed sweep names in its error, at most: the rest are counted. */
const MAX_FAILURES_NAMED = 3;

export type DeliveryCounts = Record<DeliveryState, number>;

/** A revocation's counters just after an update, as the milestone check needs them. */
export interface AckedRevocation {
  id: string;
  /** Deliveries this update closed. */
  closed: number;
  acknowledged: number;
  canceled: number;
  target: number;
  milestones: number[];
  killSwitchId: string;
  /** A lift still fanning out: its target is not final yet. */
  open: boolean;
}

export interface RevocationView {
  id: string;
  killSwitchId: string;
  kind: string;
  rev: number;
  target: number;
  counts: DeliveryCounts;
  /** acknowledged ÷ (target − canceled), 0..1 */
  progress: number;
  milestones: number[];
  createdAt: Date;
  fannedOutAt: Date | null;
  completedAt: Date | null;
}

export function progressOf(acknowledged: number, target: number, canceled: number): number {
  const denominator = target - canceled;
  return denominator <= 0 ? 1 : Math.min(1, acknowledged / denominator);
}

/**
 * Whether these counters reach the milestone (a percentage): progressOf() × 100 ≥ milestone, in integers, as
 * writeMissedMilestones() asks it in SQL (no rounding to tell the two apart).
 */
function reaches(milestone: number, acknowledged: number, target: number, canceled: number): boolean {
  const denominator = target - canceled;
  return denominator <= 0 || acknowledged * 100 >= milestone * denominator;
}

/** Revocation progress: counts by delivery state, and the 50/90/99/100 % milestones on the incident timeline. */
@Injectable()
export class ProgressService {
  /** Progress reads this instance has made (each is two queries): what viewers of progress streams cost the database. */
  reads = 0;

  constructor(private readonly prisma: PrismaService) {}

  /** Throws not_found for a revocation that does not exist: one row by its key, where view() would count its deliveries. */
  async mustExist(id: string): Promise<void> {
    const revocation = await this.prisma.revocation.findUnique({ where: { id }, select: { id: true } });
    if (!revocation) throw new AppError('not_found', `revocation ${id} does not exist`);
  }

  async view(id: string): Promise<RevocationView> {
    this.reads += 1;
    const revocation = await this.prisma.revocation.findUnique({ where: { id } });
    if (!revocation) throw new AppError('not_found', `revocation ${id} does not exist`);
    const rows = await this.prisma.$queryRaw<{ state: DeliveryState; count: number }[]>`
      SELECT state, count(*)::int AS count FROM deliveries WHERE "revocationId" = ${id}::uuid GROUP BY state`;
    const counts: DeliveryCounts = { queued: 0, sent: 0, acknowledged: 0, failed: 0, expired: 0, canceled: 0 };
    for (const row of rows) counts[row.state] = row.count;
    return {
      id: revocation.id,
      killSwitchId: revocation.killSwitchId,
      kind: revocation.kind,
      rev: Number(revocation.rev),
      target: revocation.target,
      counts,
      progress: progressOf(counts.acknowledged, revocation.target, counts.canceled),
      milestones: revocation.milestones,
      createdAt: revocation.createdAt,
      fannedOutAt: revocation.fannedOutAt,
      completedAt: revocation.completedAt,
    };
  }

  /** The fan-out is done: a lift's target is now final, so its milestones may be written. */
  async settle(revocationId: string): Promise<void> {
    const rows = await this.prisma.$queryRaw<AckedRevocation[]>`
      SELECT id, 0 AS closed, acknowledged, canceled, target, milestones, "killSwitchId", ("bucketFrom" IS NOT NULL AND "fannedOutAt" IS NULL) AS open
      FROM revocations WHERE id = ${revocationId}::uuid`;
    await this.checkMilestones(rows);
  }

  /**
   * The milestones that fanned-out revocations have reached but not recorded: an ack batch checks its milestones
   * only after it committed, and a failure then (a database blip) is logged, not retried, so the last acks of a
   * kill could otherwise leave its 100 % (and completedAt) unwritten for good. Reads only the revocations with a
   * milestone due (reaches() in SQL), not every unfinished one: a kill that some device never acknowledges
   * stays unfinished for ever. Safe in several processes at once: each milestone is claimed once. Returns how many
   * were written; a revocation whose write fails does not hold up the others, and the call then throws, naming it.
   */
  async writeMissedMilestones(): Promise<number> {
    const rows = await this.prisma.$queryRaw<AckedRevocation[]>`
      SELECT id, 0 AS closed, acknowledged, canceled, target, milestones, "killSwitchId", ("bucketFrom" IS NOT NULL AND "fannedOutAt" IS NULL) AS open
      FROM revocations
      WHERE "completedAt" IS NULL AND "fannedOutAt" IS NOT NULL
        AND EXISTS (
          SELECT 1 FROM unnest(${[...MILESTONES]}::int[]) m
          WHERE NOT (m = ANY(milestones)) AND (target - canceled <= 0 OR acknowledged * 100 >= m * (target - canceled))
        )
      ORDER BY id`;
    let written = 0;
    const failed: string[] = [];
    for (const row of rows) {
      try {
        written += await this.checkMilestones([row]);
      } catch (error) {
        failed.push(`revocation ${row.id}: ${(error as Error).message}`);
      }
    }
    if (failed.length > 0) {
      const named = failed.slice(0, MAX_FAILURES_NAMED).join('; ');
      throw new Error(
        `${written} milestones written; not written for ${failed.length} revocations: ${named}${failed.length > MAX_FAILURES_NAMED ? '; …' : ''}`,
      );
    }
    return written;
  }

  /** Writes the milestones these counters newly reach, once each; returns how many this call wrote. */
  async checkMilestones(rows: AckedRevocation[]): Promise<number> {
    let written = 0;
    for (const row of rows) {
      // A lift's target grows page by page: no milestone until the fan-out has counted every device.
      if (row.open) continue;
      // Nobody to tell (a kill that matched no device, a lift that changed no answer): every milestone is reached at
      // once, and only the 100 % is told, in words that say so, rather than four entries of "0 of 0".
      const nobody = row.target - row.canceled <= 0;
      for (const milestone of MILESTONES) {
        if (!reaches(milestone, row.acknowledged, row.target, row.canceled) || row.milestones.includes(milestone)) continue;
        const told = !nobody || milestone === 100;
        if (await this.reach(row.id, row.killSwitchId, milestone, row.acknowledged, row.target - row.canceled, told)) written++;
      }
    }
    return written;
  }

  /** Records the milestone unless another call did: false then. */
  /** Claims the milestone once; `told`: with its webhook and, for a kill of an incident, its timeline entry. */
  private async reach(revocationId: string, killSwitchId: string, milestone: number, acknowledged: number, target: number, told: boolean): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const claimed = await tx.$executeRaw`
        UPDATE revocations SET milestones = array_append(milestones, ${milestone}), "completedAt" = CASE WHEN ${milestone} = 100 THEN now() ELSE "completedAt" END
        WHERE id = ${revocationId}::uuid AND NOT (${milestone} = ANY(milestones))`;
      if (claimed === 0) return false;
      if (!told) return true;
      const kill = await tx.killSwitch.findUniqueOrThrow({ where: { id: killSwitchId }, select: { id: true, incidentId: true, scope: true } });
      const { kind } = await tx.revocation.findUniqueOrThrow({ where: { id: revocationId }, select: { kind: true } });
      await enqueue(tx, 'revocation.milestone', {
        at: new Date().toISOString(),
        killSwitchId,
        incidentId: kill.incidentId,
        scope: storedScope(kill),
        revocationId,
        milestone,
        acknowledged,
        target,
      });
      if (!kill.incidentId) return true;
      await appendTimeline(tx, {
        incidentId: kill.incidentId,
        type: 'revocation_milestone',
        actor: SYSTEM,
        // An incident may hold several kills: the entry says which one (and whether it is its lift) in words, and refs link it.
        body:
          target > 0
            ? `${milestone} % of devices acknowledged the ${kind === 'lift' ? 'lift of the kill' : 'kill'} of ${describeScope(storedScope(kill))} (${acknowledged} of ${target})`
            : `No device had to acknowledge the ${kind === 'lift' ? 'lift of the kill' : 'kill'} of ${describeScope(storedScope(kill))}: it changed no device's answer (0 of 0)`,
        refs: { revocationId, killSwitchId, milestone },
      });
      return true;
    });
  }
}
