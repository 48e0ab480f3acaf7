import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get } from '@nestjs/common';
import { ApiTags, ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, PrismaHealthIndicator } from '@nestjs/terminus';
import { ChangeListener, PrismaService } from '@killswitch/db';
import { ApiErrors } from '@killswitch/http';
import { Public } from '@killswitch/identity';
import { REVOCATIONS_QUEUE, RedisService } from '@killswitch/queue';
import { StateReader } from './state-reader';

/** How long readiness waits for each dependency. */
const CHECK_TIMEOUT_MS = 1500;

/**
 * Liveness says the process runs; readiness says it can serve: PostgreSQL and
 * Redis answer, and the change listener is connected (while it is not, this
 * instance may have missed a kill). Polls keep being answered from memory
 * either way; readiness tells a load balancer which instance is current.
 *
 * A paused queue (from the queue dashboard) makes readiness `degraded`, still
 * 200: this instance serves polls and kills as well as any, and taking every
 * instance out of the load balancer would stop those too. A paused
 * `revocations` queue means kills reach devices only at their next poll; the
 * body says so, /metrics has killswitch_queue_paused, and an alert pages.
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
    private readonly state: StateReader,
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
  @ApiOperation({
    summary: 'Readiness: PostgreSQL and Redis answer (503 otherwise); status `degraded` (still 200) while a queue is paused, named in details.queues.paused',
  })
  ready() {
    return this.health.check([
      () => this.prismaIndicator.pingCheck('database', this.prisma).withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(() => this.redis.ping())
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators.check('changes').attempt(() => {
          if (!this.changes.listening) throw new Error('not listening for change notices: reconnecting to PostgreSQL');
        }),
      () => this.queues(),
    ]);
  }

  /** `up`, or `degraded` naming the paused queues; Redis not answering is the redis check's to report. */
  private async queues() {
    const check = this.indicators.check('queues');
    const paused = await Promise.race([this.state.pausedQueues(), sleep(CHECK_TIMEOUT_MS, undefined, { ref: false })]).catch(() => undefined);
    if (paused === undefined) return check.up({ paused: 'unknown: Redis did not answer' });
    if (paused.length === 0) return check.up({ paused: [] });
    const message = paused.includes(REVOCATIONS_QUEUE)
      ? 'the revocations queue is paused: kills and lifts are not pushed to devices (they learn them at their next poll) until it is resumed at /admin/queues'
      : `paused: ${paused.join(', ')}; resume at /admin/queues`;
    return check.degraded({ paused, message });
  }
}
