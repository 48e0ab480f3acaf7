import { ReplicaLag } from './replica-lag';

describe(ReplicaLag.name, () => {
  it('is unknown, so over the bound, until the replica has been seen', () => {
    const lag = new ReplicaLag(5_000);
    expect(lag.withinBound(0)).toBe(false);
  });

  it('reads a caught-up replica as current even when the primary writes nothing for long', () => {
    const lag = new ReplicaLag(5_000);
    lag.primaryAt(1_000, 500n);
    lag.replicaReplayed(500n);
    lag.primaryAt(60_000, 500n);
    lag.replicaReplayed(500n);
    expect(lag.lagAt(60_000)).toBe(0);
    expect(lag.withinBound(60_000)).toBe(true);
  });

  it('dates the replica by the latest primary position it has replayed, and passes the bound when replay stops', () => {
    const lag = new ReplicaLag(5_000);
    lag.primaryAt(1_000, 100n);
    lag.replicaReplayed(100n);
    // Replay paused at 100 while the primary writes on.
    for (let at = 2_000; at <= 9_000; at += 1_000) {
      lag.primaryAt(at, BigInt(at));
      lag.replicaReplayed(100n);
    }
    expect(lag.lagAt(6_000)).toBe(5_000);
    expect(lag.withinBound(6_000)).toBe(true);
    expect(lag.withinBound(6_001)).toBe(false);
    // Replay resumes and reaches what the primary had at 8 s.
    lag.primaryAt(10_000, 10_000n);
    lag.replicaReplayed(8_500n);
    expect(lag.lagAt(10_000)).toBe(2_000);
  });

  it('forgets what a replica that went away had replayed', () => {
    const lag = new ReplicaLag(5_000);
    lag.primaryAt(1_000, 100n);
    lag.replicaReplayed(100n);
    lag.reset();
    expect(lag.withinBound(1_000)).toBe(false);
  });
});
