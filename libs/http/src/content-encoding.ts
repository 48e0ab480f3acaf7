import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from './app-error';

/**
 * Request bodies are read as they are sent: nothing decompresses them. A body
 * sent with `Content-Encoding: gzip` would be read as if it were plain JSON
 * (a gzip stream that happens to parse, or a plain body mislabelled), so any
 * coding but `identity` is refused with a 415.
 */

/** The coding a request's body says it is in, other than identity; undefined when it is sent as is. */
export function bodyContentCoding(headers: IncomingHttpHeaders): string | undefined {
  const header = headers['content-encoding'];
  if (header === undefined) return undefined;
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  return codings.length ? codings.join(', ') : undefined;
}

/** Header values are Latin-1 text: cutting one by units splits nothing. */
const MAX_CODING_QUOTED = 64;

export function contentEncodedBodyError(coding: string): AppError {
  const quoted = coding.length > MAX_CODING_QUOTED ? `${coding.slice(0, MAX_CODING_QUOTED)}…` : coding;
  return new AppError(
    'unsupported_media_type',
    `request bodies must not be content-encoded (Content-Encoding: ${quoted}): send the JSON uncompressed, without Content-Encoding`,
  );
}
