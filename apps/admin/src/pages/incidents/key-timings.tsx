import { formatDate, formatDuration } from '../../lib/format';
import type { IncidentDetail, Timing } from '../../lib/types';

const ROWS: { key: Exclude<keyof IncidentDetail['timings'], 'firstKillSwitchId'>; label: string }[] = [
  { key: 'reportToFirstKill', label: 'Report → first kill' },
  { key: 'killToAck99', label: 'First kill → 99 % of devices acknowledged' },
  { key: 'killToLift', label: 'First kill → lift' },
];

function TimingValue({ timing }: { timing: Timing | null }) {
  if (!timing) return <span className="muted">not reached</span>;
  return (
    <>
      <strong>{formatDuration(timing.ms)}</strong>{' '}
      <span className="muted">
        ({formatDate(timing.from)} → {formatDate(timing.to)})
      </span>
    </>
  );
}

export function KeyTimings({ timings }: { timings: IncidentDetail['timings'] }) {
  return (
    <section className="card" aria-labelledby="timings-title">
      <h2 id="timings-title">Key timings</h2>
      <dl className="facts">
        {ROWS.map((row) => (
          <div key={row.key} className="fact">
            <dt>{row.label}</dt>
            <dd data-timing={row.key}>
              <TimingValue timing={timings[row.key]} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
