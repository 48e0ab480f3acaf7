/**
 * A revocation's deliveries by state as one stacked bar, with the share
 * acknowledged as the progress value and every state counted in words.
 */
import { formatPercent } from '../lib/format';
import { DELIVERY_STATES, Revocation } from '../lib/types';

export function RevocationProgressBar({ revocation, label }: { revocation: Revocation; label: string }) {
  const total = Math.max(revocation.target, 1);
  const percent = Math.round(revocation.progress * 1000) / 10;
  return (
    <figure className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${formatPercent(revocation.progress)} acknowledged`}
      >
        {DELIVERY_STATES.map((state) =>
          revocation.counts[state] > 0 ? (
            <span key={state} className={`progress-segment delivery-${state}`} style={{ width: `${(revocation.counts[state] / total) * 100}%` }} />
          ) : null,
        )}
      </div>
      <figcaption>
        <strong className="progress-value">{formatPercent(revocation.progress)} acknowledged</strong>{' '}
        <span className="muted">
          ({revocation.counts.acknowledged} of {revocation.target} devices)
        </span>
        <ul className="legend">
          {DELIVERY_STATES.map((state) => (
            <li key={state}>
              <span className={`swatch delivery-${state}`} aria-hidden="true" /> {state}: <span data-state={state}>{revocation.counts[state]}</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
