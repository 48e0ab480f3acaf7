import { IncomingMessage } from 'node:http';
import net from 'node:net';
import { AcksService } from '@killswitch/revocations';
import { DeviceCredentialCache } from '@killswitch/identity';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { EnrolledDevice, enroll } from '../../../test/support/fleet';
import { eventually } from '../../../test/support/eventually';
import { ACKS_PATH, AckRoute } from './ack.route';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One keep-alive connection that writes bytes exactly as given (so a body can be sent apart from its headers,
 * or cut off) and reads whole answers by their Content-Length.
 */
class RawConnection {
  private buffered = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => undefined);
  }

  static open(baseUrl: string): Promise<RawConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port) }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The next answer on the connection; undefined if it closes first. */
  async answer(): Promise<RawAnswer | undefined> {
    for (;;) {
      const headEnd = this.buffered.indexOf('\r\n\r\n');
      if (headEnd >= 0) {
        const [statusLine, ...lines] = this.buffered.toString('latin1', 0, headEnd).split('\r\n');
        const headers: Record<string, string> = {};
        for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
        const end = headEnd + 4 + Number(headers['content-length'] ?? 0);
        if (this.buffered.length >= end) {
          const body = this.buffered.toString('utf8', headEnd + 4, end);
          this.buffered = this.buffered.subarray(end);
          return { status: Number(statusLine.split(' ')[1]), headers, body };
        }
      }
      if (this.closed) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/** The head of an ack, up to the blank line; its body is sent by the caller. */
function ackHead(credential: string, body: string, contentType = 'application/json'): string {
  return `POST ${ACKS_PATH} HTTP/1.1\r\nhost: killswitch\r\nauthorization: Bearer ${credential}\r\ncontent-type: ${contentType}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
}

/**
 * How the request event reads an ack's body (AckFastPath): at once when it came with its headers, by the
 * stream's events when it comes later; and what it answers when the body is wrong, too large, of another
 * type, or never comes. Raw bytes over a real socket, so the packets are the test's to cut.
 */
describe('POST /v1/device/acks read on the request event (integration)', () => {
  let api: TestApi;
  let baseUrl: string;
  let device: EnrolledDevice;
  let admitted: jest.SpyInstance;
  let taken: jest.SpyInstance;
  let acked: jest.SpyInstance;
  let dataListeners: jest.SpyInstance;

  beforeAll(async () => {
    api = await startTestApi();
    baseUrl = await api.listen();
    device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [] });
    // The credential in memory, what the request event needs (see ack.route.int.spec.ts).
    const credentials = api.app.get(DeviceCredentialCache);
    await eventually(async () => {
      expect((await api.request('GET', '/v1/device/flags', { token: device.credential })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return credentials.principalFromHeader(`Bearer ${device.credential}`) !== undefined;
    });
    admitted = jest.spyOn(api.app.get(AckRoute), 'admit');
    taken = jest.spyOn(api.app.get(AckRoute), 'take');
    acked = jest.spyOn(api.app.get(AcksService), 'ackWith');
  });
  beforeEach(() => {
    admitted.mockClear();
    taken.mockClear();
    acked.mockClear();
    dataListeners = jest.spyOn(IncomingMessage.prototype, 'on');
  });
  afterEach(() => dataListeners.mockRestore());
  afterAll(() => api.close());

  const dataListenersAdded = () => dataListeners.mock.calls.filter(([event]) => event === 'data').length;
  /** The head (and any part of the body) sent, and the request event's admission of it seen, before the rest. */
  const admittedAfter = async (connection: RawConnection, bytes: string) => {
    const before = admitted.mock.calls.length;
    await connection.write(bytes);
    await eventually(() => admitted.mock.calls.length > before);
  };

  it('answers a body that came with its headers from one read, without the stream’s data events', async () => {
    const connection = await RawConnection.open(baseUrl);
    const body = '{"rev":0}';
    await connection.write(ackHead(device.credential, body) + body);
    const answer = await connection.answer();
    expect({ status: answer?.status, body: answer?.body }).toEqual({ status: 200, body: '{"rev":0,"acknowledged":0}' });
    expect(answer?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(taken).not.toHaveBeenCalled(); // answered on the request event: Fastify never saw it
    expect(dataListenersAdded()).toBe(0);
    connection.destroy();
  });

  it('answers acks one after another on one keep-alive connection, and two sent together in one write', async () => {
    const connection = await RawConnection.open(baseUrl);
    const body = '{ "rev" : 0 }';
    for (let i = 0; i < 3; i++) {
      await connection.write(ackHead(device.credential, body) + body);
      expect((await connection.answer())?.status).toBe(200);
    }
    await connection.write(ackHead(device.credential, body) + body + ackHead(device.credential, body) + body);
    expect([(await connection.answer())?.body, (await connection.answer())?.body]).toEqual(['{"rev":0,"acknowledged":0}', '{"rev":0,"acknowledged":0}']);
    expect(acked).toHaveBeenCalledTimes(5);
    connection.destroy();
  });

  it.each([
    ['after the headers', 0],
    ['split inside the body', 4],
  ])('reads a body that comes in later packets (%s) by the stream’s events, and answers it', async (_name, cut) => {
    const connection = await RawConnection.open(baseUrl);
    const body = '{"rev":0}';
    await admittedAfter(connection, ackHead(device.credential, body) + body.slice(0, cut));
    await connection.write(body.slice(cut, cut + 2));
    await connection.write(body.slice(cut + 2));
    const answer = await connection.answer();
    expect({ status: answer?.status, body: answer?.body }).toEqual({ status: 200, body: '{"rev":0,"acknowledged":0}' });
    expect(dataListenersAdded()).toBe(1);
    // and the connection serves the next ack
    await connection.write(ackHead(device.credential, body) + body);
    expect((await connection.answer())?.status).toBe(200);
    connection.destroy();
  });

  it.each([
    ['in one packet', false],
    ['split over packets', true],
  ])('refuses broken JSON %s with the route’s 400', async (_name, split) => {
    const connection = await RawConnection.open(baseUrl);
    const body = '{"rev":';
    if (split) {
      await admittedAfter(connection, ackHead(device.credential, body) + body.slice(0, 3));
      await connection.write(body.slice(3));
    } else {
      await connection.write(ackHead(device.credential, body) + body);
    }
    const answer = await connection.answer();
    expect({ status: answer?.status, code: JSON.parse(answer?.body ?? '{}').code }).toEqual({ status: 400, code: 'invalid_input' });
    expect(JSON.parse(answer?.body ?? '{}').requestId).toBe(answer?.headers['x-request-id']);
    expect(acked).not.toHaveBeenCalled();
    // the connection stays usable after the refusal
    await connection.write(ackHead(device.credential, '{"rev":0}') + '{"rev":0}');
    expect((await connection.answer())?.status).toBe(200);
    connection.destroy();
  });

  it('leaves a body of another type, one over the early limit and one over the body limit to the route', async () => {
    const connection = await RawConnection.open(baseUrl);
    await connection.write(ackHead(device.credential, 'rev=0', 'text/plain') + 'rev=0');
    const otherType = await connection.answer();
    expect({ status: otherType?.status, message: JSON.parse(otherType?.body ?? '{}').message }).toEqual({
      status: 415,
      message: 'send JSON with Content-Type: application/json',
    });
    const padded = JSON.stringify({ rev: 0, pad: 'x'.repeat(80) });
    await connection.write(ackHead(device.credential, padded) + padded);
    const overEarlyLimit = await connection.answer();
    expect({ status: overEarlyLimit?.status, message: JSON.parse(overEarlyLimit?.body ?? '{}').message }).toEqual({
      status: 400,
      message: 'property pad should not exist',
    });
    expect(taken).toHaveBeenCalledTimes(2); // each went on to Fastify unread
    const huge = JSON.stringify({ rev: 0, pad: 'x'.repeat(api.config.BODY_LIMIT_BYTES) });
    await connection.write(ackHead(device.credential, huge) + huge);
    expect((await connection.answer())?.status).toBe(413);
    expect(taken).toHaveBeenCalledTimes(3);
    expect(acked).not.toHaveBeenCalled();
    connection.destroy();
  });

  it('records nothing and answers nothing for a client that goes away mid-body, and serves the next', async () => {
    const connection = await RawConnection.open(baseUrl);
    const body = '{"rev":0}';
    await admittedAfter(connection, ackHead(device.credential, body) + body.slice(0, 5));
    connection.destroy();
    expect(await connection.answer()).toBeUndefined();
    const next = await RawConnection.open(baseUrl);
    await next.write(ackHead(device.credential, body) + body);
    expect((await next.answer())?.status).toBe(200);
    expect(acked).toHaveBeenCalledTimes(1); // the next one's, not the cut one's
    next.destroy();
  });
});
