/** Signals (Alertmanager and generic alerts), the kills they propose, and governed automatic kills. */
export * from './signals.module';
export * from './dto/alertmanager.dto';
export * from './dto/signal.dto';
export * from './dto/proposal.dto';
export * from './dto/auto-kill-policy.dto';
export { SIGNALS_THROTTLER } from './signals-throttler.guard';
