import type { IncomingMessage } from 'node:http';
import { newRequestId, requestIdOf } from './request-id';

const UUID_SHAPED = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function request(headers: Record<string, string> = {}): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe(requestIdOf.name, () => {
  it('gives each request its own id, shaped as a UUID', () => {
    const ids = Array.from({ length: 5_000 }, () => requestIdOf(request()));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !UUID_SHAPED.test(id))).toEqual([]);
  });

  it('gives ids that say nothing of how many requests came between two of them (no counter)', () => {
    const [a, b] = [newRequestId(), newRequestId()];
    // Two ids in a row share no more than chance: a counter's would share all but their last digits.
    const shared = [...a].filter((c, i) => c === b[i] && c !== '-').length;
    expect(shared).toBeLessThan(20);
  });

  it("keeps a caller's sane x-request-id, replaces any other, and answers the same id for the same request", () => {
    const offered = request({ 'x-request-id': 'trace-1:a.b_c' });
    expect(requestIdOf(offered)).toBe('trace-1:a.b_c');
    const unsafe = request({ 'x-request-id': 'bad id\r\nx: y' });
    const id = requestIdOf(unsafe);
    expect(id).toMatch(UUID_SHAPED);
    expect(requestIdOf(unsafe)).toBe(id);
  });
});
