import { isOfrepPath, ofrepKeyOfPath, toOfrepErrorBody } from './ofrep-error-body';

describe('OFREP error bodies', () => {
  it('makes an unreadable body’s 400 a PARSE_ERROR and every other refusal GENERAL, the message its errorDetails', () => {
    expect(toOfrepErrorBody({ statusCode: 400, message: 'bad JSON' }, { unreadableBody: true })).toEqual({
      errorCode: 'PARSE_ERROR',
      errorDetails: 'bad JSON',
    });
    expect(toOfrepErrorBody({ statusCode: 400, message: 'a NUL' }, { unreadableBody: false })).toEqual({ errorCode: 'GENERAL', errorDetails: 'a NUL' });
    expect(toOfrepErrorBody({ statusCode: 413, message: 'too large' }, { key: 'a.b', unreadableBody: true })).toEqual({
      key: 'a.b',
      errorCode: 'GENERAL',
      errorDetails: 'too large',
    });
  });

  it('tells the OFREP paths, and the flag key of a raw single-flag path', () => {
    expect(isOfrepPath('/ofrep/v1/evaluate/flags')).toBe(true);
    expect(isOfrepPath('/ofrep/v1/evaluate/flags/:key')).toBe(true);
    expect(isOfrepPath('/v1/device/ofrep-events')).toBe(false);
    expect(isOfrepPath(undefined)).toBe(false);
    expect(ofrepKeyOfPath('/ofrep/v1/evaluate/flags/xiaomi.camera-stream?x=1')).toBe('xiaomi.camera-stream');
    expect(ofrepKeyOfPath('/ofrep/v1/evaluate/flags/a%2Eb')).toBe('a.b');
    expect(ofrepKeyOfPath('/ofrep/v1/evaluate/flags/%E0')).toBe('%E0');
    expect(ofrepKeyOfPath('/ofrep/v1/evaluate/flags')).toBeUndefined();
  });
});
