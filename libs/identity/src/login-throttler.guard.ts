import { Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerRequest } from '@nestjs/throttler';

/** The throttler's name in ThrottlerModule's options (apps/api): its limit is LOGIN_RATE_LIMIT a minute. */
export const LOGIN_THROTTLER = 'default';

/** Login attempts are counted per client address (see LOGIN_RATE_LIMIT). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  /** Only the sign-in throttler: the module's others (signals') count other routes. */
  protected override handleRequest(props: ThrottlerRequest): Promise<boolean> {
    return props.throttler.name === LOGIN_THROTTLER ? super.handleRequest(props) : Promise.resolve(true);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return `login:${String(request.ip)}`;
  }
}
