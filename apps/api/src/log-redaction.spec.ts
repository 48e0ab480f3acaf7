import type { IncomingMessage } from 'node:http';
import { proxyTrustOf } from '@killswitch/http';
import { requestLogSerializer, urlWithTokenRedacted } from './log-redaction';

describe(urlWithTokenRedacted.name, () => {
  it('replaces every token parameter’s value, however its name is spelled, and nothing else', () => {
    expect(urlWithTokenRedacted('/v1/device/ofrep-events?token=abc&flagConfigEtag=x')).toBe('/v1/device/ofrep-events?token=[Redacted]&flagConfigEtag=x');
    expect(urlWithTokenRedacted('/v1/device/ofrep-events?%74oken=abc')).toBe('/v1/device/ofrep-events?%74oken=[Redacted]');
    expect(urlWithTokenRedacted('/x?a=1&Token=abc&%54%4F%4B%45%4E=def&token=ghi')).toBe('/x?a=1&Token=[Redacted]&%54%4F%4B%45%4E=[Redacted]&token=[Redacted]');
    expect(urlWithTokenRedacted('/x?tokens=keep&mytoken=keep&%zz=keep')).toBe('/x?tokens=keep&mytoken=keep&%zz=keep');
    expect(urlWithTokenRedacted('/v1/users')).toBe('/v1/users');
    expect(urlWithTokenRedacted(undefined)).toBeUndefined();
  });
});

describe(requestLogSerializer.name, () => {
  const raw = { socket: { remoteAddress: '127.0.0.1' }, headers: { 'x-forwarded-for': '198.18.0.7' } } as unknown as IncomingMessage;
  const serialized = () => ({ url: '/v1/device/ofrep-events?token=abc', remoteAddress: '127.0.0.1', raw });

  it('logs the client address a trusted proxy reports, as the routes see it', () => {
    expect(requestLogSerializer(proxyTrustOf(['127.0.0.1']))(serialized())).toMatchObject({
      url: '/v1/device/ofrep-events?token=[Redacted]',
      remoteAddress: '198.18.0.7',
    });
  });

  it('logs the connection’s address when no proxy is trusted, or the peer is not one', () => {
    expect(requestLogSerializer(false)(serialized())).toMatchObject({ url: '/v1/device/ofrep-events?token=[Redacted]', remoteAddress: '127.0.0.1' });
    expect(requestLogSerializer(proxyTrustOf(['192.0.2.1']))(serialized())).toMatchObject({ remoteAddress: '127.0.0.1' });
  });
});
