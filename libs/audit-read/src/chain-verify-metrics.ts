import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '@killswitch/metrics';

/**
 * The last audit chain verification this process ran (a checkpoint, GET /v1/audit/verify):
 * 1 when it found the chain broken or truncated, 0 when it held or none ran yet. An alert.
 */
export const chainVerifyFailed = new Gauge({
  name: 'killswitch_audit_chain_verify_failed',
  help: 'Whether the last audit chain verification of this process failed (1) or held (0; also before the first)',
  registers: [metricsRegistry],
});

export const chainVerifiedAt = new Gauge({
  name: 'killswitch_audit_chain_last_verify_timestamp_seconds',
  help: 'When this process last verified the audit chain (Unix seconds; 0 before the first)',
  registers: [metricsRegistry],
});

export function recordChainVerdict(ok: boolean): void {
  chainVerifyFailed.set(ok ? 0 : 1);
  chainVerifiedAt.set(Date.now() / 1000);
}

/**
 * Walks of the chain this process made: `full` from genesis, `incremental` from a point already verified (the
 * last verified entry, or a checkpoint). GET /v1/audit/verify callers that arrive together share one walk, and
 * one whose head has not moved since the last walk makes none.
 */
export const chainWalks = new Counter({
  name: 'killswitch_audit_chain_walks_total',
  help: 'Walks of the audit chain this process made, from genesis (full) or from a point already verified (incremental)',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});
