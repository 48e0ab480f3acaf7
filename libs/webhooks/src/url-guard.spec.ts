import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { addressRefusal, urlFormRefusal, urlRefusal } from './url-guard';
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
      ['0.0.0.0', 'not a destination'],
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
    ])('refuses %s even with private networks allowed', async (url, message) => {
      expect(await urlRefusal(url, true)).toContain(message);
    });

    it('refuses a host name that resolves to loopback unless private networks are allowed', async () => {
      expect(await urlRefusal('http://localhost:8080/hook', false)).toMatch(/url host localhost is refused: .* loopback address/);
      expect(await urlRefusal('http://localhost:8080/hook', true)).toBeNull();
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
