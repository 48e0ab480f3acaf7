import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** Whether the hop at `address` (0: the connection's peer) is a trusted proxy: Fastify's trustProxy function. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * Fastify's trustProxy option for the proxies TRUST_PROXY names (loadConfig's trustedProxies): false, or one compiled
 * function. The API hands the same function to Fastify and to clientAddressOf, so the address the code that answers
 * before Fastify (the device acks) keys its limits by is the very `request.ip` of the routes.
 */
export function proxyTrustOf(proxies: boolean | readonly string[]): ProxyTrust | false {
  if (proxies === false) return false;
  if (proxies === true) return () => true;
  return proxyAddr.compile([...proxies]);
}

/**
 * The client's address, as Fastify's `request.ip` gives it with the same trust: the connection's peer when no proxy
 * is trusted, else the nearest address in X-Forwarded-For that a trusted proxy did not add.
 */
export function clientAddressOf(raw: IncomingMessage, trust: ProxyTrust | false): string {
  return trust ? proxyAddr(raw, trust) : (raw.socket.remoteAddress ?? '');
}
