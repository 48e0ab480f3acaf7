/**
 * The optional credential of /metrics (METRICS_TOKEN), on the API's port and
 * the worker's: unset, /metrics answers anyone who can reach it, as the
 * operator row of the design has it; set, only a scraper that sends it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EnvConfig } from '@killswitch/config';
import { bearerOf } from '@killswitch/identity';

export const METRICS_TOKEN_REFUSED = 'this /metrics needs METRICS_TOKEN: send Authorization: Bearer <METRICS_TOKEN>';

/** Whether a scrape with this Authorization header may read /metrics. */
export function metricsScrapeAllowed(config: Pick<EnvConfig, 'METRICS_TOKEN'>, authorization: string | string[] | undefined): boolean {
  const expected = config.METRICS_TOKEN;
  if (!expected) return true;
  const given = bearerOf(Array.isArray(authorization) ? authorization[0] : authorization);
  if (!given) return false;
  // Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first differing byte.
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
