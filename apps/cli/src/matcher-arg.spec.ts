import { InvalidArgumentError } from 'commander';
import { formatMatcher, parseMatcherArg } from './matcher-arg';

describe(parseMatcherArg.name, () => {
  it.each([
    ['eq:3.5.1_00.66', { eq: '3.5.1_00.66' }],
    ['lt:3.5.1_00.68', { lt: '3.5.1_00.68' }],
    ['lte:1.0', { lte: '1.0' }],
    ['gt:2', { gt: '2' }],
    ['gte:1.50', { gte: '1.50' }],
    ['in:3.5.1_00.66,3.5.1_00.67', { in: ['3.5.1_00.66', '3.5.1_00.67'] }],
    ['between:1.0,2.0', { between: ['1.0', '2.0'] }],
    ['{"lt":"3.5.1_00.68"}', { lt: '3.5.1_00.68' }],
    [' {"in":["a","b"]} ', { in: ['a', 'b'] }],
  ])('reads %s', (raw, expected) => {
    expect(parseMatcherArg(raw)).toEqual(expected);
  });

  it.each([
    ['3.5.1', /op one of eq, in, lt/],
    ['like:3.5', /op one of/],
    ['lt:', /lt must be a version/],
    ['between:2.0,1.0', /lo <= hi/],
    ['between:1.0', /between must be \[lo, hi\]/],
    ['in:a,,b', /in\[1\] must be a version/],
    ['{"lt":', /not valid JSON/],
    ['{"lt":"1","gt":"0"}', /exactly one of/],
  ])('refuses %s with a message that says what is wrong', (raw, message) => {
    expect(() => parseMatcherArg(raw, 'vendorFirmware')).toThrow(InvalidArgumentError);
    expect(() => parseMatcherArg(raw, 'vendorFirmware')).toThrow(message);
  });

  it('writes matchers back in the shorthand', () => {
    expect(formatMatcher({ lt: '3.5.1_00.68' })).toBe('lt:3.5.1_00.68');
    expect(formatMatcher({ between: ['1', '2'] })).toBe('between:1,2');
  });
});
