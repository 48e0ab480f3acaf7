import { LiftRequest } from '@killswitch/db';
import { LiftRequestView } from './dto/lift-request.dto';
import { DECIDING_ROLES, FourEyes } from './four-eyes';

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

/** What is left for a second person to decide, by the verb of its route: approve (or reject) while pending, review while a break-glass review is owed. */
function openDecision(request: LiftRequest): 'approve' | 'review' | undefined {
  if (request.state === 'pending') return 'approve';
  if (request.breakGlass && request.reviewedById === null) return 'review';
  return undefined;
}

/** The views of lift requests as one person reads them: each still open to a decision says whether they may make it (youMayDecide). */
export async function liftRequestViewsFor(judge: FourEyes, requests: LiftRequest[]): Promise<LiftRequestView[]> {
  const views: LiftRequestView[] = [];
  // One after another: the judge walks each distinct requester's appointers once, on the first of their requests.
  for (const request of requests) {
    const verb = openDecision(request);
    views.push(verb ? { ...liftRequestView(request), ...(await judge.verdict(request, DECIDING_ROLES, verb)) } : liftRequestView(request));
  }
  return views;
}
