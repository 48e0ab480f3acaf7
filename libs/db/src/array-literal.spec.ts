import { plainArrayParameter } from './array-literal';

describe(plainArrayParameter.name, () => {
  it('sends digests and uuids as an array literal, unquoted', () => {
    const digest = 'ab'.repeat(32);
    const uuid = '0192f3a4-5b6c-7d8e-9fa0-b1c2d3e4f5a6';
    expect(plainArrayParameter([digest, uuid, 'ABCDEF'])).toBe(`{${digest},${uuid},ABCDEF}`);
  });

  it('leaves to node-postgres any array with an element that would need quoting, or none', () => {
    for (const values of [[], ['a', 'null'], ['NULL'], ['ab', ''], ['a"b'], ['a,b'], ['a b'], ['{a}'], ['a\\b'], ['ab', 1], [null], [['ab']]]) {
      expect(plainArrayParameter(values)).toBe(values);
    }
  });
});
