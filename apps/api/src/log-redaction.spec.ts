import { urlWithTokenRedacted } from './log-redaction';

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
