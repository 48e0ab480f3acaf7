import { ErrorMessage } from './error-message';

interface SubmitActionsProps {
  /** The submit button's text. */
  label: string;
  /** True while the form's request runs, or while the form cannot be sent yet. */
  disabled: boolean;
  error: unknown;
  onCancel(): void;
}

/** A dialog form's last row: the refusal, if there was one, then its submit button and Cancel. */
export function SubmitActions({ label, disabled, error, onCancel }: SubmitActionsProps) {
  return (
    <>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={disabled}>
          {label}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
