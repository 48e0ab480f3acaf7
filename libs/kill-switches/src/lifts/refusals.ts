import { AuditAction, AuditService } from '@killswitch/audit';
import { PrismaService } from '@killswitch/db';
import { AppError } from '@killswitch/http';
import { RequestContext } from '@killswitch/identity';

/**
 * Runs a privileged lift action; when it is refused (403 or 409) nothing it
 * did is kept, and the refusal itself is written to the audit log.
 */
export async function auditingRefusals<T>(
  prisma: PrismaService,
  audit: AuditService,
  ctx: RequestContext,
  what: { action: AuditAction; target: { type: string; id: string } },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'forbidden' || error.code === 'conflict')) {
      await prisma.$transaction((tx) =>
        audit.append(tx, { actor: ctx.actor, action: what.action, outcome: 'refused', target: what.target, reason: error.message, requestId: ctx.requestId }),
      );
    }
    throw error;
  }
}
