/**
 * What the simulated fleet saw, and when: a log of every revision applied
 * and acknowledged (device index and time, in typed arrays), turned into
 * per-revision counts and delay percentiles at the end.
 */
import type { RefusalReason } from '@killswitch/device-sdk';

export type Source = 'poll' | 'stream';
const SOURCES: Source[] = ['poll', 'stream'];

/** A growable log of (device, time, tag) triples. */
class EventLog {
  devices = new Int32Array(64);
  times = new Float64Array(64);
  tags = new Uint8Array(64);
  length = 0;

  add(device: number, at: number, tag = 0): void {
    if (this.length === this.devices.length) {
      const grow = <T extends Int32Array | Float64Array | Uint8Array>(array: T, make: (n: number) => T): T => {
        const bigger = make(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      this.devices = grow(this.devices, (n) => new Int32Array(n));
      this.times = grow(this.times, (n) => new Float64Array(n));
      this.tags = grow(this.tags, (n) => new Uint8Array(n));
    }
    this.devices[this.length] = device;
    this.times[this.length] = at;
    this.tags[this.length] = tag;
    this.length += 1;
  }
}

export interface DelayStats {
  p50: number;
  p99: number;
  max: number;
}

export interface RevisionReport {
  rev: number;
  /** Devices for which this was a newly applied revision. */
  applied: number;
  viaStream: number;
  viaPoll: number;
  /** Devices that reached this revision or a later one (a device may skip a revision). */
  reached: number;
  /** Devices that acknowledged this revision or a later one. */
  acked: number;
  /** What delays are measured from, and where that time came from. */
  reference: string | null;
  referenceSource: 'given' | 'kill-switch' | 'first-seen' | null;
  /** The reference is before the run started: devices found this revision already current (delays say little). */
  beforeStart: boolean;
  /** From the reference to each device's first holding of this revision (or later). */
  delayMs: DelayStats | null;
  /** From the reference to each device's acknowledgement of this revision (or later). */
  ackDelayMs: DelayStats | null;
  firstAt: string | null;
  lastAt: string | null;
}

export interface FleetCounters {
  polls: number;
  notModified: number;
  pollErrors: number;
  retryAfter: number;
  streamConnects: number;
  streamErrors: number;
  acks: number;
  ackErrors: number;
  jwksFetches: number;
  keysLearned: number;
}

export interface FleetReport {
  startedAt: string;
  endedAt: string;
  durationSec: number;
  config: { url: string; devices: number; mode: string; intervalSec: number; jitter: number; localAddresses: string[] };
  devices: { total: number; withSnapshot: number; streamsOpen: number; expired: number };
  requests: FleetCounters;
  /** Stream connections made from each local address. */
  streamsByLocalAddress: Record<string, number>;
  refused: Partial<Record<RefusalReason, number>>;
  /** Failed requests by what failed and why, e.g. `poll: ECONNRESET`, `stream: HTTP 503`. */
  errors: Record<string, number>;
  revisions: RevisionReport[];
  /** How many devices ended on each revision ("none": never got a verified snapshot). */
  finalRevs: Record<string, number>;
}

export function emptyCounters(): FleetCounters {
  return { polls: 0, notModified: 0, pollErrors: 0, retryAfter: 0, streamConnects: 0, streamErrors: 0, acks: 0, ackErrors: 0, jwksFetches: 0, keysLearned: 0 };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function stats(values: number[]): DelayStats | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)), max: Math.round(sorted[sorted.length - 1]) };
}

/** Records what happens per revision; turns it into RevisionReports. */
export class RevisionRecorder {
  private readonly applies = new Map<number, EventLog>();
  private readonly acks = new Map<number, EventLog>();

  constructor(
    private readonly deviceCount: number,
    /** Revisions tracked at most (a runaway revision counter must not grow memory without bound). */
    private readonly maxRevisions = 10_000,
  ) {}

  applied(rev: number, device: number, at: number, source: Source): void {
    this.log(this.applies, rev)?.add(device, at, SOURCES.indexOf(source));
  }

  acked(rev: number, device: number, at: number): void {
    this.log(this.acks, rev)?.add(device, at);
  }

