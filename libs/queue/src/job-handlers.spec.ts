import { collectHandlers, JobHandlerSet } from './job-handlers';
import { AUDIT_QUEUE, JOB_NAMES, JOB_QUEUE, JobHandlers, REVOCATIONS_QUEUE, WEBHOOKS_QUEUE } from './jobs';
import { EVENT_JOBS, readOutboxRow, jobsOf } from './outbox';

const noop = () => Promise.resolve();
const revocations: JobHandlerSet = { handlers: { 'revocation.fanout': noop, 'revocation.deliver': noop } };
const audit: JobHandlerSet = { handlers: { 'audit.checkpoint': noop } };
const webhooks: JobHandlerSet = { handlers: { 'webhook.fanout': noop, 'webhook.deliver': noop, 'webhook.retry': noop } };

describe(collectHandlers.name, () => {
  it('accepts one handler for every job name on every queue', () => {
    const { handlers } = collectHandlers([revocations, audit, webhooks]);
    expect(Object.keys(handlers).sort()).toEqual([...JOB_NAMES].sort());
    expect(new Set(Object.values(JOB_QUEUE))).toEqual(new Set([REVOCATIONS_QUEUE, AUDIT_QUEUE, WEBHOOKS_QUEUE]));
  });

  it.each(JOB_NAMES)('refuses to start when %s has no handler, naming it and its queue', (name) => {
    const without = [revocations, audit, webhooks].map((set) => ({ handlers: Object.fromEntries(Object.entries(set.handlers).filter(([n]) => n !== name)) }));
    expect(() => collectHandlers(without)).toThrow(`no handler for ${name} (queue ${JOB_QUEUE[name]})`);
  });

  it.each(JOB_NAMES)('refuses to start when %s has two handlers', (name) => {
    const again: JobHandlerSet = { handlers: { [name]: noop } as Partial<JobHandlers> };
    expect(() => collectHandlers([revocations, audit, webhooks, again])).toThrow(`two or more for ${name} (queue ${JOB_QUEUE[name]})`);
  });

  it('refuses a handler for a name that is no job', () => {
    const stray = { handlers: { 'revocation.fanot': noop } } as unknown as JobHandlerSet;
    expect(() => collectHandlers([revocations, audit, webhooks, stray])).toThrow('unknown revocation.fanot');
  });
});

describe('EVENT_JOBS', () => {
  const base = { at: '2026-01-01T00:00:00.000Z', actor: { type: 'system' as const, label: 'system:test' }, requestId: null };
  const kill = { killSwitchId: 'k', incidentId: null, scope: { vendor: 'xiaomi' } };

  it('starts the fan-out and a checkpoint for a kill, one job id each per outbox row', () => {
    const event = readOutboxRow('kill.created', {
      ...base,
      ...kill,
      revocationId: 'r',
      revision: '7',
      affectedDevices: 3,
      reason: 'x',
      deviceMessage: null,
    });
    const written = new Date('2026-01-02T03:04:05.678Z');
    expect(event && jobsOf(event, 'row-1', written, 41n)).toEqual([
      { name: 'revocation.fanout', data: { revocationId: 'r' }, jobId: 'outbox-row-1' },
      { name: 'audit.checkpoint', data: {}, jobId: 'checkpoint-row-1' },
      // When the row was written, not the job ran: the fan-out matches the subscriptions that existed then.
      // Its outbox row's key, which the fan-out marks once done.
      { name: 'webhook.fanout', data: { eventId: 'row-1', event, occurredAt: '2026-01-02T03:04:05.678Z', outboxId: '41' }, jobId: 'webhooks-row-1' },
    ]);
  });

  it('starts no fan-out for an abort that released no device', () => {
    const jobs = EVENT_JOBS['lift.aborted'](
      { ...base, ...kill, liftRequestId: 'l', releasedPercent: 0, revision: null, revocationId: null, reason: null },
      'row-2',
    );
    expect(jobs.map((j) => j.name)).toEqual(['audit.checkpoint']);
  });

  it('sends a requested webhook delivery, and fans out no webhooks for the request itself', () => {
    const event = readOutboxRow('webhook.delivery-requested', { ...base, subscriptionId: 's', deliveryId: 'd', kind: 'test' });
    // The delivery's one chain of attempts, the id the fan-out gives it too.
    expect(event && jobsOf(event, 'row-3', new Date(), 43n)).toEqual([{ name: 'webhook.deliver', data: { deliveryId: 'd' }, jobId: 'webhook-d' }]);
  });

  it('leaves a retry to the worker to act on, never a second delivery job beside the chain', () => {
    const event = readOutboxRow('webhook.delivery-requested', { ...base, subscriptionId: 's', deliveryId: 'd', kind: 'retry' });
    expect(event && jobsOf(event, 'row-4', new Date(), 44n)).toEqual([{ name: 'webhook.retry', data: { deliveryId: 'd' }, jobId: 'webhook-retry-row-4' }]);
  });

  it('leaves a row of an unknown event, or with no object payload, to the relay to report', () => {
    expect(readOutboxRow('revocation.fanout', { revocationId: 'r' })).toBeNull();
    expect(readOutboxRow('kill.created', 'text')).toBeNull();
  });
});
