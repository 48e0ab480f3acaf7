import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { addressRefusal, guardedLookup, RefusedAddressError, urlFormRefusal, urlRefusal } from './url-guard';
import { sendWebhook } from './webhook-sender';

describe('webhook URL guard', () => {
  describe(addressRefusal.name, () => {
    it.each([
      ['169.254.169.254', 'cloud metadata'],
      ['fd00:ec2::254', 'cloud metadata'],
      ['100.100.100.200', 'cloud metadata'],
      ['169.254.10.1', 'link-local'],
      ['fe80::1', 'link-local'],
      ['::ffff:169.254.169.254', 'cloud metadata'],
      ['fe80::1%eth0', 'link-local'],
      ['0.0.0.0', 'not a destination'],
      ['::', 'not a destination'],
      ['224.0.0.1', 'not a destination'],
    ])('always refuses %s (%s), even where private networks are allowed', (ip, why) => {
      expect(addressRefusal(ip, true)).toContain(why);
      expect(addressRefusal(ip, false)).toContain(why);
    });

    it.each([
      ['127.0.0.1', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'private'],
      ['fd12:3456::1', 'private'],
    ])('refuses %s (%s) unless private networks are allowed, naming the setting', (ip, why) => {
      expect(addressRefusal(ip, false)).toContain(why);
      expect(addressRefusal(ip, false)).toContain('WEBHOOK_ALLOW_PRIVATE_NETWORKS=true');
      expect(addressRefusal(ip, true)).toBeNull();
    });

    it.each(['93.184.216.34', '2606:2800:220:1::1', '8.8.8.8'])('lets public address %s through', (ip) => {
      expect(addressRefusal(ip, false)).toBeNull();
    });

    describe('an IPv6 address carrying an IPv4 address is judged as that IPv4 address', () => {
      it.each([
        ['64:ff9b::a9fe:a9fe', '169.254.169.254 in NAT64', 'a cloud metadata address'],
        ['64:ff9b::169.254.169.254', '169.254.169.254 in NAT64', 'a cloud metadata address'],
        ['64:ff9b::6464:64c8', '100.100.100.200 in NAT64', 'a cloud metadata address'],
        ['64:ff9b::a9fe:a01', '169.254.10.1 in NAT64', 'a link-local address'],
        ['64:ff9b::e000:1', '224.0.0.1 in NAT64', 'not a destination address'],
        ['64:ff9b::a9fe:a9fe%eth0', '169.254.169.254 in NAT64', 'a cloud metadata address'],
        ['64:ff9b:1::a9fe:a9fe', '169.254.169.254 in NAT64', 'a cloud metadata address'],
        ['64:ff9b:1:abcd:ef::a9fe:a01', '169.254.10.1 in NAT64', 'a link-local address'],
        ['::a9fe:a9fe', '169.254.169.254 in IPv4-compatible', 'a cloud metadata address'],
        ['::169.254.10.1', '169.254.10.1 in IPv4-compatible', 'a link-local address'],
        ['::2', '0.0.0.2 in IPv4-compatible', 'not a destination address'],
        ['::ffff:a9fe:a9fe', '169.254.169.254 in IPv4-mapped', 'a cloud metadata address'],
        ['::ffff:0:a9fe:a9fe', '169.254.169.254 in IPv4-translated', 'a cloud metadata address'],
        ['2002:a9fe:a9fe::', '169.254.169.254 in 6to4', 'a cloud metadata address'],
        ['2002:a9fe:a01:1::1', '169.254.10.1 in 6to4', 'a link-local address'],
        // Teredo: server 65.54.227.120, client 169.254.169.254 inverted (0x5601 = ~0xa9fe).
        ['2001:0:4136:e378:8000:63bf:5601:5601', '169.254.169.254 in Teredo', 'a cloud metadata address'],
      ])('always refuses %s (%s form): it is %s', (ip, embedded, what) => {
        expect(addressRefusal(ip, true)).toContain(`${ip} (${embedded} form) is ${what}`);
        expect(addressRefusal(ip, false)).toContain(`${ip} (${embedded} form) is ${what}`);
      });

      it.each([
        ['64:ff9b::a00:1', '10.0.0.1 in NAT64', 'private network'],
        ['64:ff9b::7f00:1', '127.0.0.1 in NAT64', 'loopback'],
        ['64:ff9b:1::c0a8:101', '192.168.1.1 in NAT64', 'private network'],
        ['::a00:1', '10.0.0.1 in IPv4-compatible', 'private network'],
        ['::ffff:0:7f00:1', '127.0.0.1 in IPv4-translated', 'loopback'],
        ['2002:a00:1::', '10.0.0.1 in 6to4', 'private network'],
        ['2001:0:4136:e378:8000:63bf:80ff:fffe', '127.0.0.1 in Teredo', 'loopback'],
      ])('refuses %s (%s form) unless private networks are allowed', (ip, embedded, why) => {
        expect(addressRefusal(ip, false)).toBe(
          `${ip} (${embedded} form) is a ${why} address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow private networks)`,
        );
        expect(addressRefusal(ip, true)).toBeNull();
      });

      it.each([
        ['64:ff9b::808:808', '8.8.8.8 by NAT64'],
        ['64:ff9b:1::808:808', '8.8.8.8 by local-use NAT64'],
        ['::808:808', '8.8.8.8, IPv4-compatible'],
        ['::ffff:0:808:808', '8.8.8.8, IPv4-translated'],
        ['2002:808:808::1', '8.8.8.8 by 6to4'],
        ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'Teredo client 8.8.8.8'],
        ['2001:db8::1', 'not Teredo: 2001:db8::/32 is outside 2001::/32'],
      ])('lets %s (%s) through', (ip) => {
        expect(addressRefusal(ip, false)).toBeNull();
      });
    });
  });

  describe(urlFormRefusal.name, () => {
    it.each([
      ['not a url', 'absolute http:// or https://'],
      ['ftp://example.com/hook', 'must use http or https, not ftp'],
      ['file:///etc/passwd', 'must use http or https, not file'],
      ['https://user:pw@example.com/hook', 'user name or password'],
      ['http://metadata.google.internal/computeMetadata/v1/', 'cloud metadata service'],
      ['http://METADATA.google.internal./', 'cloud metadata service'],
      [`https://example.com/${'a'.repeat(2100)}`, 'at most 2048 characters'],
    ])('refuses %s', (url, message) => {
      expect(urlFormRefusal(url)).toContain(message);
    });
  });

  describe(urlRefusal.name, () => {
    it.each([
      ['http://169.254.169.254/latest/meta-data/', 'cloud metadata address'],
      ['http://[fd00:ec2::254]/', 'cloud metadata address'],
      ['http://[fe80::1]/hook', 'link-local'],
      ['http://169.254.1.1/hook', 'link-local'],
      ['http://[64:ff9b::a9fe:a9fe]/', '64:ff9b::a9fe:a9fe (169.254.169.254 in NAT64 form) is a cloud metadata address'],
      ['http://[64:ff9b:1::a9fe:a9fe]/', '(169.254.169.254 in NAT64 form) is a cloud metadata address'],
      ['http://[::a9fe:a9fe]/', '::a9fe:a9fe (169.254.169.254 in IPv4-compatible form) is a cloud metadata address'],
      ['http://[::169.254.169.254]/', '::a9fe:a9fe (169.254.169.254 in IPv4-compatible form) is a cloud metadata address'],
      ['http://[2002:a9fe:a9fe::]/', '2002:a9fe:a9fe:: (169.254.169.254 in 6to4 form) is a cloud metadata address'],
      ['http://[2001:0:4136:e378:8000:63bf:5601:5601]/', '(169.254.169.254 in Teredo form) is a cloud metadata address'],
    ])('refuses %s even with private networks allowed', async (url, message) => {
      expect(await urlRefusal(url, true)).toContain(message);
    });

    it('refuses a host name that resolves to loopback unless private networks are allowed', async () => {
      expect(await urlRefusal('http://localhost:8080/hook', false)).toMatch(/url host localhost is refused: .* loopback address/);
      expect(await urlRefusal('http://localhost:8080/hook', true)).toBeNull();
    });

    it('refuses an IPv6 literal carrying a private IPv4 address unless private networks are allowed', async () => {
      expect(await urlRefusal('http://[64:ff9b::a00:1]/hook', false)).toBe(
        'url host 64:ff9b::a00:1 is refused: 64:ff9b::a00:1 (10.0.0.1 in NAT64 form) is a private network address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow private networks)',
      );
      expect(await urlRefusal('http://[64:ff9b::a00:1]/hook', true)).toBeNull();
      expect(await urlRefusal('http://[64:ff9b::808:808]/hook', false)).toBeNull();
    });

    it('refuses a host that does not resolve', async () => {
      expect(await urlRefusal('https://no-such-host.invalid/hook', false)).toBe('url host no-such-host.invalid does not resolve');
    });
  });
});

