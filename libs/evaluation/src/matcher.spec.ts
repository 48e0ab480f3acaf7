import fc from 'fast-check';
import { FirmwareMatcher, compileMatcher, matches, parseMatcher } from './matcher';
import { compareVersions } from './version';

const VERSION_HINT = 'must be a version such as 3.5.1_00.66';
const EXACTLY_ONE = 'vendorFirmware must have exactly one of eq, in, lt, lte, gt, gte, between';

describe(parseMatcher.name, () => {
  it.each<[string, FirmwareMatcher]>([
    ['eq', { eq: '3.5.1_00.66' }],
    ['in', { in: ['3.5.1_00.66', '3.5.1_00.67'] }],
    ['lt', { lt: '3.5.1_00.68' }],
    ['lte', { lte: '3.5.1_00.68' }],
    ['gt', { gt: '1' }],
    ['gte', { gte: '1.0-rc1' }],
    ['between', { between: ['3.5.0', '3.5.1_00.68'] }],
  ])('accepts a well-formed %s matcher', (_op, matcher) => {
    expect(parseMatcher(matcher)).toEqual({ ok: true, matcher });
  });

  it('accepts between with equal bounds', () => {
    expect(parseMatcher({ between: ['1.0', '1.00'] }).ok).toBe(true);
  });

  it('returns a copy that later changes to the input do not reach', () => {
    const raw = { in: ['1.0'] };
    const parsed = parseMatcher(raw);
    raw.in.push('2.0');
    expect(parsed).toEqual({ ok: true, matcher: { in: ['1.0'] } });
  });

  it.each<[string, unknown, string]>([
    ['null', null, EXACTLY_ONE],
    ['a string', '3.5.1', EXACTLY_ONE],
    ['an array', [{ lt: '1' }], EXACTLY_ONE],
    ['no operator', {}, EXACTLY_ONE],
    ['two operators', { gte: '1', lt: '2' }, EXACTLY_ONE],
    ['an unknown operator', { ne: '1' }, EXACTLY_ONE],
    ['a number for lt', { lt: 3.5 }, `vendorFirmware.lt ${VERSION_HINT}`],
    ['a bad version for eq', { eq: '3.5.1 beta' }, `vendorFirmware.eq ${VERSION_HINT}`],
    ['an over-long version for gte', { gte: '1'.repeat(129) }, `vendorFirmware.gte ${VERSION_HINT}`],
    ['an empty in', { in: [] }, 'vendorFirmware.in must hold 1-100 versions'],
    ['an in of 101', { in: Array.from({ length: 101 }, (_, i) => `1.${i}`) }, 'vendorFirmware.in must hold 1-100 versions'],
    ['a string for in', { in: '1.0' }, 'vendorFirmware.in must hold 1-100 versions'],
    ['a bad version inside in', { in: ['1.0', '1..1'] }, `vendorFirmware.in[1] ${VERSION_HINT}`],
    ['one bound for between', { between: ['1.0'] }, 'vendorFirmware.between must be [lo, hi] with lo <= hi'],
    ['reversed bounds for between', { between: ['3.5.2', '3.5.1_00.68'] }, 'vendorFirmware.between must be [lo, hi] with lo <= hi'],
    ['a bad bound for between', { between: ['1.0', 2] }, `vendorFirmware.between[1] ${VERSION_HINT}`],
  ])('refuses %s, saying what to fix', (_case, raw, message) => {
    const parsed = parseMatcher(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.startsWith(message)).toBe(true);
  });

  it('names the field it was given in its errors', () => {
    expect(parseMatcher({ lt: '' }, 'deviceFirmware')).toEqual({ ok: false, error: expect.stringMatching(/^deviceFirmware\.lt must be a version/) });
  });
});

describe(matches.name, () => {
  it.each<[FirmwareMatcher, string, boolean]>([
    [{ eq: '3.5.1_00.66' }, '3.5.1_00.66', true],
    [{ eq: '3.5.1_00.66' }, '3.5.1.0.66', true],
    [{ eq: '3.5.1_00.66' }, '3.5.1_00.68', false],
    [{ eq: '1.0' }, '1.0.0', false],
    [{ in: ['1.0', '2.0'] }, '1.00', true],
    [{ in: ['1.0', '2.0'] }, '2-0', true],
    [{ in: ['1.0', '2.0'] }, '1.5', false],
    [{ lt: '3.5.1_00.68' }, '3.5.1_00.66', true],
    [{ lt: '3.5.1_00.68' }, '3.5.1_00.68', false],
    [{ lt: '3.5.1_00.68' }, '3.5.2', false],
    [{ lte: '3.5.1_00.68' }, '3.5.1_00.68', true],
    [{ lte: '3.5.1_00.68' }, '3.5.1_00.69', false],
    [{ gt: '3.5.1' }, '3.5.1.0', true],
    [{ gt: '3.5.1' }, '3.5.1', false],
    [{ gte: '3.5.1' }, '3.5.1', true],
    [{ gte: '3.5.1' }, '3.5.0.99', false],
    [{ between: ['3.5.1_00.66', '3.5.1_00.68'] }, '3.5.1_00.66', true],
    [{ between: ['3.5.1_00.66', '3.5.1_00.68'] }, '3.5.1_00.67', true],
    [{ between: ['3.5.1_00.66', '3.5.1_00.68'] }, '3.5.1_00.68', true],
    [{ between: ['3.5.1_00.66', '3.5.1_00.68'] }, '3.5.1_00.69', false],
    [{ between: ['3.5.1_00.66', '3.5.1_00.68'] }, '3.5.1_00.65', false],
  ])('%j on %s is %s', (matcher, version, expected) => {
    expect(matches(matcher, version)).toBe(expected);
  });
});

describe(compileMatcher.name, () => {
  const version = fc
    .array(fc.constantFrom('0', '00', '1', '2', '10', '66', '68', 'a', 'rc1'), { minLength: 1, maxLength: 4 })
    .chain((segments) => fc.constantFrom('.', '_', '-').map((sep) => segments.join(sep)));
  const matcher: fc.Arbitrary<FirmwareMatcher> = fc.oneof(
    version.map((eq) => ({ eq })),
    fc.array(version, { minLength: 1, maxLength: 5 }).map((list) => ({ in: list })),
    version.map((lt) => ({ lt })),
    version.map((lte) => ({ lte })),
    version.map((gt) => ({ gt })),
    version.map((gte) => ({ gte })),
    fc.tuple(version, version).map(([a, b]) => ({ between: (compareVersions(a, b) <= 0 ? [a, b] : [b, a]) as [string, string] })),
  );

  it('decides exactly as matches does', () => {
    fc.assert(fc.property(matcher, version, (m, v) => compileMatcher(m)(v) === matches(m, v)));
  });
});
