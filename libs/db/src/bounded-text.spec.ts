import { truncateCodePoints } from './bounded-text';

const EMOJI = '\u{1F4A9}'; // one character, two UTF-16 units

describe(truncateCodePoints.name, () => {
  it('keeps text of at most max characters whole, however many UTF-16 units it takes', () => {
    expect(truncateCodePoints('camera leak', 11)).toBe('camera leak');
    expect(truncateCodePoints(EMOJI.repeat(1000), 1000)).toBe(EMOJI.repeat(1000));
    expect(truncateCodePoints(`a${EMOJI.repeat(599)}`, 600, '…')).toBe(`a${EMOJI.repeat(599)}`);
  });

  it('cuts longer text to max characters, the ellipsis counted, never inside a surrogate pair', () => {
    expect(truncateCodePoints(EMOJI.repeat(1001), 1000, '…')).toBe(`${EMOJI.repeat(999)}…`);
    expect(truncateCodePoints(EMOJI.repeat(3), 2)).toBe(EMOJI.repeat(2));
    // Wherever the bound falls in a mix of one- and two-unit characters, what is left is well formed and within it.
    const mixed = `ab${EMOJI}c${EMOJI}${EMOJI}d`.repeat(20);
    for (let max = 0; max <= [...mixed].length + 1; max++) {
      for (const ellipsis of ['', '…']) {
        const cut = truncateCodePoints(mixed, max, ellipsis);
        expect({ max, ellipsis, wellFormed: cut.isWellFormed(), fits: [...cut].length <= Math.max(max, [...ellipsis].length) }).toEqual({
          max,
          ellipsis,
          wellFormed: true,
          fits: true,
        });
        expect(mixed.startsWith(cut.slice(0, cut.length - ellipsis.length))).toBe(true);
      }
    }
  });

  it('makes a lone surrogate already in the text U+FFFD, short or long, so what is stored is valid Unicode', () => {
    expect(truncateCodePoints('a\ud800b', 10)).toBe('a\ufffdb');
    expect(truncateCodePoints(`x\udc00${'y'.repeat(20)}`, 5, '…')).toBe('x\ufffdyy…');
    expect(truncateCodePoints(`${EMOJI}\ud83d`, 2)).toBe(`${EMOJI}\ufffd`);
  });
});
