import { Injectable } from '@nestjs/common';
import { GivenUpHandlers, JobHandlerSet, JobHandlers } from '@killswitch/queue';
import { DeliverService } from './deliver.service';
import { FanoutService } from './fanout.service';

/** The revocations queue's jobs: each processor is a call into a service. */
@Injectable()
export class RevocationJobs implements JobHandlerSet {
  readonly handlers: Partial<JobHandlers>;
  readonly onGivenUp: Partial<GivenUpHandlers>;

  constructor(fanout: FanoutService, deliver: DeliverService) {
    this.handlers = {
      'revocation.fanout': (data) => fanout.fanOut(data.revocationId),
      'revocation.deliver': (data) => deliver.deliver(data),
    };
    this.onGivenUp = { 'revocation.deliver': (data, reason) => deliver.fail(data, reason) };
  }
}
