/**
 * The rate limit of POST /v1/signals and /v1/signals/alertmanager: SIGNALS_RATE_LIMIT requests a minute per API token,
 * the two routes together. Each new alert opens a proposal, often an incident, and fires webhooks; a flood from a
 * leaked or misconfigured alert source must not bury responders in them. Counted per API instance.
 */
import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppError } from '@killswitch/http';
import { OwnThrottlerGuard, Principal } from '@killswitch/identity';

/** The throttler's name in ThrottlerModule's options (apps/api): its limit is SIGNALS_RATE_LIMIT a minute. */
export const SIGNALS_THROTTLER = 'signals';

@Injectable()
export class SignalsThrottlerGuard extends OwnThrottlerGuard {
  protected readonly throttlerName = SIGNALS_THROTTLER;

  /** The global guard has run: the caller is an API token holding `signals` (no account holds that role). */
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = request.principal as Principal | undefined;
    if (principal?.kind !== 'user') throw new Error('the signals rate limit runs after authentication');
    return principal.apiTokenId ?? principal.sessionId ?? principal.userId;
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
