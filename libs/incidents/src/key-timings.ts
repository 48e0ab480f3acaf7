/**
 * The postmortem's key timings, all from the first kill switch linked to the incident:
 * report → first kill, kill → 99 % of its devices acknowledged, kill → lift.
 */
import { KeyTimings, Timing } from './dto/incident.dto';

export interface TimingFacts {
  reportedAt: Date;
  kills: { id: string; createdAt: Date; liftedAt: Date | null; killRevocationId: string | null }[];
  /** The incident's `revocation_milestone` timeline entries (refs: { revocationId, milestone }). */
  milestones: { at: Date; refs: unknown }[];
}

export const ACK_MILESTONE = 99;

function timing(from: Date, to: Date | null | undefined): Timing | null {
  if (!to) return null;
  return { ms: to.getTime() - from.getTime(), from: from.toISOString(), to: to.toISOString() };
}

function milestoneOf(refs: unknown): { revocationId?: unknown; milestone?: unknown } {
  return typeof refs === 'object' && refs !== null ? (refs as { revocationId?: unknown; milestone?: unknown }) : {};
}

export function keyTimings(facts: TimingFacts): KeyTimings {
  const first = [...facts.kills].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))[0];
  if (!first) return { firstKillSwitchId: null, reportToFirstKill: null, killToAck99: null, killToLift: null };
  const acked = facts.milestones
    .filter((m) => {
      const refs = milestoneOf(m.refs);
      return first.killRevocationId !== null && refs.revocationId === first.killRevocationId && Number(refs.milestone) >= ACK_MILESTONE;
    })
    .map((m) => m.at)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    firstKillSwitchId: first.id,
    reportToFirstKill: timing(facts.reportedAt, first.createdAt),
    killToAck99: timing(first.createdAt, acked),
    killToLift: timing(first.createdAt, first.liftedAt),
  };
}
