import { Module } from '@nestjs/common';
import { EnvConfig } from '@killswitch/config';
import { KillSwitchesModule } from '@killswitch/kill-switches';
import { AutoKillPoliciesController } from './auto-kill-policies.controller';
import { AutoKillPoliciesService } from './auto-kill-policies.service';
import { AutoKillService } from './auto-kill.service';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';
import { SignalIntakeService } from './signal-intake.service';
import { SignalQueue } from './signal-queue';
import { SignalsController } from './signals.controller';
import { SignalsThrottlerGuard } from './signals-throttler.guard';

/** Alert signals in, the kills they propose, and the policies that may kill at once. */
@Module({
  imports: [KillSwitchesModule],
  controllers: [SignalsController, ProposalsController, AutoKillPoliciesController],
  providers: [
    SignalIntakeService,
    AutoKillService,
    ProposalsService,
    AutoKillPoliciesService,
    SignalsThrottlerGuard,
    { provide: SignalQueue, inject: [EnvConfig], useFactory: (config: EnvConfig) => new SignalQueue(config.SIGNALS_QUEUE_MAX) },
  ],
})
export class SignalsModule {}