  /** `referenceOf(rev, firstSeen)` picks the time delays are measured from. */
  report(referenceOf: (rev: number, firstSeen: number) => { at: number; source: RevisionReport['referenceSource'] }, startedAt = -Infinity): RevisionReport[] {
    const revs = [...this.applies.keys()].sort((a, b) => b - a);
    const reachedAt = new Float64Array(this.deviceCount).fill(Infinity);
    const ackedAt = new Float64Array(this.deviceCount).fill(Infinity);
    const ackRevs = [...this.acks.keys()].sort((a, b) => b - a);
    let ackCursor = 0;
    const reports: RevisionReport[] = [];
    // Highest revision first: a device's first time at "this revision or later" is a running minimum.
    for (const rev of revs) {
      const log = this.applies.get(rev) as EventLog;
      let viaStream = 0;
      for (let i = 0; i < log.length; i++) {
        const device = log.devices[i];
        if (log.times[i] < reachedAt[device]) reachedAt[device] = log.times[i];
        if (SOURCES[log.tags[i]] === 'stream') viaStream += 1;
      }
      while (ackCursor < ackRevs.length && ackRevs[ackCursor] >= rev) {
        const acks = this.acks.get(ackRevs[ackCursor]) as EventLog;
        for (let i = 0; i < acks.length; i++) if (acks.times[i] < ackedAt[acks.devices[i]]) ackedAt[acks.devices[i]] = acks.times[i];
        ackCursor += 1;
      }
      const reached: number[] = [];
      let firstReached = Infinity;
      for (const at of reachedAt) {
        if (at === Infinity) continue;
        reached.push(at);
        if (at < firstReached) firstReached = at;
      }
      const acked: number[] = [];
      for (const at of ackedAt) if (at !== Infinity) acked.push(at);
      let firstAt = Infinity;
      let lastAt = -Infinity;
      for (let i = 0; i < log.length; i++) {
        firstAt = Math.min(firstAt, log.times[i]);
        lastAt = Math.max(lastAt, log.times[i]);
      }
      const reference = referenceOf(rev, firstReached);
      reports.push({
        rev,
        applied: log.length,
        viaStream,
        viaPoll: log.length - viaStream,
        reached: reached.length,
        acked: acked.length,
        reference: Number.isFinite(reference.at) ? new Date(reference.at).toISOString() : null,
        referenceSource: Number.isFinite(reference.at) ? reference.source : null,
        beforeStart: reference.at < startedAt,
        delayMs: stats(reached.map((at) => at - reference.at)),
        ackDelayMs: stats(acked.map((at) => at - reference.at)),
        firstAt: log.length ? new Date(firstAt).toISOString() : null,
        lastAt: log.length ? new Date(lastAt).toISOString() : null,
      });
    }
    return reports.sort((a, b) => a.rev - b.rev);
  }

  private log(logs: Map<number, EventLog>, rev: number): EventLog | undefined {
    let log = logs.get(rev);
    if (!log) {
      if (logs.size >= this.maxRevisions) return undefined;
      log = new EventLog();
      logs.set(rev, log);
    }
    return log;
  }
}

const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`);

/** A few lines for people. */
export function textSummary(report: FleetReport): string {
  const r = report.requests;
  const lines = [
    `fleet-sim: ${report.devices.total} devices (${report.config.mode}, poll every ${report.config.intervalSec} s ±${Math.round(report.config.jitter * 100)} %) against ${report.config.url} for ${report.durationSec} s`,
    `  ${report.devices.withSnapshot} hold a verified snapshot (${report.devices.expired} expired), ${report.devices.streamsOpen} streams open`,
    `  polls ${r.polls} (304: ${r.notModified}, errors ${r.pollErrors}, Retry-After ${r.retryAfter}); stream connects ${r.streamConnects} (errors ${r.streamErrors}); acks ${r.acks} (errors ${r.ackErrors}); JWKS fetches ${r.jwksFetches}`,
  ];
  const refused = Object.entries(report.refused);
  lines.push(refused.length ? `  refused: ${refused.map(([reason, n]) => `${reason} ${n}`).join(', ')}` : '  refused: none');
  const errors = Object.entries(report.errors);
  if (errors.length) lines.push(`  errors: ${errors.map(([cause, n]) => `${cause} ${n}`).join(', ')}`);
  const addresses = Object.entries(report.streamsByLocalAddress);
  if (addresses.length > 1) lines.push(`  streams by local address: ${addresses.map(([a, n]) => `${a} ${n}`).join(', ')}`);
  for (const rev of report.revisions) {
    const delay = rev.delayMs ? `p50 ${ms(rev.delayMs.p50)}, p99 ${ms(rev.delayMs.p99)}, max ${ms(rev.delayMs.max)}` : 'n/a';
    const ack = rev.ackDelayMs ? `, acked p99 ${ms(rev.ackDelayMs.p99)}` : '';
    const timing = rev.beforeStart
      ? `already current when the run started (${rev.referenceSource} ${rev.reference})`
      : `delay from ${rev.referenceSource ?? 'n/a'} ${delay}${ack}`;
    lines.push(
      `  rev ${rev.rev}: applied by ${rev.applied} (stream ${rev.viaStream}, poll ${rev.viaPoll}), reached by ${rev.reached}, acked by ${rev.acked}; ` + timing,
    );
  }
  return lines.join('\n');
}
