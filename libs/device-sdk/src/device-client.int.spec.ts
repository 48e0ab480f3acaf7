import type { INestApplicationContext } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { SigningKeysService, encodeJwsHeader, publicJwkOf, signCompactJws, signSnapshot } from '@killswitch/snapshots';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { seedVendor } from '../../../test/support/fleet';
import { startTestWorker } from '../../../test/support/worker-harness';
import { ClientEvent, DeviceClient, DeviceClientOptions, FlagsChange } from './device-client';
import { MemoryStateStore } from './state-store';
import { DeviceJwks } from './types';

type Intercept = { status: number; headers?: Record<string, string>; body?: string } | 'drop' | undefined;

/**
 * A man in the middle between the device and the API: passes everything
 * through (streams included) unless told to answer something else.
 */
async function startProxy(target: string) {
  const seen: { method: string; path: string; headers: IncomingMessage['headers'] }[] = [];
  const sockets = new Set<Socket>();
  const streams = new Set<ServerResponse>();
  let handler: (req: IncomingMessage) => Promise<Intercept> | Intercept = () => undefined;
  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    void (async () => {
      const intercept = await handler(req);
      if (intercept === 'drop') return req.socket.destroy();
      if (intercept) {
        res.writeHead(intercept.status, intercept.headers ?? {});
        return void res.end(intercept.body ?? '');
      }
      const url = new URL(req.url ?? '/', target);
      const upstream = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      if (url.pathname === '/v1/device/events') streams.add(res);
      res.on('close', () => {
        streams.delete(res);
        upstream.destroy();
      });
      req.pipe(upstream);
    })();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    intercept(fn: typeof handler) {
      handler = fn;
    },
    pass() {
      handler = () => undefined;
    },
    /** Cuts every open event stream, as a flaky network would. */
    cutStreams() {
      for (const res of streams) res.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, deadlineMs = 15_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('condition not reached before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Enrolled {
  id: string;
  credential: string;
  jwks: DeviceJwks;
}

describe(`${DeviceClient.name} (integration)`, () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let baseUrl: string;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const clients: DeviceClient[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
    worker = await startTestWorker();
    proxy = await startProxy(baseUrl);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.stop()));
    proxy.pass();
  });
  afterAll(async () => {
    await proxy.close();
    await worker.close();
    await api.close();
  });

  /** A device linking a camera (fail closed) and a smart plug (fail open) of a vendor of its own. */
  async function enrollDevice(on: TestApi = api) {
    const v = await seedVendor(on);
    const response = await on.request('POST', '/v1/devices', {
      token: await on.adminToken(),
      body: {
        model: 'hub',
        firmware: '1.0',
        inventory: [
          { integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '3.5.1_00.66' },
          { integration: v.plug, vendorModel: 'mi-plug', vendorFirmware: '2.0' },
        ],
      },
    });
    expect(response.status).toBe(201);
    const device: Enrolled = { id: response.body.id, credential: response.body.credential, jwks: response.body.jwks };
    return { v, device };
  }

  async function kill(scope: Record<string, unknown>): Promise<{ id: string; revision: number; revocationId: string }> {
    const response = await api.request('POST', '/v1/kill-switches', { token: await api.adminToken(), body: { scope, reason: 'sdk test' } });
    expect(response.status).toBe(201);
    return response.body;
  }

  function startClient(device: Enrolled, options: Partial<DeviceClientOptions> = {}) {
    const events: ClientEvent[] = [];
    const changes: FlagsChange[] = [];
    const client = new DeviceClient({
      baseUrl: proxy.url,
      credential: device.credential,
      deviceId: device.id,
      pinnedJwks: device.jwks,
      mode: 'poll',
      pollIntervalMs: 60_000,
      backoff: { baseMs: 100, maxMs: 1_000 },
      jwksMinIntervalMs: 0,
      onEvent: (event) => events.push(event),
      onChange: (change) => changes.push(change),
      ...options,
    });
    clients.push(client);
    return { client, events, changes };
  }

  const appliedRev = (events: ClientEvent[], source?: string) =>
    events.filter((e) => e.type === 'applied' && (!source || e.source === source)).map((e) => (e as { rev: number }).rev);
  const refusals = (events: ClientEvent[]) => events.filter((e) => e.type === 'refused').map((e) => (e as { reason: string }).reason);

  it('verifies, applies and acknowledges the first answer; the next poll sends the ETag and takes the 304', async () => {
    const { v, device } = await enrollDevice();
    const { client, events, changes } = startClient(device);
    await client.start();
    const rev = await eventually(() => appliedRev(events)[0]);
    expect(client.flags()).toEqual({ [v.camera]: true, [v.plug]: true });
    expect(changes).toEqual([{ flags: { [v.camera]: true, [v.plug]: true }, previous: {}, rev, source: 'poll' }]);
    await eventually(() => events.some((e) => e.type === 'acked' && e.rev === rev));

    const polls = () => proxy.seen.filter((r) => r.path === '/v1/device/flags' && r.headers.authorization === `Bearer ${device.credential}`);
    expect(polls()[0].headers['if-none-match']).toBeUndefined();
    await expect(client.poll()).resolves.toEqual({ status: 304 });
    expect(polls()[1].headers['if-none-match']).toMatch(/^"[\w-]+"$/);
    expect(client.status()).toMatchObject({ rev, expired: false });
  });

  it('refuses a replayed older snapshot and keeps the higher rev, also after a restart from persisted state', async () => {
    const { v, device } = await enrollDevice();
    const store = new MemoryStateStore();
    const first = startClient(device, { store });
    await first.client.start();
    await eventually(() => appliedRev(first.events)[0]);
    // What the attacker recorded: the answer from before the kill (camera on).
    const recorded = await fetch(`${baseUrl}/v1/device/flags`, { headers: { authorization: `Bearer ${device.credential}` } }).then((r) => r.text());

    const killed = await kill({ vendor: v.vendor, integration: v.camera });
    const applied = await first.client.poll();
    expect(applied).toMatchObject({ status: 200, offer: { result: 'applied', verdict: 'newer' } });
    const held = first.client.status().rev as number;
    expect(held).toBeGreaterThanOrEqual(killed.revision);
    expect(first.client.isEnabled(v.camera)).toBe(false);

    proxy.intercept((req) => (req.url === '/v1/device/flags' ? { status: 200, headers: { 'content-type': 'application/json' }, body: recorded } : undefined));
    await expect(first.client.poll()).resolves.toMatchObject({ status: 200, offer: { result: 'refused', reason: 'rollback' } });
    expect(first.client.isEnabled(v.camera)).toBe(false);
    expect(first.client.status().rev).toBe(held);

    await first.client.stop();
    expect(store.current).toMatchObject({ deviceId: device.id, rev: held });
    const restarted = startClient(device, { store });
    await restarted.client.start(); // the replay is still being served: the restarted device polls it at once
    await eventually(() => refusals(restarted.events).length > 0);
    expect(refusals(restarted.events)).toEqual(['rollback']);
    expect(restarted.changes[0]).toMatchObject({ source: 'restore', flags: { [v.camera]: false, [v.plug]: true } });
    expect(restarted.client.status().rev).toBe(held);
    expect(restarted.client.isEnabled(v.camera)).toBe(false);
  });

  it('refuses a body that says something other than its snapshot, and a snapshot whose payload was altered', async () => {
    const { v, device } = await enrollDevice();
    const { client, events } = startClient(device);
    await client.start();
    const before = await eventually(() => appliedRev(events)[0]);
    await kill({ vendor: v.vendor, integration: v.camera });
    const real = async () =>
      (await fetch(`${baseUrl}/v1/device/flags`, { headers: { authorization: `Bearer ${device.credential}` } }).then((r) => r.json())) as {
        rev: number;
        integrations: Record<string, { enabled: boolean }>;
        snapshot: string;
      };
    // The attacker keeps the camera on by editing the body.
    proxy.intercept(async (req) => {
      if (req.url !== '/v1/device/flags') return undefined;
      const answer = await real();
      answer.integrations[v.camera].enabled = true;
      return { status: 200, body: JSON.stringify(answer) };
    });
    await expect(client.poll()).resolves.toMatchObject({ status: 200, offer: { result: 'refused', reason: 'tampered' } });
    // ... or by editing the signed payload, and the body to match.
    proxy.intercept(async (req) => {
      if (req.url !== '/v1/device/flags') return undefined;
      const answer = await real();
      const [header, payload, signature] = answer.snapshot.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      claims.integrations[v.camera].enabled = true;
      answer.integrations = claims.integrations;
      answer.snapshot = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      return { status: 200, body: JSON.stringify(answer) };
    });
    await expect(client.poll()).resolves.toMatchObject({ status: 200, offer: { result: 'refused', reason: 'bad-signature' } });
    expect(client.status().rev).toBe(before);
    expect(client.isEnabled(v.camera)).toBe(true); // nothing forged was applied; the real answer still has to arrive

    proxy.pass();
    await expect(client.poll()).resolves.toMatchObject({ status: 200, offer: { result: 'applied' } });
    expect(client.isEnabled(v.camera)).toBe(false);
  });

  it('refuses a snapshot signed by an unknown key, even when a forged JWKS lists that key with a forged endorsement', async () => {
    const { v, device } = await enrollDevice();
    const { client, events } = startClient(device);
    await client.start();
    const rev = await eventually(() => appliedRev(events)[0]);
    const trustedBefore = client.status().trustedKids;

    const { privateKey } = generateKeyPairSync('ed25519');
    const evil = publicJwkOf(privateKey);
    const now = Math.floor(Date.now() / 1000);
    const integrations = { [v.camera]: { enabled: true, failMode: 'closed' }, [v.plug]: { enabled: true, failMode: 'open' } };
    const snapshot = signSnapshot(
      { kid: evil.kid, privateKey },
      { iss: 'killswitch', sub: device.id, rev: rev + 1000, iat: now, exp: now + 900, integrations },
    );
    // An "endorsement" that names a trusted signer but is signed with the attacker's key.
    const header = encodeJwsHeader({ alg: 'EdDSA', kid: device.jwks.keys[0].kid, typ: 'killswitch-key-endorsement+jwt' });
    const forgedJwks = { keys: [...device.jwks.keys, { ...evil, status: 'current', endorsement: signCompactJws(header, { ...evil, iat: now }, privateKey) }] };
    proxy.intercept((req) => {
      if (req.url === '/.well-known/jwks.json') return { status: 200, body: JSON.stringify(forgedJwks) };
      if (req.url === '/v1/device/flags') return { status: 200, body: JSON.stringify({ rev: rev + 1000, integrations, snapshot }) };
      return undefined;
    });
    const jwksFetches = () => proxy.seen.filter((r) => r.path === '/.well-known/jwks.json').length;
    const fetchedBefore = jwksFetches();
    await expect(client.poll()).resolves.toMatchObject({ status: 200, offer: { result: 'refused', reason: 'unknown-key' } });
    expect(jwksFetches()).toBe(fetchedBefore + 1);
    expect(client.status()).toMatchObject({ rev, trustedKids: trustedBefore });
  });

  it('after exp with no fresh answer applies the fail modes (closed off, open kept), and refuses the expired snapshot replayed', async () => {
    const shortLived = await startTestApi({ SNAPSHOT_TTL_SEC: '10' });
    const shortUrl = await shortLived.listen();
    const blocker = await startProxy(shortUrl);
    try {
      const { v, device } = await enrollDevice(shortLived);
      const { client, events, changes } = startClient(device, { baseUrl: blocker.url, clockToleranceSec: 0 });
      await client.start();
      await eventually(() => appliedRev(events)[0]);
      const recorded = await fetch(`${shortUrl}/v1/device/flags`, { headers: { authorization: `Bearer ${device.credential}` } }).then((r) => r.text());
      const exp = client.status().exp as number;
      expect(client.flags()).toEqual({ [v.camera]: true, [v.plug]: true });

      blocker.intercept(() => 'drop'); // the attacker blocks the device's network
      const expired = await eventually(() => changes.find((c) => c.source === 'expiry'), 20_000);
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
      expect(expired.flags).toEqual({ [v.camera]: false, [v.plug]: true });
      expect(client.isEnabled(v.camera)).toBe(false);
      expect(client.isEnabled(v.plug)).toBe(true);
      expect(events.some((e) => e.type === 'retry' && e.what === 'poll')).toBe(true);

      blocker.intercept((req) => (req.url === '/v1/device/flags' ? { status: 200, body: recorded } : undefined));
      await expect(client.poll()).resolves.toMatchObject({ status: 200, offer: { result: 'refused', reason: 'expired' } });
      expect(client.isEnabled(v.camera)).toBe(false);

      blocker.pass();
      await expect(client.poll()).resolves.toMatchObject({ status: 200, offer: { result: 'applied' } });
      expect(client.flags()).toEqual({ [v.camera]: true, [v.plug]: true });
    } finally {
      await Promise.all(clients.splice(0).map((client) => client.stop()));
      await blocker.close();
      await shortLived.close();
    }
  }, 45_000);

  it('trusts a rotated key through the endorsement of a key it pinned, and learns it from the JWKS', async () => {
    const { device } = await enrollDevice();
    const store = new MemoryStateStore();
    const { client, events } = startClient(device, { store });
    await client.start();
    await eventually(() => appliedRev(events)[0]);
    const pinned = device.jwks.keys.map((k) => k.kid);
    expect(pinned).toContain(client.status().kid);

    // Two rotations: the new current key was created after enrollment, endorsed by the key that was next then.
    const keys = api.app.get(SigningKeysService);
    await keys.rotate();
    const rotated = await keys.rotate();
    expect(pinned).not.toContain(rotated.current);
    // An equal rev is taken only when signed later: let the second turn.
    const heldIat = client.status().iat as number;
    await eventually(() => Math.floor(Date.now() / 1000) > heldIat);

    await expect(client.poll()).resolves.toMatchObject({ status: 200, offer: { result: 'applied' } });
    expect(client.status().kid).toBe(rotated.current);
    const learned = events.find((e) => e.type === 'keys-learned') as { kids: string[] };
    expect(learned.kids).toContain(rotated.current);
    await eventually(() => store.current?.learnedKeys.some((k) => k.kid === rotated.current));
  });

  it('takes a kill pushed over the stream, acknowledges it, and resumes with Last-Event-ID after the stream is cut', async () => {
    const { v, device } = await enrollDevice();
    const { client, events } = startClient(device, { mode: 'stream' });
    await client.start();
    const initial = await eventually(() => appliedRev(events, 'stream')[0]);
    expect(client.status().streamConnected).toBe(true);

    const killed = await kill({ vendor: v.vendor, integration: v.camera });
    await eventually(() => appliedRev(events, 'stream').find((rev) => rev >= killed.revision));
    expect(client.isEnabled(v.camera)).toBe(false);
    await eventually(() => events.some((e) => e.type === 'acked' && e.rev >= killed.revision));
    const token = await api.adminToken();
    const revocation = await eventually(async () => {
      const response = await api.request('GET', `/v1/revocations/${killed.revocationId}`, { token });
      return response.body.counts?.acknowledged === 1 ? response.body : undefined;
    });
    expect(revocation).toMatchObject({ target: 1, progress: 1 });
    const deliveries = await api.request('GET', `/v1/revocations/${killed.revocationId}/deliveries?state=acknowledged`, { token });
    expect(deliveries.body.items.map((d: { deviceId: string }) => d.deviceId)).toEqual([device.id]);
    expect(initial).toBeLessThan(killed.revision);

    const held = client.status().rev as number;
    const streamRequests = () => proxy.seen.filter((r) => r.path === '/v1/device/events' && r.headers.authorization === `Bearer ${device.credential}`);
    const connections = streamRequests().length;
    proxy.cutStreams();
    await eventually(() => streamRequests().length > connections && client.status().streamConnected);
    expect(streamRequests().at(-1)?.headers['last-event-id']).toBe(String(held));

    const second = await kill({ vendor: v.vendor, integration: v.plug });
    await eventually(() => appliedRev(events, 'stream').find((rev) => rev >= second.revision));
    expect(client.flags()).toEqual({ [v.camera]: false, [v.plug]: false });
    await eventually(() => events.some((e) => e.type === 'acked' && e.rev >= second.revision));
    expect(refusals(events)).toEqual([]);
  });
});

