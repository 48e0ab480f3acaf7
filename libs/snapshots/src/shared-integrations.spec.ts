import fc from 'fast-check';
import { SharedIntegrations } from './shared-integrations';

describe(SharedIntegrations.name, () => {
  const encodeAtOnce = (prefix: string, json: string) => Buffer.from(`${prefix}${json}}`).toString('base64url');

  it('encodes a payload to the very bytes of encoding it at once, whatever the prefix length and characters', () => {
    const integrations = fc.dictionary(
      fc.string(),
      fc.record({ enabled: fc.boolean(), reason: fc.option(fc.string({ unit: 'grapheme' }), { nil: undefined }) }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), integrations, (prefix, value) => {
        const shared = new SharedIntegrations(JSON.stringify(value));
        // Twice: the second time from the encoding kept for that alignment.
        expect(shared.encodePayload(prefix)).toBe(encodeAtOnce(prefix, shared.json));
        expect(shared.encodePayload(prefix)).toBe(encodeAtOnce(prefix, shared.json));
      }),
    );
  });

  it('keeps one encoding per alignment, each right for every prefix of that length modulo 3', () => {
    const shared = new SharedIntegrations('{"acme.lock":{"enabled":false,"reason":"Disabled ✓"}}');
    for (const prefix of ['', 'a', 'ab', 'abc', 'abcd', 'ab✓', '{"iss":"x","sub":"d","rev":12,"iat":1,"exp":2,"integrations":']) {
      expect(shared.encodePayload(prefix)).toBe(encodeAtOnce(prefix, shared.json));
    }
  });
  it('writes the same payload into a buffer at an offset, or nothing when it does not fit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), fc.nat(8), (prefix, reason, offset) => {
        const shared = new SharedIntegrations(JSON.stringify({ 'acme.lock': { enabled: false, reason } }));
        const expected = encodeAtOnce(prefix, shared.json);
        const roomy = Buffer.alloc(offset + expected.length + 3, 0x7e);
        expect(shared.writePayload(prefix, roomy, offset)).toBe(expected.length);
        expect(roomy.toString('latin1')).toBe(`${'~'.repeat(offset)}${expected}~~~`);
        const tight = Buffer.alloc(offset + expected.length - 1, 0x7e);
        expect(shared.writePayload(prefix, tight, offset)).toBe(-1);
        expect(tight.toString('latin1')).toBe('~'.repeat(tight.length));
      }),
    );
  });
});
