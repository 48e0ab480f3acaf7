import { Module } from '@nestjs/common';
import { KillSwitchesController } from './kill-switches.controller';
import { KillSwitchesService } from './kill-switches.service';
import { LiftDecisionsService } from './lifts/lift-decisions.service';
import { LiftProgressionService } from './lifts/lift-progression.service';
import { LiftRequestsController } from './lifts/lift-requests.controller';
import { LiftRequestsService } from './lifts/lift-requests.service';
import { LiftStageTimer } from './lifts/lift-stage-timer';

@Module({
  controllers: [KillSwitchesController, LiftRequestsController],
  providers: [KillSwitchesService, LiftRequestsService, LiftDecisionsService, LiftProgressionService],
  exports: [KillSwitchesService],
})
export class KillSwitchesModule {}

/** The worker's part of lifts: the timer that moves staged lifts on. */
@Module({ providers: [LiftProgressionService, LiftStageTimer] })
export class LiftStagesWorkerModule {}
