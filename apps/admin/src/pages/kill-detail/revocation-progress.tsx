import { RevocationProgressBar } from '../../components/progress-bar';
import { ErrorMessage } from '../../components/error-message';
import { formatDate } from '../../lib/format';
import { isComplete, useRevocation } from '../../lib/use-revocation';
import { RevocationDevices } from './revocation-devices';

/** The kill's push to devices, updating by itself as devices acknowledge. */
export function RevocationProgress({ revocationId }: { revocationId: string }) {
  const { revocation, live, error } = useRevocation(revocationId);
  return (
    <>
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title">Revocation progress</h2>
        <ErrorMessage error={error} />
        {revocation ? (
          <>
            <RevocationProgressBar revocation={revocation} label="Devices that acknowledged the kill" />
            <p className="muted" aria-live="polite">
              {isComplete(revocation)
                ? `Every targeted device acknowledged${revocation.completedAt ? ` (${formatDate(revocation.completedAt)})` : ''}.`
                : revocation.fannedOutAt
                  ? `Pushed to every device at ${formatDate(revocation.fannedOutAt)}; waiting for acknowledgements${live ? ' (live)' : ''}.`
                  : `Queuing deliveries${live ? ' (live)' : ''}…`}
            </p>
            {revocation.milestones.length ? <p>Milestones reached: {revocation.milestones.map((m) => `${m} %`).join(', ')}</p> : null}
          </>
        ) : (
          <p role="status" className="muted">
            Connecting…
          </p>
        )}
      </section>
      {revocation ? <RevocationDevices key={revocation.id} revocation={revocation} /> : null}
    </>
  );
}
