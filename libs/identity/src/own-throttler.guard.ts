import { ThrottlerGuard, ThrottlerRequest } from '@nestjs/throttler';

/**
 * A throttler guard that counts only the throttler it names among ThrottlerModule's (apps/api): each guard its own
 * routes, so one limit (sign-in's, signals') never counts another's requests.
 */
export abstract class OwnThrottlerGuard extends ThrottlerGuard {
  protected abstract readonly throttlerName: string;

  protected override handleRequest(props: ThrottlerRequest): Promise<boolean> {
    return props.throttler.name === this.throttlerName ? super.handleRequest(props) : Promise.resolve(true);
  }
}
