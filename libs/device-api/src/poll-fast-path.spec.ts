import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify from 'fastify';
import { PollFastPath } from './poll-fast-path';
import { POLL_PATH, PollRoute } from './poll.route';
import type { FlagsAnswer } from './flags-answer';

const answer = { etag: '"e1"', body: '{"rev":1}' } as FlagsAnswer;
const route = { fromMemory: () => answer } as unknown as PollRoute;

function poll(headers: Record<string, string> = {}, url = POLL_PATH): { request: IncomingMessage; response: ServerResponse; written: unknown[] } {
  const written: unknown[] = [];
  const response = { writeHead: (...args: unknown[]) => written.push(['head', ...args]), end: (...args: unknown[]) => written.push(['end', ...args]) };
  return { request: { method: 'GET', url, headers } as unknown as IncomingMessage, response: response as unknown as ServerResponse, written };
}

/** What PollFastPath leaves to Fastify; the integration spec covers what it answers over real HTTP. */
describe('PollFastPath', () => {
  it('answers only once bound, only GET of the exact path, and never once the server starts closing', async () => {
    const fastify = Fastify();
    const fastPath = new PollFastPath();
    fastPath.installHook(fastify);
    await fastify.ready();

    expect(fastPath.answer(poll().request, poll().response)).toBe(false); // not bound yet
    fastPath.bind(route);
    const answered = poll({ 'if-none-match': '"e1"' });
    expect(fastPath.answer(answered.request, answered.response)).toBe(true);
    expect(answered.written).toEqual([['head', 304, expect.objectContaining({ etag: '"e1"' })], ['end']]);
    expect(fastPath.answer(poll({}, `${POLL_PATH}?x=1`).request, poll().response)).toBe(false);
    expect(fastPath.answer(poll({ 'content-length': '2' }).request, poll().response)).toBe(false);

    await fastify.close();
    const late = poll();
    expect(fastPath.answer(late.request, late.response)).toBe(false);
    expect(late.written).toEqual([]);
  });
});
