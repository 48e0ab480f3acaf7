import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Role } from '@killswitch/db';
import { Roles, UserContext, UserCtx } from '@killswitch/identity';
import { AlertmanagerWebhookDto } from './dto/alertmanager.dto';
import { SignalDto, SignalReceipt } from './dto/signal.dto';
import { SignalIntakeService } from './signal-intake.service';

/** Only a `signals` token posts signals (an admin mints it for the alert source); nobody signs in to do it. */
@ApiTags('signals')
@Controller('v1/signals')
export class SignalsController {
  constructor(private readonly intake: SignalIntakeService) {}

  @Post('alertmanager')
  @HttpCode(200)
  @Roles(Role.signals)
  @ApiOkResponse({ type: SignalReceipt, description: 'Alertmanager webhook (version 4): each firing alert whose labels name a scope becomes a proposal' })
  @ApiOperation({ summary: 'Receive an Alertmanager webhook: firing alerts become proposals' })
  alertmanager(@UserCtx() ctx: UserContext, @Body() payload: AlertmanagerWebhookDto): Promise<SignalReceipt> {
    return this.intake.alertmanager(ctx, payload);
  }

  @Post()
  @HttpCode(200)
  @Roles(Role.signals)
  @ApiOkResponse({ type: SignalReceipt, description: 'a generic signal: a proposal, or a repeat of one' })
  @ApiOperation({ summary: 'Receive a generic signal: a kill proposal' })
  signal(@UserCtx() ctx: UserContext, @Body() dto: SignalDto): Promise<SignalReceipt> {
    return this.intake.generic(ctx, dto);
  }
}
