import { LiftRequest } from '@killswitch/db';
import { LiftRequestView } from './dto/lift-request.dto';

export function releasedPercentOf(request: Pick<LiftRequest, 'stages' | 'currentStage'>): number {
  return request.currentStage < 0 ? 0 : request.stages[request.currentStage];
}

export function liftRequestView(request: LiftRequest): LiftRequestView {
  return {
    id: request.id,
    killSwitchId: request.killSwitchId,
    state: request.state,
    reason: request.reason,
    stages: request.stages,
    stageIntervalSec: request.stageIntervalSec,
    currentStage: request.currentStage,
    releasedPercent: releasedPercentOf(request),
    breakGlass: request.breakGlass,
    requestedById: request.requestedById,
    requestedAt: request.requestedAt,
    decidedById: request.decidedById,
    decidedAt: request.decidedAt,
    decisionReason: request.decisionReason,
    nextStageAt: request.nextStageAt,
    completedAt: request.completedAt,
    reviewedById: request.reviewedById,
    reviewedAt: request.reviewedAt,
    reviewPending: request.breakGlass && request.reviewedById === null,
  };
}
