import { ApiError } from '../lib/api';

/** An API refusal or failure, read out by screen readers as it appears. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <p className="error" role="alert">
      {message}
      {requestId ? <span className="muted"> (request {requestId})</span> : null}
    </p>
  );
}
