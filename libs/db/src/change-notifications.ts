import { KillSwitchState, Prisma } from './generated/prisma/client';
import type { Tx } from './prisma.service';

/**
 * What API instances cache and must refresh. Sent with pg_notify inside the
 * writing transaction, so it is delivered exactly when the change commits and
 * works while Redis is down.
 */
/** A rules notice names the kill its revision changed (a notice without one makes a listener read every rule). */
export type ChangeNotice = RulesChangeNotice | { kind: 'catalogue' } | DeviceChangeNotice | { kind: 'keys' };

export interface RulesChangeNotice {
  kind: 'rules';
  rev: string;
  killSwitchId?: string;
  /**
   * The kill's rule columns as its transaction committed them, only in the notice the instance that made the change
   * publishes to itself (publishLocal): it applies the change without reading the kill back. Never in a NOTIFY.
   */
  committed?: CommittedKillRule;
}

/** A kill switch's columns that make its rule (revocations' RULE_COLUMNS). */
export interface CommittedKillRule {
  id: string;
  state: KillSwitchState;
  scope: Prisma.JsonValue;
  incidentId: string | null;
  deviceMessage: string | null;
  releasedBelow: number;
}

/**
 * A device's facts or credentials changed. `liveCredentialId` is set when its
 * credentials did (a rotation, a decommission): the one credential still
 * valid, or null for none. Every stream and cached principal of any other
 * credential of the device must end at once.
 */
export interface DeviceChangeNotice {
  kind: 'device';
  deviceId: string;
  liveCredentialId?: string | null;
}

export const CHANGE_CHANNEL = 'killswitch_changes';

export async function notifyChange(tx: Tx, notice: ChangeNotice): Promise<void> {
  await tx.$executeRaw`SELECT ${notifySql(notice)}`;
}

/** The notification as an SQL expression, for a statement that does more in the same round trip. */
export function notifySql(notice: ChangeNotice): Prisma.Sql {
  // A local notice's committed rule never goes out (a NOTIFY payload is small; the other instances read the kill).
  const sent = notice.kind === 'rules' ? { kind: notice.kind, rev: notice.rev, killSwitchId: notice.killSwitchId } : notice;
  return Prisma.sql`pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(sent)})`;
}
