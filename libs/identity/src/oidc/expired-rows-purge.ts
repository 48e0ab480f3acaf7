/** How often, at most, an API instance deletes one table's rows past their expiry. */
export const PURGE_EVERY_MS = 60_000;

/**
 * Deletes a table's rows past their expiry, at most once every PURGE_EVERY_MS on this instance. For tables that each
 * unauthenticated request of one route adds a row to (OIDC sign-ins, device authorizations): that route also clears
 * them, so the table holds about a row lifetime's worth without a scheduled job, and a burst of requests costs one
 * delete a minute, not one each.
 */
export class ExpiredRowsPurge {
  private lastRun = 0;

  /** `deleteExpired` deletes the rows whose expiry is `now` or earlier. */
  constructor(private readonly deleteExpired: (now: Date) => Promise<unknown>) {}

  /** Deletes the rows expired at `now`, unless this purge ran less than PURGE_EVERY_MS before it. */
  async run(now = Date.now()): Promise<void> {
    if (now - this.lastRun < PURGE_EVERY_MS) return;
    this.lastRun = now;
    await this.deleteExpired(new Date(now));
  }
}
