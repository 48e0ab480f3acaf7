import type { IncomingMessage } from 'node:http';
import { ProxyTrust, clientAddressOf } from '@killswitch/http';

/** What pino's standard request serializer hands a custom one. */
interface SerializedRequest {
  url?: string;
  remoteAddress?: string;
  raw?: IncomingMessage;
}

/**
 * The request log's serializer: the URL with its tokens redacted (urlWithTokenRedacted), and behind a trusted proxy
 * (TRUST_PROXY) `remoteAddress` is the client's address as the routes' `request.ip` has it, not the proxy's.
 */
export function requestLogSerializer(trust: ProxyTrust | false): (req: SerializedRequest) => SerializedRequest {
  return (req) => ({
    ...req,
    url: urlWithTokenRedacted(req.url),
    ...(trust && req.raw ? { remoteAddress: clientAddressOf(req.raw, trust) } : {}),
  });
}

/**
 * A request URL as the request log writes it: the value of every `token` query parameter replaced, however its name
 * is spelled on the wire (`%74oken`, `Token`): an OFREP event stream's URL carries its token (OFREP ADR-0008: never
 * log it), and the query parser decodes the name before the route reads it.
 */
export function urlWithTokenRedacted(url: string | undefined): string | undefined {
  const start = url?.indexOf('?') ?? -1;
  if (url === undefined || start < 0) return url;
  const pairs = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      const name = pair.slice(0, equals);
      return decodedName(name).trim().toLowerCase() === 'token' ? `${name}=[Redacted]` : pair;
    });
  return `${url.slice(0, start + 1)}${pairs.join('&')}`;
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name; // malformed escapes: the route refuses such a query anyway
  }
}
