import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify from 'fastify';
import { PollFastPath } from './poll-fast-path';
import { POLL_PATH, PollRoute } from './poll.route';
import type { FlagsAnswer } from './flags-answer';

const answer = { etag: '"e1"', body: '{"rev":1}' } as FlagsAnswer;
const route = { fromMemory: () => answer } as unknown as PollRoute;

const handOn = () => {
  throw new Error('handed on');
};

function poll(headers: Record<string, string> = {}, url = POLL_PATH): { request: IncomingMessage; response: ServerResponse; written: unknown[] } {
  const written: unknown[] = [];
  const response = { writeHead: (...args: unknown[]) => written.push(['head', ...args]), end: (...args: unknown[]) => written.push(['end', ...args]) };
  const socket = { remoteAddress: '192.0.2.9' };
  return { request: { method: 'GET', url, headers, socket } as unknown as IncomingMessage, response: response as unknown as ServerResponse, written };
}

/** What PollFastPath leaves to Fastify; the integration spec covers what it answers over real HTTP. */
describe('PollFastPath', () => {
  it('answers only once bound, only GET of the exact path, and never once the server starts closing', async () => {
    const fastify = Fastify();
    const fastPath = new PollFastPath(undefined);
    fastPath.installHook(fastify);
    await fastify.ready();

    expect(fastPath.answer(poll().request, poll().response, handOn)).toBe(false); // not bound yet
    fastPath.bind(route);
    const answered = poll({ 'if-none-match': '"e1"' });
    expect(fastPath.answer(answered.request, answered.response, handOn)).toBe(true);
    expect(answered.written).toEqual([['head', 304, expect.objectContaining({ etag: '"e1"' })], ['end']]);
    expect(fastPath.answer(poll({}, `${POLL_PATH}?x=1`).request, poll().response, handOn)).toBe(false);
    expect(fastPath.answer(poll({ 'content-length': '2' }).request, poll().response, handOn)).toBe(false);

    await fastify.close();
    const late = poll();
    expect(fastPath.answer(late.request, late.response, handOn)).toBe(false);
    expect(late.written).toEqual([]);
  });

  it("answers a device credential's poll that is not in memory once the route's slow path has it, and hands its error on", async () => {
    const cold = { ok: jest.fn(), notModified: jest.fn() };
    const fastPath = new PollFastPath(cold);
    const failure = new Error('database gone');
    let outcome: Promise<FlagsAnswer> = Promise.resolve(answer);
    const digests: Buffer[] = [];
    const addresses: string[] = [];
    const digest = Buffer.alloc(32, 7);
    const coldAnswer = (_authorization: string, given: Buffer, address: string) => {
      digests.push(given);
      addresses.push(address);
      return outcome;
    };
    // fromMemory hands a device credential it does not hold back as its digest, for the slow path.
    const fromMemory = (authorization?: string) => (authorization?.startsWith('Bearer ksd_') ? digest : undefined);
    fastPath.bind({ fromMemory, coldAnswer } as unknown as PollRoute);

    const noDeviceCredential = poll({ authorization: 'Bearer ksu_user' });
    expect(fastPath.answer(noDeviceCredential.request, noDeviceCredential.response, handOn)).toBe(false);
    expect(fastPath.answer(poll().request, poll().response, handOn)).toBe(false);

    const answered = poll({ authorization: 'Bearer ksd_cold' });
    expect(fastPath.answer(answered.request, answered.response, handOn)).toBe(true);
    await outcome;
    expect(answered.written).toEqual([
      ['head', 200, expect.objectContaining({ etag: '"e1"', 'content-length': 9 })],
      ['end', '{"rev":1}'],
    ]);
    expect(cold.ok).toHaveBeenCalledTimes(1);
    expect(digests).toEqual([digest]); // the slow path is given the digest fromMemory made, not the token to hash again
    expect(addresses).toEqual(['192.0.2.9']); // and the caller's address, for the refusal limiter

    outcome = Promise.reject(failure);
    const refused = poll({ authorization: 'Bearer ksd_cold' });
    const handedOn = new Promise<void>((resolve) => expect(fastPath.answer(refused.request, refused.response, () => resolve())).toBe(true));
    await handedOn;
    expect(refused.written).toEqual([]);
  });
});
