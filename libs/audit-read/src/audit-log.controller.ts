import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RefusalRecorder } from '@killswitch/audit';
import { Role } from '@killswitch/db';
import { ApiErrors, AppError } from '@killswitch/http';
import { ANY_ROLE, Roles, UserContext, UserCtx } from '@killswitch/identity';
import { AuditLogService } from './audit-log.service';
import { ChainVerification } from './chain-verification.service';
import { AuditListQuery, AuditPage, VerifyQuery, VerifyResultView } from './dto/audit-log.dto';

/** Who may ask for a walk of the whole chain from genesis: the people whose job the audit log is. */
const FULL_VERIFY_ROLES: readonly Role[] = [Role.admin, Role.auditor];
const FULL_VERIFY_REFUSED = 'a full verification (full=true) is for admins and auditors';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditLogController {
  constructor(
    private readonly log: AuditLogService,
    private readonly verification: ChainVerification,
    private readonly refusals: RefusalRecorder,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: AuditPage, description: 'newest first' })
  @ApiOperation({ summary: 'Read the audit log, newest first' })
  list(@Query() query: AuditListQuery): Promise<AuditPage> {
    return this.log.list(query);
  }

  @Get('verify')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary:
      'verify the hash chain from genesis to the head and name the first entry that breaks it; ok is false also when the chain ends below the latest signed checkpoint or no longer has its hash there',
    description:
      'Calls that arrive together share one walk, and the verdict holds until the head moves. Only the entries appended since the last walk are walked, after checking that the last verified entry still stores its hash; the whole chain is walked from genesis when the last full walk is older than AUDIT_VERIFY_FULL_INTERVAL_SEC, whenever that check or the walk finds anything wrong, and on `full=true` (admins and auditors).',
  })
  @ApiOkResponse({ type: VerifyResultView })
  @ApiErrors(['forbidden', FULL_VERIFY_REFUSED])
  async verify(@Query() query: VerifyQuery, @UserCtx() ctx: UserContext): Promise<VerifyResultView> {
    const full = query.full === 'true';
    if (full && !FULL_VERIFY_ROLES.some((role) => ctx.principal.roles.includes(role))) {
      await this.refusals.record({
        actor: ctx.actor,
        action: 'access.refused',
        target: { type: 'route', id: 'GET /v1/audit/verify?full=true' },
        reason: FULL_VERIFY_REFUSED,
        requestId: ctx.requestId,
      });
      throw new AppError('forbidden', FULL_VERIFY_REFUSED);
    }
    const verdict = await this.verification.verify({ full });
    return {
      ok: verdict.ok,
      entries: verdict.entries,
      headSeq: verdict.head.seq.toString(),
      headHash: verdict.head.hash,
      ...(verdict.firstBroken ? { firstBroken: verdict.firstBroken } : {}),
    };
  }
}
