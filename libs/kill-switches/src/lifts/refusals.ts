import { AuditAction, RefusalRecorder } from '@killswitch/audit';
import { AppError } from '@killswitch/http';
import { RequestContext } from '@killswitch/identity';

/**
 * Runs a privileged lift action; when it is refused (403 or 409) nothing it
 * did is kept, and the refusal itself is audited: counted per person, action,
 * target and reason a minute, with the first request id, and folded into the
 * audit chain when the minute closes (a self-approval attempt included).
 */
export async function auditingRefusals<T>(
  refusals: RefusalRecorder,
  ctx: RequestContext,
  what: { action: AuditAction; target: { type: string; id: string } },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'forbidden' || error.code === 'conflict')) {
      await refusals.record({ actor: ctx.actor, action: what.action, target: what.target, reason: error.message, requestId: ctx.requestId });
    }
    throw error;
  }
}
