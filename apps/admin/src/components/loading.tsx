import { ReactNode } from 'react';
import type { Resource } from '../lib/use-resource';
import { ErrorMessage } from './error-message';

/** The resource's content once loaded; a status line or the error before that. */
export function Loaded<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => ReactNode }) {
  if (resource.data !== undefined) {
    return (
      <>
        {resource.error ? <ErrorMessage error={resource.error} /> : null}
        {children(resource.data)}
      </>
    );
  }
  if (resource.error) return <ErrorMessage error={resource.error} />;
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}
