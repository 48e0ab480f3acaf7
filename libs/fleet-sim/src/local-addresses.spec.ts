import { SPREAD_ABOVE, defaultLocalAddresses } from './local-addresses';

describe(defaultLocalAddresses.name, () => {
  it('spreads streams over 127.0.0.2–9 only for a large fleet streaming to a loopback API', () => {
    const many = SPREAD_ABOVE + 1;
    expect(defaultLocalAddresses('http://127.0.0.1:3000', 'stream', many)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((n) => `127.0.0.${n}`));
    expect(defaultLocalAddresses('http://localhost:3000', 'both', many)).toHaveLength(8);
    expect(defaultLocalAddresses('http://127.0.0.1:3000', 'poll', many)).toBeUndefined();
    expect(defaultLocalAddresses('http://127.0.0.1:3000', 'stream', SPREAD_ABOVE)).toBeUndefined();
    expect(defaultLocalAddresses('https://killswitch.example.com', 'stream', many)).toBeUndefined();
  });
});
