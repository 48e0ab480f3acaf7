import { Controller, Get } from '@nestjs/common';
import { ApiTags, ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, PrismaHealthIndicator } from '@nestjs/terminus';
import { ChangeListener, PrismaService } from '@killswitch/db';
import { ApiErrors } from '@killswitch/http';
import { Public } from '@killswitch/identity';
import { RedisService } from '@killswitch/queue';

/**
 * Liveness says the process runs; readiness says it can serve: PostgreSQL and
 * Redis answer, and the change listener is connected (while it is not, this
 * instance may have missed a kill). Polls keep being answered from memory
 * either way; readiness tells a load balancer which instance is current.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly prismaIndicator: PrismaHealthIndicator,
    private readonly prisma: PrismaService,
    private readonly redis: RedisService,
    private readonly changes: ChangeListener,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  // Above @HealthCheck, to replace its 503 body: the exception filter answers the failed check as an ErrorBody.
  @ApiErrors(['unavailable', 'internal error'])
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer' })
  ready() {
    return this.health.check([
      () => this.prismaIndicator.pingCheck('database', this.prisma).withTimeout(1500),
      () =>
        this.indicators
          .check('redis')
          .attempt(() => this.redis.ping())
          .withTimeout(1500),
      () =>
        this.indicators.check('changes').attempt(() => {
          if (!this.changes.listening) throw new Error('not listening for change notices: reconnecting to PostgreSQL');
        }),
    ]);
  }
}
