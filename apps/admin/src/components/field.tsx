import { ReactElement, cloneElement, useId } from 'react';

/**
 * A labelled control: the label names the control by id (not by wrapping it),
 * so its accessible name is the label's text alone, whatever the control shows.
 */
export function Field({ label, className, children }: { label: string; className?: string; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
    </div>
  );
}
