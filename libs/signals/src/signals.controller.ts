import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Role } from '@killswitch/db';
import { ApiErrors } from '@killswitch/http';
import { Roles, UserContext, UserCtx } from '@killswitch/identity';
import { ALERTMANAGER_BODY_LIMIT, AlertmanagerWebhookDto } from './dto/alertmanager.dto';
import { SignalDto, SignalReceipt } from './dto/signal.dto';
import { SignalIntakeService } from './signal-intake.service';
import { SignalsThrottlerGuard } from './signals-throttler.guard';

/** Past SIGNALS_RATE_LIMIT requests a minute of one token (default 6000), both routes together. */
const RATE_LIMITED: ['rate_limited', string] = ['rate_limited', 'too many signals from this token: at most 6000 a minute; retry in 42 s'];

/**
 * Only a `signals` token posts signals (an admin mints it for the alert source); nobody signs in to do it. Each token
 * may post SIGNALS_RATE_LIMIT requests a minute (SignalsThrottlerGuard); an instance writes one request at a time, with
 * SIGNALS_QUEUE_MAX of a token's waiting (SignalQueue).
 */
@ApiTags('signals')
@Controller('v1/signals')
@UseGuards(SignalsThrottlerGuard)
export class SignalsController {
  constructor(private readonly intake: SignalIntakeService) {}

  @Post('alertmanager')
  @HttpCode(200)
  @Roles(Role.signals)
  // A notification of 100 alerts as Prometheus labels them (a dozen labels, a runbook, a generator URL) is over 64 KiB.
  @RouteConfig({ bodyLimit: ALERTMANAGER_BODY_LIMIT })
  @ApiCreatedResponse({ type: SignalReceipt, description: 'at least one firing alert became a new proposal (outcome `proposed`)' })
  @ApiOkResponse({ type: SignalReceipt, description: 'no new proposal: every alert repeated, resolved or named no scope' })
  @ApiOperation({
    summary: 'Receive an Alertmanager webhook: firing alerts become proposals',
    description:
      'Alertmanager webhook (version 4): each firing alert whose labels name a scope becomes a proposal. At most 100 alerts ' +
      'and 256 KiB (or BODY_LIMIT_BYTES, if larger) a notification.',
  })
  @ApiErrors(RATE_LIMITED, 'signals_busy')
  async alertmanager(
    @UserCtx() ctx: UserContext,
    @Body() payload: AlertmanagerWebhookDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignalReceipt> {
    return answered(await this.intake.alertmanager(ctx, payload), reply);
  }

  @Post()
  @HttpCode(200)
  @Roles(Role.signals)
  @ApiCreatedResponse({ type: SignalReceipt, description: 'the signal became a new proposal (outcome `proposed`)' })
  @ApiOkResponse({ type: SignalReceipt, description: 'a repeat of an open proposal, a resolution, or a signal that names no scope' })
  @ApiOperation({ summary: 'Receive a generic signal: a kill proposal' })
  @ApiErrors(RATE_LIMITED, 'signals_busy')
  async signal(@UserCtx() ctx: UserContext, @Body() dto: SignalDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SignalReceipt> {
    return answered(await this.intake.generic(ctx, dto), reply);
  }
}

/** 201 when the signal made a proposal (a resource created), 200 for a receipt that made none (DESIGN.md: statuses). */
function answered(receipt: SignalReceipt, reply: FastifyReply): SignalReceipt {
  if (receipt.alerts.some((alert) => alert.outcome === 'proposed')) void reply.status(201);
  return receipt;
}
