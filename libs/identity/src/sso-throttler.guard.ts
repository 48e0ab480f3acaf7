import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Single sign-on starts (each makes a pending sign-in row) counted per client address and route, LOGIN_RATE_LIMIT a
 * minute, in this process's memory. Password sign-ins have their own limits (LoginLimiter).
 */
@Injectable()
export class SsoThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return `sso:${String(request.ip)}`;
  }
}
