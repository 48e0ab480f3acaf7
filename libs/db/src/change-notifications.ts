import type { Tx } from './prisma.service';

/**
 * What API instances cache and must refresh. Sent with pg_notify inside the
 * writing transaction, so it is delivered exactly when the change commits and
 * works while Redis is down.
 */
export type ChangeNotice = { kind: 'rules'; rev: string } | { kind: 'catalogue' } | { kind: 'device'; deviceId: string } | { kind: 'keys' };

export const CHANGE_CHANNEL = 'killswitch_changes';

export async function notifyChange(tx: Tx, notice: ChangeNotice): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(notice)})`;
}
