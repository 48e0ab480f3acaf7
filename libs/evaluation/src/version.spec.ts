import fc from 'fast-check';
import { canonicalVersion, compareVersions, isValidVersion } from './version';
import { versionKey } from './version-key';

// Small pools make equal and near-equal segments common, so the properties meet ties.
const numeric = fc.oneof(fc.constantFrom('0', '00', '1', '01', '2', '9', '10', '66', '068'), fc.stringMatching(/^[0-9]{1,30}$/));
const text = fc.oneof(fc.constantFrom('a', 'b', 'B', 'rc', 'rc1', 'rc10', '00a', '0a', 'beta'), fc.stringMatching(/^[0-9]{0,2}[A-Za-z][A-Za-z0-9]{0,3}$/));
const segment = fc.oneof(numeric, text);
const separator = fc.constantFrom('.', '_', '-');
const segmentsOf = fc.array(segment, { minLength: 1, maxLength: 6 });
const join = (segments: string[], separators: string[]): string => segments.map((s, i) => (i === 0 ? s : separators[i % separators.length] + s)).join('');
const version = fc.tuple(segmentsOf, fc.array(separator, { minLength: 1, maxLength: 6 })).map(([segments, separators]) => join(segments, separators));

/** The rules of DESIGN.md written the obvious way: split, BigInt numbers, text by code units. */
function reference(a: string, b: string): number {
  const xs = a.split(/[._-]/);
  const ys = b.split(/[._-]/);
  for (let i = 0; ; i++) {
    if (i >= xs.length || i >= ys.length) return Math.sign(xs.length - ys.length);
    const [x, y] = [xs[i], ys[i]];
    const [xNum, yNum] = [/^[0-9]+$/.test(x), /^[0-9]+$/.test(y)];
    if (xNum && yNum && BigInt(x) !== BigInt(y)) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xNum !== yNum) return xNum ? -1 : 1;
    if (!xNum && x !== y) return x < y ? -1 : 1;
  }
}

describe(compareVersions.name, () => {
  it.each([
    ['3.5.1_00.66', '3.5.1_00.68', -1],
    ['3.5.1_00.68', '3.5.2', -1],
    ['3.5.1_00.66', '3.5.2', -1],
    ['1.0', '1.0.0', -1],
    ['1', '1.0', -1],
    ['1.00', '1.0', 0],
    ['3.5.1_00.66', '3.5.1.0.66', 0],
    ['1-2_3', '1.2.3', 0],
    ['1.9', '1.10', -1],
    ['2', '10', -1],
    ['1.9', '1.rc', -1],
    ['1.999', '1.a', -1],
    ['1.rc1', '1.rc2', -1],
    ['1.rc10', '1.rc2', -1],
    ['1.B', '1.a', -1],
    ['1.00a', '1.0a', -1],
    ['1.a', '1.ab', -1],
    ['1.99999999999999999999', '1.100000000000000000000', -1],
    ['1.9007199254740993', '1.9007199254740992', 1],
    ['1.0000000000000000000000001', '1.1', 0],
  ] as const)('orders %s against %s as %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });

  it('is reflexive', () => {
    fc.assert(fc.property(version, (a) => compareVersions(a, a) === 0));
  });

  it('answers exactly one of <, =, > and is antisymmetric', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const ab = compareVersions(a, b);
        expect([-1, 0, 1]).toContain(ab);
        expect(compareVersions(b, a)).toBe(-ab || 0);
      }),
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort(compareVersions);
        expect(compareVersions(x, y)).toBeLessThanOrEqual(0);
        expect(compareVersions(y, z)).toBeLessThanOrEqual(0);
        expect(compareVersions(x, z)).toBeLessThanOrEqual(0);
        if (compareVersions(x, y) === 0 && compareVersions(y, z) === 0) expect(compareVersions(x, z)).toBe(0);
      }),
    );
  });

  it('follows the segment rules (numbers as numbers, numbers before text, missing lowest)', () => {
    fc.assert(fc.property(version, version, (a, b) => compareVersions(a, b) === reference(a, b)));
  });

  it('ranks a version below the same version with a segment appended', () => {
    fc.assert(fc.property(version, separator, segment, (a, sep, seg) => compareVersions(a, a + sep + seg) === -1));
  });

  it('gives separators and leading zeros no weight', () => {
    fc.assert(
      fc.property(segmentsOf, fc.array(separator, { minLength: 1 }), fc.array(separator, { minLength: 1 }), (segments, s1, s2) => {
        const padded = segments.map((s) => (/^[0-9]+$/.test(s) ? `00${s}` : s));
        return compareVersions(join(segments, s1), join(padded, s2)) === 0;
      }),
    );
  });

  it('agrees with the byte order of versionKey, which SQL matchers use', () => {
    fc.assert(fc.property(version, version, (a, b) => compareVersions(a, b) === Math.sign(Buffer.compare(versionKey(a), versionKey(b)))));
  });
});

describe(canonicalVersion.name, () => {
  it('writes numbers without leading zeros and every separator as a dot', () => {
    expect(canonicalVersion('3.5.1_00.66')).toBe('3.5.1.0.66');
    expect(canonicalVersion('v2-rc01_007')).toBe('v2.rc01.7');
  });

  it('is equal for two versions exactly when compareVersions says they are equal', () => {
    fc.assert(fc.property(version, version, (a, b) => (canonicalVersion(a) === canonicalVersion(b)) === (compareVersions(a, b) === 0)));
  });
});

describe(isValidVersion.name, () => {
  it.each(['3.5.1_00.66', '1', 'v2', '1.0.0-rc1', 'A_b-C.9'])('accepts %s', (v) => {
    expect(isValidVersion(v)).toBe(true);
  });

  it('accepts up to 32 segments and 128 characters', () => {
    expect(isValidVersion(`1${'.1'.repeat(31)}`)).toBe(true);
    expect(isValidVersion('9'.repeat(128))).toBe(true);
  });

  it.each(['', '.1', '1.', '1..2', '1._2', '1 2', '1.2+3', 'é'])('refuses %j', (v) => {
    expect(isValidVersion(v)).toBe(false);
  });

  it('refuses 33 segments or 129 characters', () => {
    expect(isValidVersion(`1${'.1'.repeat(32)}`)).toBe(false);
    expect(isValidVersion('9'.repeat(129))).toBe(false);
  });

  it.each([null, undefined, 1, ['1'], { v: '1' }])('refuses the non-string %j', (v) => {
    expect(isValidVersion(v)).toBe(false);
  });

  it('accepts every short version built from letters, digits and separators', () => {
    fc.assert(fc.property(version, (v) => isValidVersion(v) === v.length <= 128));
  });
});
