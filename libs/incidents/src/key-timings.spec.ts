import { keyTimings } from './key-timings';

const at = (iso: string) => new Date(iso);

describe(keyTimings.name, () => {
  const reportedAt = at('2020-01-02T10:00:00.000Z');

  it('is all null before any kill', () => {
    expect(keyTimings({ reportedAt, kills: [], milestones: [] })).toEqual({
      firstKillSwitchId: null,
      reportToFirstKill: null,
      killToAck99: null,
      killToLift: null,
    });
  });

  it('measures from the first kill, to its own kill revocation reaching 99 % and to its lift', () => {
    const timings = keyTimings({
      reportedAt,
      kills: [
        { id: 'b-later', createdAt: at('2020-01-02T10:20:00.000Z'), liftedAt: null, killRevocationId: 'rev-b' },
        { id: 'a-first', createdAt: at('2020-01-02T10:05:00.000Z'), liftedAt: at('2020-01-03T10:05:00.000Z'), killRevocationId: 'rev-a' },
      ],
      milestones: [
        { at: at('2020-01-02T10:05:30.000Z'), refs: { revocationId: 'rev-a', milestone: 90 } },
        { at: at('2020-01-02T10:21:00.000Z'), refs: { revocationId: 'rev-b', milestone: 99 } },
        { at: at('2020-01-02T10:06:40.000Z'), refs: { revocationId: 'rev-a', milestone: 100 } },
        { at: at('2020-01-02T10:06:00.000Z'), refs: { revocationId: 'rev-a', milestone: 99 } },
      ],
    });
    expect(timings).toEqual({
      firstKillSwitchId: 'a-first',
      reportToFirstKill: { ms: 300_000, from: '2020-01-02T10:00:00.000Z', to: '2020-01-02T10:05:00.000Z' },
      killToAck99: { ms: 60_000, from: '2020-01-02T10:05:00.000Z', to: '2020-01-02T10:06:00.000Z' },
      killToLift: { ms: 86_400_000, from: '2020-01-02T10:05:00.000Z', to: '2020-01-03T10:05:00.000Z' },
    });
  });

  it('leaves kill → 99 % null while only lower milestones, or other kills’ milestones, exist', () => {
    const timings = keyTimings({
      reportedAt,
      kills: [{ id: 'a', createdAt: at('2020-01-02T10:05:00.000Z'), liftedAt: null, killRevocationId: 'rev-a' }],
      milestones: [
        { at: at('2020-01-02T10:05:30.000Z'), refs: { revocationId: 'rev-a', milestone: 90 } },
        { at: at('2020-01-02T10:06:00.000Z'), refs: { revocationId: 'rev-other', milestone: 100 } },
      ],
    });
    expect(timings.killToAck99).toBeNull();
    expect(timings.killToLift).toBeNull();
    expect(timings.reportToFirstKill?.ms).toBe(300_000);
  });
});
