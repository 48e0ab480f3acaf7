/**
 * Splits an API refusal into what belongs next to each field and what is left
 * for the form: the API words each invalid field's line after the field
 * (`url must be …`, `events must be …`), in `details` or, for one refusal, in
 * the message.
 */
import { ApiError } from './api';

export interface FieldErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** What names no field (or the error itself when it is not about fields). */
  form: unknown;
}

export function fieldErrors<F extends string>(error: unknown, fields: readonly F[]): FieldErrors<F> {
  if (!(error instanceof ApiError) || error.status !== 400) return { fields: {}, form: error };
  const lines = error.details?.length ? error.details : [error.message];
  const found: Partial<Record<F, string>> = {};
  const rest: string[] = [];
  for (const line of lines) {
    const field = fields.find((f) => line === f || line.startsWith(`${f} `) || line.startsWith(`${f}:`) || line.startsWith(`${f}.`));
    if (field) found[field] = found[field] ? `${found[field]}; ${line}` : line;
    else rest.push(line);
  }
  const form = rest.length ? new ApiError(error.status, rest.join('; '), error.requestId, error.code) : undefined;
  return { fields: found, form };
}
