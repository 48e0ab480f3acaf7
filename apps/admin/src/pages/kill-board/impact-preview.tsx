import { useEffect, useId, useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { api } from '../../lib/api';
import type { Preview, Scope } from '../../lib/types';

/** What the kill would touch now (POST /v1/kill-switches/preview), refreshed as the scope changes. */
export function useImpactPreview(scope: Scope | undefined): { preview?: Preview; error?: unknown; loading: boolean } {
  const [state, setState] = useState<{ preview?: Preview; error?: unknown; loading: boolean }>({ loading: false });
  const key = scope ? JSON.stringify(scope) : '';
  useEffect(() => {
    if (!key) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = window.setTimeout(() => {
      api
        .post<Preview>('/v1/kill-switches/preview', { scope: JSON.parse(key) as Scope })
        .then((preview) => current && setState({ preview, loading: false }))
        .catch((error: unknown) => current && setState({ error, loading: false }));
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [key]);
  return state;
}

export function ImpactPreview({ preview, error, loading }: { preview?: Preview; error?: unknown; loading: boolean }) {
  const titleId = useId();
  return (
    <section className="impact" aria-labelledby={titleId} aria-busy={loading}>
      <h3 id={titleId}>Impact now</h3>
      <ErrorMessage error={error} />
      {preview ? (
        <>
          <p role="status" className="impact-figure">
            <strong data-testid="impact-devices">{preview.affectedDevices}</strong> {preview.affectedDevices === 1 ? 'device' : 'devices'} affected,{' '}
            {preview.matchingLinks} linked {preview.matchingLinks === 1 ? 'product' : 'products'}
          </p>
          {preview.byVendorFirmware.length > 0 ? (
            <table>
              <caption>By vendor firmware</caption>
              <thead>
                <tr>
                  <th scope="col">Vendor firmware</th>
                  <th scope="col">Devices</th>
                  <th scope="col">Linked products</th>
                </tr>
              </thead>
              <tbody>
                {preview.byVendorFirmware.map((row) => (
                  <tr key={row.vendorFirmware}>
                    <td>{row.vendorFirmware}</td>
                    <td>{row.devices}</td>
                    <td>{row.links}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : (
        <p className="muted">{loading ? 'Counting…' : 'Choose a scope.'}</p>
      )}
    </section>
  );
}