describe(sendWebhook.name, () => {
  let server: Server;
  let port: number;
  let received = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received++;
      // A receiver that fails with an answer of emoji (two UTF-16 units each), longer than an attempt keeps.
      if (req.url === '/emoji') res.writeHead(500).end(`x${'\u{1F4A9}'.repeat(300)}`);
      else res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const send = (url: string, allowPrivate: boolean) =>
    sendWebhook({ url, body: '{}', headers: { 'content-type': 'application/json' }, timeoutMs: 2000, allowPrivate });

  it('checks the address when it connects: a name that resolves to a forbidden address is never connected to', async () => {
    const before = received;
    const outcome = await send(`http://localhost:${port}/hook`, false);
    expect(outcome).toMatchObject({ ok: false, statusCode: null });
    expect(outcome.error).toMatch(/refused to connect to localhost: .*loopback address/);
    expect(received).toBe(before);
  });

  it('refuses an IP literal that is forbidden without connecting', async () => {
    const before = received;
    const outcome = await send(`http://127.0.0.1:${port}/hook`, false);
    expect(outcome.error).toMatch(/refused to connect: 127.0.0.1 is a loopback address/);
    expect(received).toBe(before);
  });

  it('refuses an IPv6 literal carrying a forbidden IPv4 address without connecting', async () => {
    const before = received;
    const outcome = await send(`http://[64:ff9b::7f00:1]:${port}/hook`, false);
    expect(outcome.error).toMatch(/refused to connect: 64:ff9b::7f00:1 \(127.0.0.1 in NAT64 form\) is a loopback address/);
    expect(received).toBe(before);
  });

  it('refuses, when it connects, a resolved address carrying a forbidden IPv4 address', async () => {
    // A numeric host name resolves to itself (libuv writes ::a9fe:a9fe back as ::169.254.169.254), as a DNS answer would.
    const lookup = (hostname: string) => new Promise<Error | null>((resolve) => guardedLookup(true)(hostname, { all: true }, (error) => resolve(error)));
    for (const [hostname, message] of [
      ['64:ff9b::a9fe:a9fe', '64:ff9b::a9fe:a9fe (169.254.169.254 in NAT64 form) is a cloud metadata address'],
      ['::a9fe:a9fe', '(169.254.169.254 in IPv4-compatible form) is a cloud metadata address'],
      ['2002:a9fe:a9fe::', '2002:a9fe:a9fe:: (169.254.169.254 in 6to4 form) is a cloud metadata address'],
    ]) {
      const error = await lookup(hostname);
      expect(error).toBeInstanceOf(RefusedAddressError);
      expect(error?.message).toContain(message);
    }
    expect(await lookup('64:ff9b::808:808')).toBeNull();
  });

  it('sends when the address is allowed', async () => {
    const before = received;
    expect(await send(`http://localhost:${port}/hook`, true)).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(received).toBe(before + 1);
  });

  it('keeps the first 200 characters of a failing receiver\u2019s answer, never half an emoji', async () => {
    const outcome = await send(`http://localhost:${port}/emoji`, true);
    expect(outcome).toMatchObject({ ok: false, statusCode: 500, error: `receiver answered 500: x${'\u{1F4A9}'.repeat(199)}` });
  });
});
