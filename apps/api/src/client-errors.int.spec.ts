import { Socket, connect } from 'node:net';
import { TestApi, startTestApi } from '../../../test/support/api-harness';

const HEADERS_TIMEOUT_MS = 1000;

/** Sends raw bytes on a new connection and resolves with everything the server wrote before it closed. */
function exchange(port: number, bytes: string | Buffer, options: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('close', () => resolve(received));
    socket.on('error', () => undefined);
    socket.write(bytes);
    if (options.end) socket.end();
  });
}

/** The status line's code and the JSON body of a raw response. */
function parsed(response: string): { status: number; body: Record<string, unknown> } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
  const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
  return { status, body };
}

/**
 * Requests Node's HTTP parser refuses before any route sees them answer with the error body every other error has
 * (DESIGN.md: `{ statusCode, error, message, requestId }`, and our `code`), not Fastify's `{"message":"Client Error"}`.
 */
describe('requests the HTTP parser refuses', () => {
  let api: TestApi;
  let port: number;

  beforeAll(async () => {
    api = await startTestApi({ HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS) });
    port = Number(new URL(await api.listen()).port);
  });
  afterAll(async () => {
    await api.close();
  });

  const uuid = expect.stringMatching(/^[0-9a-f-]{36}$/);

  it.each([
    ['a Content-Length that is not a number', 'POST /v1/device/acks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}'],
    ['a NUL in a header value', 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Probe: a\u0000b\r\n\r\n'],
    ['Content-Length and Transfer-Encoding together', 'POST /v1/signals HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}'],
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n'],
  ])('answers %s with a 400 of the usual shape, then closes', async (_what, bytes) => {
    const { status, body } = parsed(await exchange(port, bytes));
    expect(status).toBe(400);
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/^the request is not valid HTTP\/1\.1 \(.+\): fix its request line, headers or body framing/),
      requestId: uuid,
      code: 'invalid_input',
    });
  });

  it('answers a request once: a body whose chunks break after the route answered gets no second response', async () => {
    // No Content-Type: the route answers 415 as soon as the headers are in; then the parser meets the bad chunk.
    const response = await exchange(port, 'POST /v1/signals HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n');
    expect(response.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 415']);
  });

  it('answers a chunk size that is not hexadecimal, before the route has answered, with a 400 of the usual shape', async () => {
    // A JSON body the route waits for: the parser fails in it first.
    const { status, body } = parsed(
      await exchange(port, 'POST /v1/signals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('Invalid character in chunk size'),
      requestId: uuid,
      code: 'invalid_input',
    });
  });

  it.each([
    ['/ofrep/v1/evaluate/flags', {}],
    ['/ofrep/v1/evaluate/flags/xiaomi.camera-stream', { key: 'xiaomi.camera-stream' }],
  ])('answers a chunk size that is not hexadecimal on %s in OFREP’s shape, the request id in its header', async (path, key) => {
    const response = await exchange(
      port,
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    );
    const { status, body } = parsed(response);
    expect(status).toBe(400);
    expect(body).toEqual({ ...key, errorCode: 'PARSE_ERROR', errorDetails: expect.stringContaining('Invalid character in chunk size') });
    expect(response).toMatch(/\r\nX-Request-Id: [0-9a-f-]{36}\r\n/);
  });

  it('answers headers past 16 KiB with a 431 of the usual shape', async () => {
    const { status, body } = parsed(await exchange(port, `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(status).toBe(431);
    expect(body).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: expect.stringContaining('send a shorter URL and smaller headers'),
      requestId: uuid,
      code: 'headers_too_large',
    });
  });

  it('answers headers that never finish with a 408 of the usual shape once HTTP_HEADERS_TIMEOUT_MS has passed', async () => {
    const { status, body } = parsed(await exchange(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\n'));
    expect(status).toBe(408);
    expect(body).toMatchObject({ statusCode: 408, error: 'Request Timeout', requestId: uuid, code: 'request_timeout' });
  });

  it('still serves a well-formed request on the next connection', async () => {
    expect(await exchange(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200/);
  });
});
