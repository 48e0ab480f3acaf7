import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Roles } from '@killswitch/identity';
import { AuditLogService } from './audit-log.service';
import { ChainVerifier } from './chain-verifier.service';
import { AuditListQuery, AuditPage, VerifyResultView } from './dto/audit-log.dto';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditLogController {
  constructor(
    private readonly log: AuditLogService,
    private readonly verifier: ChainVerifier,
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
      'recompute the hash chain from genesis to the head and name the first entry that breaks it; ok is false also when the chain ends below the latest signed checkpoint or no longer has its hash there',
  })
  @ApiOkResponse({ type: VerifyResultView })
  async verify(): Promise<VerifyResultView> {
    const verdict = await this.verifier.verifyWithCheckpoint();
    return {
      ok: verdict.ok,
      entries: verdict.entries,
      headSeq: verdict.head.seq.toString(),
      headHash: verdict.head.hash,
      ...(verdict.firstBroken ? { firstBroken: verdict.firstBroken } : {}),
    };
  }
}
