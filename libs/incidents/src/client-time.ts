/** Times a client gives (reportedAt, a note's at): never later than now, give or take a clock skew. */
import { AppError } from '@killswitch/http';

export const CLOCK_SKEW_MS = 60_000;

/**
 * The time a client sent, checked against the server clock. A time within the skew ahead of
 * now is read as now, so a client whose clock runs a little fast cannot produce negative timings.
 */
export function pastOrNow(value: string, field: string, now: Date): Date {
  const at = new Date(value);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new AppError(
      'invalid_input',
      `${field} must not be in the future (${value} is ahead of the server clock ${now.toISOString()} by more than ${CLOCK_SKEW_MS / 1000} s)`,
    );
  }
  return at.getTime() > now.getTime() ? now : at;
}
