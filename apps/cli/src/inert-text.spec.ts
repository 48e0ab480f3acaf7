import { inert, inertJson } from './inert-text';

describe(inert.name, () => {
  it('writes out every control character but line feed and tab, and the bidirectional overrides', () => {
    expect(inert('a\u001b[2Jb\u001b]0;owned\u0007c\r\u009b31m\u007f\u202eed\u2066\nnext\tcolumn')).toBe(
      'a\\x1b[2Jb\\x1b]0;owned\\x07c\\x0d\\x9b31m\\x7f\\u{202e}ed\\u{2066}\nnext\tcolumn',
    );
  });

  it('leaves ordinary text alone, accents, emoji and quotes included', () => {
    const text = 'Mijia cameras show strangers’ feeds — ünïcödé 🎥 "quoted" \\ backslash';
    expect(inert(text)).toBe(text);
  });
});

describe(inertJson.name, () => {
  it('escapes what JSON.stringify leaves raw, and the result parses to the same value', () => {
    const value = { reason: 'r \u001b[2J \u009b31m \u007f \u202e \u2069 ok' };
    const json = inertJson(JSON.stringify(value));
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/); // eslint-disable-line no-control-regex
    expect(JSON.parse(json)).toEqual(value);
  });
});
