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

  it("counts ids up under one random prefix, zero-padded to a UUID's length", () => {
    const first = newRequestId();
    const later = Array.from({ length: 300 }, () => newRequestId());
    // The random part is the process's; the counter's digits stay zero-padded to 12.
    expect(later.every((id) => id.slice(0, 24) === first.slice(0, 24) && id.length === 36)).toBe(true);
    expect(later.map((id) => parseInt(id.slice(24), 16) - parseInt(first.slice(24), 16))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
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
