import { RefusalFolder } from '@killswitch/audit';
import type { Prisma, PrismaClient } from '@killswitch/db';
import type { TestApi } from './api-harness';

/** Folds every refused attempt counted so far into the audit chain, as the worker does once each minute has closed. */
export function foldRefusals(api: TestApi): Promise<number> {
  return api.app.get(RefusalFolder).fold({ includeOpenMinute: true });
}

/** Refused attempts the audit log records under this filter: an entry that folds n attempts counts n. */
export async function refusedAttempts(prisma: PrismaClient, where: Prisma.AuditEntryWhereInput): Promise<number> {
  const entries = await prisma.auditEntry.findMany({ where: { ...where, outcome: 'refused' }, select: { count: true } });
  return entries.reduce((sum, entry) => sum + (entry.count ?? 1), 0);
}
