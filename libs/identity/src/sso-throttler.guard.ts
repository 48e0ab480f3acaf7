import { Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerRequest } from '@nestjs/throttler';

/** The throttler's name in ThrottlerModule's options (apps/api): its limit is LOGIN_RATE_LIMIT a minute. */
export const SSO_THROTTLER = 'default';

/**
 * Single sign-on starts (each makes a pending sign-in row) counted per client address and route, LOGIN_RATE_LIMIT a
 * minute, in this process's memory. Password sign-ins have their own limits (LoginLimiter).
 */
@Injectable()
export class SsoThrottlerGuard extends ThrottlerGuard {
  /** Only the sign-in throttler: the module's others (signals') count other routes. */
  protected override handleRequest(props: ThrottlerRequest): Promise<boolean> {
    return props.throttler.name === SSO_THROTTLER ? super.handleRequest(props) : Promise.resolve(true);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return `sso:${String(request.ip)}`;
  }
}
