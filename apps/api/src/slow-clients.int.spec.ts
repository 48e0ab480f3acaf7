import { request as httpRequest } from 'node:http';
import { Socket, connect } from 'node:net';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { eventually } from '../../../test/support/eventually';
import { enroll, seedVendor } from '../../../test/support/fleet';

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;

/** A raw socket to the API, and what happened to it. */
function rawClient(port: number): { socket: Socket; closed: () => boolean; received: () => string } {
  const socket = connect(port, '127.0.0.1');
  let closed = false;
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  return { socket, closed: () => closed, received: () => received };
}

/** Writes a piece every 200 ms for 30 s at most (a slow client), until the socket closes. */
function trickle(socket: Socket, piece: (i: number) => string): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= 150) return clearInterval(timer);
    socket.write(piece(i++));
  }, 200);
  socket.on('close', () => clearInterval(timer));
}

/** Opens a server-sent event stream; reports whether it has ended. */
function sse(base: string, path: string, token: string): Promise<{ status: number; ended: () => boolean; close: () => void }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (response) => {
      let ended = false;
      response.on('data', () => undefined);
      response.on('close', () => (ended = true));
      resolve({ status: response.statusCode ?? 0, ended: () => ended, close: () => request.destroy() });
    });
    request.on('error', reject);
    request.end();
  });
}

describe('slow clients', () => {
  let api: TestApi;
  let base: string;
  let port: number;

  beforeAll(async () => {
    api = await startTestApi({ HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    base = await api.listen();
    port = Number(new URL(base).port);
  });
  afterAll(async () => {
    await api.close();
  });

  it('closes a connection that trickles its headers once HTTP_HEADERS_TIMEOUT_MS has passed', async () => {
    const client = rawClient(port);
    client.socket.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    trickle(client.socket, (i) => `X-Slow-${i}: x\r\n`);
    await eventually(() => client.closed(), 15_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408|^$/);
  });

  it('closes a connection that trickles its body once HTTP_REQUEST_TIMEOUT_MS has passed', async () => {
    const client = rawClient(port);
    client.socket.write('POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
    trickle(client.socket, () => ' ');
    await eventually(() => client.closed(), 15_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408|^$/);
  });

  it('keeps device and revocation event streams open well past both timeouts', async () => {
    const { vendor, camera } = await seedVendor(api, 'slow-clients');
    const kill = await api.request('POST', '/v1/kill-switches', {
      token: await api.adminToken(),
      body: { scope: { vendor, integration: camera }, reason: 'slow clients' },
    });
    expect(kill.status).toBe(201);
    const device = await enroll(api, { model: 'hub', firmware: '1.0' });
    const streams = [
      await sse(base, `/v1/revocations/${kill.body.revocationId}/events`, await api.adminToken()),
      await sse(base, '/v1/device/events', device.credential),
    ];
    try {
      expect(streams.map((s) => s.status)).toEqual([200, 200]);
      // A fast client in the meantime is served as usual.
      await new Promise((resolve) => setTimeout(resolve, 3 * REQUEST_TIMEOUT_MS));
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      expect(streams.map((s) => s.ended())).toEqual([false, false]);
    } finally {
      for (const s of streams) s.close();
    }
  });
});