describe(`${DeviceClient.name} retry pacing`, () => {
  let server: Server;
  let url: string;
  const hits: { path: string; at: number }[] = [];
  let script: { status: number; retryAfter?: string }[] = [];
  const pinnedJwks: DeviceJwks = { keys: [{ ...publicJwkOf(generateKeyPairSync('ed25519').privateKey) }] };

  beforeAll(async () => {
    // Answers each request with the next scripted status (then 503 without Retry-After).
    server = createServer((req, res) => {
      hits.push({ path: req.url ?? '/', at: Date.now() });
      const next = script.shift() ?? { status: 503 };
      res.writeHead(next.status, { 'content-type': 'application/json', ...(next.retryAfter ? { 'retry-after': next.retryAfter } : {}) });
      res.end(JSON.stringify({ statusCode: next.status, error: 'scripted', message: 'scripted answer', requestId: 'r' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    hits.length = 0;
  });

  const gaps = (path: string) => {
    const times = hits.filter((h) => h.path === path).map((h) => h.at);
    return times.slice(1).map((at, i) => at - times[i]);
  };

  it('backs off exponentially with jitter up to the cap on errors, and waits as long as Retry-After says on 503 and 429', async () => {
    script = [{ status: 500 }, { status: 500 }, { status: 502 }, { status: 500 }, { status: 503, retryAfter: '1' }, { status: 429, retryAfter: '2' }];
    const events: ClientEvent[] = [];
    const client = new DeviceClient({
      baseUrl: url,
      credential: 'ksd_test',
      deviceId: 'device',
      pinnedJwks,
      mode: 'poll',
      backoff: { baseMs: 200, maxMs: 800 },
      onEvent: (event) => events.push(event),
    });
    await client.start();
    try {
      await eventually(() => hits.length >= 7, 15_000);
    } finally {
      await client.stop();
    }
    const [g1, g2, g3, g4, g5, g6] = gaps('/v1/device/flags');
    // attempt n waits in [d/2, d) with d = min(800, 200 × 2^(n−1)); timers may run late, never early
    expect(g1).toBeGreaterThanOrEqual(100);
    expect(g1).toBeLessThan(200 + 300);
    expect(g2).toBeGreaterThanOrEqual(200);
    expect(g2).toBeLessThan(400 + 300);
    expect(g3).toBeGreaterThanOrEqual(400);
    expect(g3).toBeLessThan(800 + 300);
    expect(g4).toBeGreaterThanOrEqual(400); // capped: no longer doubling
    expect(g4).toBeLessThan(800 + 300);
    expect(g5).toBeGreaterThanOrEqual(1_000); // Retry-After: 1, longer than the backoff would wait
    expect(g6).toBeGreaterThanOrEqual(2_000); // Retry-After: 2
    const retries = events.filter((e) => e.type === 'retry').map((e) => (e as { status?: number }).status);
    expect(retries.slice(0, 6)).toEqual([500, 500, 502, 500, 503, 429]);
  }, 20_000);

  it('reconnects the stream after Retry-After when the stream endpoint answers 503', async () => {
    script = [
      { status: 503, retryAfter: '1' },
      { status: 503, retryAfter: '1' },
    ];
    const client = new DeviceClient({
      baseUrl: url,
      credential: 'ksd_test',
      deviceId: 'device',
      pinnedJwks,
      mode: 'stream',
      backoff: { baseMs: 50, maxMs: 100 },
    });
    await client.start();
    try {
      await eventually(() => hits.filter((h) => h.path === '/v1/device/events').length >= 3, 10_000);
    } finally {
      await client.stop();
    }
    const [g1, g2] = gaps('/v1/device/events');
    expect(g1).toBeGreaterThanOrEqual(1_000);
    expect(g2).toBeGreaterThanOrEqual(1_000);
  });
});
