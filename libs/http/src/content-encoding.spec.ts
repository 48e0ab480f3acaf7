import { bodyContentCoding } from './content-encoding';

describe(bodyContentCoding.name, () => {
  it('names the coding of a compressed body, whatever its case or company', () => {
    expect(bodyContentCoding({ 'content-encoding': 'gzip' })).toBe('gzip');
    expect(bodyContentCoding({ 'content-encoding': 'BR' })).toBe('br');
    expect(bodyContentCoding({ 'content-encoding': 'identity, gzip' })).toBe('gzip');
    expect(bodyContentCoding({ 'content-encoding': 'deflate,gzip' })).toBe('deflate, gzip');
  });

  it('finds none in a body sent as is: no header, identity, or an empty one', () => {
    for (const header of [undefined, 'identity', 'Identity', '', ' , ']) expect(bodyContentCoding({ 'content-encoding': header })).toBeUndefined();
  });
});
