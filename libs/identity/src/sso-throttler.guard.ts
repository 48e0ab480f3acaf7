import { Injectable } from '@nestjs/common';
import { OwnThrottlerGuard } from './own-throttler.guard';

/** The throttler's name in ThrottlerModule's options (apps/api): its limit is LOGIN_RATE_LIMIT a minute. */
export const SSO_THROTTLER = 'default';

/**
 * Single sign-on starts (each makes a pending sign-in row) counted per client address and route, LOGIN_RATE_LIMIT a
 * minute, in this process's memory. Password sign-ins have their own limits (LoginLimiter).
 */
@Injectable()
export class SsoThrottlerGuard extends OwnThrottlerGuard {
  protected readonly throttlerName = SSO_THROTTLER;

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return `sso:${String(request.ip)}`;
  }
}
