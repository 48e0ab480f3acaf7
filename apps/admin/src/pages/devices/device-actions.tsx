import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorMessage } from '../../components/error-message';
import { Field } from '../../components/field';
import { api, request } from '../../lib/api';

/** Rotate a device's credential (the new one shown once) or decommission it, each after a confirmation. */
export function DeviceActions({ deviceId, onChanged }: { deviceId: string; onChanged(): void }) {
  const [confirm, setConfirm] = useState<'rotate' | 'decommission'>();
  const [credential, setCredential] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const close = () => {
    setConfirm(undefined);
    setCredential(undefined);
    setError(undefined);
  };

  const act = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (confirm === 'rotate') {
        setCredential((await api.post<{ credential: string }>(`/v1/devices/${deviceId}/credential`)).credential);
      } else {
        await request('DELETE', `/v1/devices/${deviceId}`);
        close();
      }
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="actions">
      <button type="button" onClick={() => setConfirm('rotate')}>
        Rotate credential
      </button>
      <button type="button" className="button-danger" onClick={() => setConfirm('decommission')}>
        Decommission
      </button>
      {confirm ? (
        <Dialog title={confirm === 'rotate' ? 'Rotate the credential' : 'Decommission the device'} onClose={close}>
          {credential ? (
            <>
              <p>The old credential stopped working. The new one is shown only this once: give it to the device now.</p>
              <Field label="New credential">
                <input readOnly className="mono" value={credential} onFocus={(e) => e.target.select()} />
              </Field>
            </>
          ) : (
            <p>
              {confirm === 'rotate'
                ? 'The current credential stops working at once and the device’s open streams close; it needs the new credential to be answered again.'
                : 'The device’s credential is refused from now on and its streams close. This cannot be undone.'}
            </p>
          )}
          <ErrorMessage error={error} />
          <div className="actions">
            {credential ? (
              <button type="button" className="button-primary" onClick={close}>
                Done
              </button>
            ) : (
              <>
                <button type="button" className={confirm === 'rotate' ? 'button-primary' : 'button-danger'} disabled={busy} onClick={() => void act()}>
                  {confirm === 'rotate' ? 'Rotate now' : 'Decommission now'}
                </button>
                <button type="button" onClick={close}>
                  Cancel
                </button>
              </>
            )}
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
