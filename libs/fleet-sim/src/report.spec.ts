import { RevisionRecorder, percentile } from './report';

describe(percentile.name, () => {
  it('is the nearest rank', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe(RevisionRecorder.name, () => {
  it('counts per revision who applied it, who reached it or later, who acked it or later, and delays from the reference', () => {
    const recorder = new RevisionRecorder(4);
    // rev 10: devices 0, 1 (stream) and 2 (poll); device 3 skips 10 and gets 11 directly
    recorder.applied(10, 0, 1_100, 'stream');
    recorder.applied(10, 1, 1_200, 'stream');
    recorder.applied(10, 2, 1_900, 'poll');
    recorder.applied(11, 3, 2_500, 'poll');
    recorder.applied(11, 0, 2_600, 'stream');
    recorder.acked(10, 0, 1_150);
    recorder.acked(10, 1, 1_250);
    recorder.acked(11, 3, 2_550);
    const reports = recorder.report((rev, firstSeen) => (rev === 10 ? { at: 1_000, source: 'kill-switch' } : { at: firstSeen, source: 'first-seen' }), 1_050);
    expect(reports.map((r) => r.rev)).toEqual([10, 11]);
    const [ten, eleven] = reports;
    // the kill came 50 ms before the run started: rev 10 was already current then
    expect(ten).toMatchObject({ applied: 3, viaStream: 2, viaPoll: 1, reached: 4, acked: 3, referenceSource: 'kill-switch', beforeStart: true });
    // reached: 100, 200, 900 (own) and 1500 (device 3 through rev 11)
    expect(ten.delayMs).toEqual({ p50: 200, p99: 1_500, max: 1_500 });
    expect(ten.ackDelayMs).toEqual({ p50: 250, p99: 1_550, max: 1_550 });
    expect(eleven).toMatchObject({
      applied: 2,
      reached: 2,
      acked: 1,
      referenceSource: 'first-seen',
      reference: new Date(2_500).toISOString(),
      beforeStart: false,
    });
    expect(eleven.delayMs).toEqual({ p50: 0, p99: 100, max: 100 });
  });
});
