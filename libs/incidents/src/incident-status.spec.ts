import { IncidentStatus } from '@killswitch/db';
import { NEXT_STATUSES, checkTransition, lifecycleStamps } from './incident-status';

const ALL: IncidentStatus[] = ['triage', 'investigating', 'mitigated', 'resolved', 'closed'];

describe(checkTransition.name, () => {
  it('allows exactly one step forward, and reopening to investigating from mitigated or resolved', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => checkTransition(from, to).ok).map((to) => `${from}→${to}`));
    expect(allowed.sort()).toEqual(
      ['triage→investigating', 'investigating→mitigated', 'mitigated→resolved', 'mitigated→investigating', 'resolved→closed', 'resolved→investigating'].sort(),
    );
  });

  it('names the allowed next statuses when refusing', () => {
    expect(checkTransition('triage', 'resolved')).toEqual({
      ok: false,
      message: 'cannot move the incident from triage to resolved: the allowed next statuses are investigating',
    });
    expect(checkTransition('resolved', 'mitigated')).toEqual({
      ok: false,
      message: 'cannot move the incident from resolved to mitigated: the allowed next statuses are closed, investigating',
    });
  });

  it('treats closed as final', () => {
    expect(NEXT_STATUSES.closed).toEqual([]);
    expect(checkTransition('closed', 'investigating')).toEqual({ ok: false, message: 'the incident is closed, which is final: its status cannot change' });
  });
});

describe(lifecycleStamps.name, () => {
  const now = new Date('2020-01-02T03:04:05Z');

  it('stamps the status reached, and clears mitigation and resolution on reopening', () => {
    expect(lifecycleStamps('mitigated', now)).toEqual({ mitigatedAt: now });
    expect(lifecycleStamps('resolved', now)).toEqual({ resolvedAt: now });
    expect(lifecycleStamps('closed', now)).toEqual({ closedAt: now });
    expect(lifecycleStamps('investigating', now)).toEqual({ mitigatedAt: null, resolvedAt: null });
  });
});
