import { useRef } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useMe } from '../../lib/session';
import type { ChainVerdict, Checkpoint, Page } from '../../lib/types';
import { useResource } from '../../lib/use-resource';

/**
 * Whether the hash chain verifies from genesis to the head (GET /v1/audit/verify), and the last signed checkpoint.
 * The page asks for the server's verdict (it walks what was appended since its last walk); "Verify again" walks the
 * whole chain from genesis for those who may ask for it (admins and auditors).
 */
export function ChainStatus() {
  const { can } = useMe();
  const full = useRef(false);
  const verdict = useResource(() => api.get<ChainVerdict>('/v1/audit/verify', full.current ? { full: 'true' } : undefined), []);
  const checkpoint = useResource(async () => (await api.get<Page<Checkpoint>>('/v1/audit/checkpoints', { limit: 1 })).items[0] ?? null, []);
  const v = verdict.data;
  return (
    <section className="card" aria-labelledby="chain-title">
      <header className="card-header">
        <h2 id="chain-title">Chain verification</h2>
        <button
          type="button"
          onClick={() => {
            full.current = can.verifyFullChain;
            void verdict.reload();
          }}
          disabled={verdict.loading}
          title={can.verifyFullChain ? 'Walks the whole chain from genesis now' : undefined}
        >
          Verify again
        </button>
      </header>
      <ErrorMessage error={verdict.error} />
      <div role="status" aria-live="polite">
        {verdict.loading && !v ? (
          <p className="muted">Verifying…</p>
        ) : v?.ok ? (
          <p className="verdict verdict-ok" data-verdict="ok">
            ✔ The chain verifies: {v.entries} entries from genesis to #{v.headSeq}.
          </p>
        ) : v ? (
          <p className="verdict verdict-broken" data-verdict="broken">
            ✘ The chain is broken at entry #{v.firstBroken?.seq} ({v.firstBroken?.reason}): {v.firstBroken?.message}. {v.entries} entries verified before it.
          </p>
        ) : null}
      </div>
      {v ? <p className="muted mono break-all">Head hash {v.headHash}</p> : null}
      <p className="muted">
        {checkpoint.data
          ? `Last signed checkpoint: entry #${checkpoint.data.seq} at ${formatDate(checkpoint.data.at)} (key ${checkpoint.data.kid}).`
          : checkpoint.data === null
            ? 'No signed checkpoint yet.'
            : ''}
      </p>
    </section>
  );
}
