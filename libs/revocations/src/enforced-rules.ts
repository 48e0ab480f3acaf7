/**
 * The enforced rules: every kill switch not lifted, as the evaluation's
 * KillRule. One load for the device API's in-memory rules (RulesCache) and
 * for a lift's fan-out, which must judge devices by the same rules they are
 * answered with.
 */
import { Prisma, PrismaService, Tx } from '@killswitch/db';
import { KillRule, storedScope } from '@killswitch/evaluation';

// Never the internal reason: what is loaded here is what devices are told.
const RULE_COLUMNS = { id: true, state: true, scope: true, incidentId: true, deviceMessage: true, releasedBelow: true } satisfies Prisma.KillSwitchSelect;

export type KillRuleRow = Prisma.KillSwitchGetPayload<{ select: typeof RULE_COLUMNS }>;

/** The enforced kills in id order; a query, so a caller can batch it in one snapshot with others. */
export function findEnforcedKills(db: PrismaService | Tx) {
  return db.killSwitch.findMany({ where: { state: { not: 'lifted' } }, orderBy: { id: 'asc' }, select: RULE_COLUMNS });
}

/** One kill, enforced or not. */
export function findKillRule(db: PrismaService | Tx, id: string): Promise<KillRuleRow> {
  return db.killSwitch.findUniqueOrThrow({ where: { id }, select: RULE_COLUMNS });
}

/** A kill as a rule; `releasedBelow` overrides how much of it a lift has released. */
export function killRule(row: KillRuleRow, releasedBelow = row.releasedBelow): KillRule {
  return { id: row.id, scope: storedScope(row), incidentId: row.incidentId, deviceMessage: row.deviceMessage, releasedBelow };
}
