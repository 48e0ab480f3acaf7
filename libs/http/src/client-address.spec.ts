import { FastifyAdapter } from '@nestjs/platform-fastify';
import { clientAddressOf, proxyTrustOf } from './client-address';

/** clientAddressOf must give what Fastify's request.ip gives under the same trust: the ack answered before Fastify keys its limits by it. */
describe(clientAddressOf.name, () => {
  const settings: [string, boolean | string[]][] = [
    ['off', false],
    ['every hop', true],
    ['the loopback balancer', ['127.0.0.1']],
    ['two tiers of proxies', ['10.0.0.0/8', '127.0.0.1']],
    ['a proxy the peer is not', ['192.0.2.10']],
  ];
  const requests: { remoteAddress: string; forwardedFor?: string }[] = [
    { remoteAddress: '127.0.0.1' },
    { remoteAddress: '127.0.0.1', forwardedFor: '198.18.0.7' },
    { remoteAddress: '127.0.0.1', forwardedFor: '203.0.113.9, 10.1.2.3' },
    { remoteAddress: '127.0.0.1', forwardedFor: 'spoofed, 198.18.0.8, 10.1.2.3' },
    { remoteAddress: '198.51.100.4', forwardedFor: '198.18.0.9' },
    { remoteAddress: '::ffff:127.0.0.1', forwardedFor: '2001:db8::1' },
  ];

  it.each(settings)("gives Fastify's request.ip with the proxies %s", async (_name, proxies) => {
    const trust = proxyTrustOf(proxies);
    const fastify = new FastifyAdapter({ trustProxy: trust }).getInstance();
    fastify.get('/', (request, reply) => reply.send({ fastify: request.ip, ours: clientAddressOf(request.raw, trust) }));
    try {
      for (const { remoteAddress, forwardedFor } of requests) {
        const response = await fastify.inject({ url: '/', remoteAddress, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
        const { fastify: theirs, ours } = response.json<{ fastify: string; ours: string }>();
        expect({ remoteAddress, forwardedFor, ours }).toEqual({ remoteAddress, forwardedFor, ours: theirs });
      }
    } finally {
      await fastify.close();
    }
  });

  it('takes the client the trusted proxies report, and never an address an untrusted hop added', async () => {
    const trust = proxyTrustOf(['10.0.0.0/8', '127.0.0.1']);
    const fastify = new FastifyAdapter({ trustProxy: trust }).getInstance();
    fastify.get('/', (request, reply) => reply.send(clientAddressOf(request.raw, trust)));
    try {
      const from = async (remoteAddress: string, forwardedFor?: string) =>
        (await fastify.inject({ url: '/', remoteAddress, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} })).body;
      expect(await from('127.0.0.1', 'spoofed-by-client, 198.18.0.8, 10.1.2.3')).toBe('198.18.0.8');
      expect(await from('198.51.100.4', '198.18.0.9')).toBe('198.51.100.4');
      expect(await from('127.0.0.1')).toBe('127.0.0.1');
      expect(clientAddressOf({ socket: { remoteAddress: '192.0.2.1' }, headers: { 'x-forwarded-for': '198.18.0.1' } } as never, false)).toBe('192.0.2.1');
    } finally {
      await fastify.close();
    }
  });
});
