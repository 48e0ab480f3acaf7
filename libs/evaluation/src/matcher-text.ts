/**
 * A firmware matcher written on one line, as alert labels and the command line carry it: `lt:3.5.1_00.68`,
 * `eq:…`, `lte`/`gt`/`gte`, `in:a,b` and `between:lo,hi` (inclusive). Checked by parseMatcher, so the message
 * says what is wrong in the same words as the API's.
 */
import { MATCHER_OPERATORS, MatcherParseResult, parseMatcher } from './matcher';

const LIST_OPERATORS: ReadonlySet<string> = new Set(['in', 'between']);

export function parseMatcherText(raw: string, field = 'firmware'): MatcherParseResult {
  const text = raw.trim();
  const colon = text.indexOf(':');
  const op = colon < 0 ? '' : text.slice(0, colon);
  if (!(MATCHER_OPERATORS as readonly string[]).includes(op)) {
    return {
      ok: false,
      error: `${field} must be written <op>:<version> with op one of ${MATCHER_OPERATORS.join(', ')}, e.g. lt:3.5.1_00.68, in:a,b or between:lo,hi`,
    };
  }
  const value = text.slice(colon + 1);
  return parseMatcher({ [op]: LIST_OPERATORS.has(op) ? value.split(',').map((v) => v.trim()) : value.trim() }, field);
}
