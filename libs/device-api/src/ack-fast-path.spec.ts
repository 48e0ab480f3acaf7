import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddressOf, proxyTrustOf } from '@killswitch/http';
import { AckFastPath } from './ack-fast-path';
import { ACKS_PATH, AckRoute } from './ack.route';

const handOn = () => {
  throw new Error('handed on');
};

/** What AckFastPath asks the route before it answers; the integration spec covers what it answers over real HTTP. */
describe(AckFastPath.name, () => {
  it('asks the refusal limiter about the client address the routes see: behind a trusted proxy, the one it reports', () => {
    const trust = proxyTrustOf(['127.0.0.1']);
    const fastPath = new AckFastPath(
      () => {},
      (raw) => clientAddressOf(raw, trust),
    );
    const asked: string[] = [];
    // A caller the limiter holds back: the route is left to answer it (its 429).
    fastPath.bind({ admit: (_authorization: string, address: string) => void asked.push(address) } as unknown as AckRoute);
    const ack = (remoteAddress: string, forwardedFor: string) =>
      ({
        method: 'POST',
        url: ACKS_PATH,
        headers: { 'content-type': 'application/json', 'content-length': '9', authorization: 'Bearer ksd_x', 'x-forwarded-for': forwardedFor },
        socket: { remoteAddress },
      }) as unknown as IncomingMessage;

    expect(fastPath.answer(ack('127.0.0.1', '198.18.0.7'), {} as ServerResponse, handOn)).toBe(false);
    expect(fastPath.answer(ack('198.51.100.4', '198.18.0.8'), {} as ServerResponse, handOn)).toBe(false);
    expect(asked).toEqual(['198.18.0.7', '198.51.100.4']);
  });
});
