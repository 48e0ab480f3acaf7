/**
 * Firmware matchers on the command line: `eq:3.5.1_00.66`, `lt:3.5.1_00.68`, `in:a,b`,
 * `between:lo,hi` (also lte, gt, gte), or the API's JSON form `{"lt":"3.5.1_00.68"}`.
 */
import { InvalidArgumentError } from 'commander';
import { FirmwareMatcher, MATCHER_OPERATORS, parseMatcher } from '@killswitch/evaluation';

const LIST_OPERATORS: ReadonlySet<string> = new Set(['in', 'between']);

export function parseMatcherArg(raw: string, field = 'firmware'): FirmwareMatcher {
  const text = raw.trim();
  let candidate: unknown;
  if (text.startsWith('{')) {
    try {
      candidate = JSON.parse(text);
    } catch (error) {
      throw new InvalidArgumentError(`not valid JSON (${(error as Error).message})`);
    }
  } else {
    const colon = text.indexOf(':');
    const op = colon < 0 ? '' : text.slice(0, colon);
    if (!(MATCHER_OPERATORS as readonly string[]).includes(op)) {
      throw new InvalidArgumentError(`write <op>:<version> with op one of ${MATCHER_OPERATORS.join(', ')}, e.g. lt:3.5.1_00.68, in:a,b or between:lo,hi`);
    }
    const value = text.slice(colon + 1);
    candidate = { [op]: LIST_OPERATORS.has(op) ? value.split(',').map((v) => v.trim()) : value };
  }
  const parsed = parseMatcher(candidate, field);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
  return parsed.matcher;
}

/** The shorthand back again, for human output: `lt:3.5.1_00.68`. */
export function formatMatcher(matcher: unknown): string {
  if (typeof matcher !== 'object' || matcher === null) return String(matcher);
  const [op, value] = Object.entries(matcher)[0] ?? ['?', ''];
  return `${op}:${Array.isArray(value) ? value.join(',') : String(value)}`;
}
