import { Counter } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/** Refused sign-ins, by method (`password`; a single sign-on adds its own) and a reason from a short fixed list. */
export const signInFailures = new Counter({
  name: 'killswitch_sign_in_failures_total',
  help: 'Refused sign-ins by method and reason (unknown-email, wrong-password, account-disabled)',
  labelNames: ['method', 'reason'] as const,
  registers: [metricsRegistry],
});
