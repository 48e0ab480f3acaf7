/**
 * Lone UTF-16 surrogates in a JSON body: `"\ud800"` is valid JSON but not
 * valid Unicode. Such a string passes every DTO check and then fails deep
 * inside (the audit's RFC 8785 canonicaliser throws, PostgreSQL's json refuses
 * it, validator's isEmail throws), so the JSON parser refuses it before any
 * route sees it.
 */

/** How many of the strings found are named in the answer: enough to fix a body, never a message the size of the body. */
const MAX_NAMED = 10;

/**
 * A `\uD800`-`\uDFFF` escape in the JSON text: the only way a body can hold a lone surrogate, since the text itself
 * comes from a UTF-8 decode, which never produces one (it gives U+FFFD for a surrogate encoded in UTF-8). A cheap scan
 * of the text that spares the walk of the parsed body on nearly every request (an escaped backslash before `u` is a
 * false alarm the walk then clears, as is a well-formed escaped pair such as Python's `\ud83d\udca9`).
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

export function mayHoldLoneSurrogate(jsonText: string): boolean {
  return SURROGATE_ESCAPE.test(jsonText);
}

/** Where `value` (a parsed JSON body) holds a lone surrogate: paths such as `alerts.0.labels.alertname`, at most MAX_NAMED. */
export function pathsWithLoneSurrogates(value: unknown, path = '', found: string[] = []): string[] {
  if (found.length >= MAX_NAMED) return found;
  if (typeof value === 'string') {
    if (!value.isWellFormed()) found.push(path || 'the body');
    return found;
  }
  if (typeof value !== 'object' || value === null) return found;
  for (const [key, child] of Object.entries(value)) {
    // A bad field name is not repeated in the answer: it is named by where it is.
    if (!key.isWellFormed()) found.push(path ? `a field name in ${path}` : 'a field name');
    else pathsWithLoneSurrogates(child, path ? `${path}.${key}` : key, found);
    if (found.length >= MAX_NAMED) break;
  }
  return found;
}

/** The line of a 400 for one such path, saying what to fix. */
export function loneSurrogateMessage(path: string): string {
  return `${path} is not valid Unicode: it holds a lone UTF-16 surrogate (a \\uD800-\\uDFFF escape without its pair); send whole characters`;
}
