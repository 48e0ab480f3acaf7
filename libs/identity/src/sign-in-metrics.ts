import { Counter } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/**
 * Refused sign-ins, by method (`password`; a single sign-on adds its own) and a reason from a short fixed list; a wrong
 * current password of a password change is counted as method `password-change`.
 */
export const signInFailures = new Counter({
  name: 'killswitch_sign_in_failures_total',
  help: 'Refused sign-ins by method and reason (unknown-email, wrong-password, account-disabled); password-change: a wrong current password',
  labelNames: ['method', 'reason'] as const,
  registers: [metricsRegistry],
});

/** Password sign-ins answered 429 before their password was checked, by the limit that held them back. */
export const signInThrottled = new Counter({
  name: 'killswitch_sign_in_throttled_total',
  help: 'Password sign-ins refused with 429 by the failed sign-in limits, by limit (address, account)',
  labelNames: ['limit'] as const,
  registers: [metricsRegistry],
});

/** Sign-in attempts counted in this process's memory because Redis did not answer: each API instance then counts alone. */
export const signInLimiterFallbacks = new Counter({
  name: 'killswitch_sign_in_limiter_fallbacks_total',
  help: "Sign-in attempts counted in this process's memory because Redis did not answer in time",
  registers: [metricsRegistry],
});
