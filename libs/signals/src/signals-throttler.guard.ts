/**
 * The rate limit of POST /v1/signals and /v1/signals/alertmanager: SIGNALS_RATE_LIMIT requests a minute per API token,
 * the two routes together. Each new alert opens a proposal, often an incident, and fires webhooks; a runaway or leaked
 * alert source must not bury responders in them. Counted per API instance. Sized for Alertmanager's storms, which it
 * does not retry when refused (docs/security.md); what a flood costs the database is bounded by SignalQueue.
 */
import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { AppError } from '@killswitch/http';
import { OwnThrottlerGuard, Principal } from '@killswitch/identity';
import { SignalQueue, queueKeyOf } from './signal-queue';

/** The throttler's name in ThrottlerModule's options (apps/api): its limit is SIGNALS_RATE_LIMIT a minute. */
export const SIGNALS_THROTTLER = 'signals';

@Injectable()
export class SignalsThrottlerGuard extends OwnThrottlerGuard {
  protected readonly throttlerName = SIGNALS_THROTTLER;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly queue: SignalQueue,
  ) {
    super(options, storage, reflector);
  }

  /**
   * A request the queue would refuse (503, which Alertmanager retries with backoff) is refused before it is counted:
   * counted, the retries of a storm the intake is still writing would spend the budget and end in a 429, which
   * Alertmanager does not retry.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    this.queue.refuseWhenFull(await this.getTracker(this.getRequestResponse(context).req));
    return super.canActivate(context);
  }

  /** The global guard has run: the caller is an API token holding `signals` (no account holds that role). */
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as Principal | undefined;
    if (principal?.kind !== 'user') throw new Error('the signals rate limit runs after authentication');
    return queueKeyOf(principal);
  }

  /** One count a token for both routes (the default key is per route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    this.setResponseHeader(this.getRequestResponse(context).res, 'retry-after', retryAfter);
    throw new AppError('rate_limited', `too many signals from this token: at most ${detail.limit} a minute; retry in ${retryAfter} s`);
  }
}
