/**
 * The incident lifecycle: triage → investigating → mitigated → resolved → closed,
 * one step forward at a time, with a reopening back to investigating from
 * mitigated or resolved. Closed is final.
 */
import { IncidentStatus } from '@killswitch/db';

export const NEXT_STATUSES: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  triage: ['investigating'],
  investigating: ['mitigated'],
  mitigated: ['resolved', 'investigating'],
  resolved: ['closed', 'investigating'],
  closed: [],
};

export type TransitionCheck = { ok: true } | { ok: false; message: string };

export function checkTransition(from: IncidentStatus, to: IncidentStatus): TransitionCheck {
  const allowed = NEXT_STATUSES[from];
  if (allowed.includes(to)) return { ok: true };
  if (allowed.length === 0) return { ok: false, message: `the incident is ${from}, which is final: its status cannot change` };
  return { ok: false, message: `cannot move the incident from ${from} to ${to}: the allowed next statuses are ${allowed.join(', ')}` };
}

/**
 * The lifecycle timestamps after a move to `to`: the one for `to` is set to `now`, and a
 * reopening clears those of the stages the incident left (the timeline keeps the history).
 */
export function lifecycleStamps(to: IncidentStatus, now: Date): { mitigatedAt?: Date | null; resolvedAt?: Date | null; closedAt?: Date | null } {
  switch (to) {
    case 'mitigated':
      return { mitigatedAt: now };
    case 'resolved':
      return { resolvedAt: now };
    case 'closed':
      return { closedAt: now };
    case 'investigating':
      return { mitigatedAt: null, resolvedAt: null };
    case 'triage':
      return {};
    default: {
      const unmapped: never = to;
      throw new Error(`unmapped incident status ${String(unmapped)}`);
    }
  }
}
