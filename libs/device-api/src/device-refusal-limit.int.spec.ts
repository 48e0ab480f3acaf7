import http, { IncomingHttpHeaders } from 'node:http';
import { CredentialResolver, DeviceCredentialCache } from '@killswitch/identity';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { EnrolledDevice, enroll, seedVendor } from '../../../test/support/fleet';
import { OFREP_EVENTS_PATH } from './ofrep-events.route';
import { EVENTS_PATH, POLL_PATH } from './poll.route';
import { answeredFromMemory } from './poll-metrics';

const LIMIT = 3;

interface Seen {
  status: number;
  headers: IncomingHttpHeaders;
  /** The JSON error body, for an answer that is not an event stream. */
  body?: { statusCode: number; error: string; code: string; message: string; requestId: string };
  /** What an event stream sent up to `until` (the stream is then closed). */
  event?: string;
}

/** A device event stream is read up to its first flags event; an OFREP one up to its opening comment. */
const FLAGS_EVENT = /event: flags\n[^]*?\n\n/;
const OFREP_OPENED = /^: connected\n\n/;

/**
 * GET over real HTTP from a loopback source address of the test's own (Linux routes all of 127/8 to the loopback
 * interface), so each case has an address the refusal limiter counts apart: a poll is answered on Node's request
 * event (PollFastPath) or handed on to the route from there. An event stream is read up to `until`.
 */
function getFrom(baseUrl: string, from: string, path: string, credential?: string, until = FLAGS_EVENT): Promise<Seen> {
  const url = new URL(path, baseUrl);
  const headers = credential === undefined ? {} : { authorization: `Bearer ${credential}` };
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, localAddress: from, headers, agent: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          const event = until.exec(text)?.[0];
          if (event !== undefined) {
            resolve({ status: response.statusCode!, headers: response.headers, event });
            request.destroy();
          }
        });
        response.on('end', () => {
          const json = response.headers['content-type']?.startsWith('application/json');
          resolve({ status: response.statusCode!, headers: response.headers, body: json && text ? JSON.parse(text) : undefined });
        });
        response.on('error', () => undefined); // the stream cut off here, once its first event is in
      },
    );
    request.on('error', reject);
  });
}

/**
 * The refusal limiter on the device poll, the device event stream and the OFREP event stream, which answer outside
 * Nest's guard: an address (or a credential) refused REFUSAL_LIMIT times is answered 429 with Retry-After before any
 * database work, as on every other route, but for a device credential (or an OFREP stream token, which stands for
 * one): that is held back for its own count only, never for its address's, so devices sharing an address with
 * someone sending bad credentials still reach the kill path.
 */
describe('GET /v1/device/flags, /v1/device/events and /v1/device/ofrep-events under the refusal limiter (integration)', () => {
  let api: TestApi;
  let baseUrl: string;
  let camera: string;
  let known: EnrolledDevice; // has polled this instance: its credential is in memory
  let reads: jest.SpyInstance;
  let personReads: jest.SpyInstance;

  const get = (from: string, path: string, credential?: string) => getFrom(baseUrl, from, path, credential);
  /** An OFREP event stream opened from this address with the token in `path` (read up to its opening comment). */
  const openOfrep = (from: string, path: string) => getFrom(baseUrl, from, path, undefined, OFREP_OPENED);
  const statusesOf = async (from: string, path: string, credentials: (string | undefined)[]) => {
    const statuses: number[] = [];
    for (const credential of credentials) statuses.push((await get(from, path, credential)).status);
    return statuses;
  };
  const badCredentials = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `ksd_never-issued-${tag}-${i}-0123456789`);
  const expectRateLimited = (seen: Seen) => {
    expect(seen.status).toBe(429);
    expect(Number(seen.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(seen.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect(seen.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'rate_limited',
      message: expect.stringMatching(/^too many refused attempts from this credential or address: retry in \d+ s$/),
      requestId: seen.headers['x-request-id'],
    });
  };
  const enrollCamera = () =>
    enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }] });

  beforeAll(async () => {
    api = await startTestApi({ REFUSAL_LIMIT: String(LIMIT), REFUSAL_WINDOW_SEC: '600' });
    baseUrl = await api.listen();
    camera = (await seedVendor(api)).camera;
    known = await enrollCamera();
    expect((await get('127.0.0.20', POLL_PATH, known.credential)).status).toBe(200);
    reads = jest.spyOn(api.app.get(DeviceCredentialCache), 'resolveDigest');
    personReads = jest.spyOn(api.app.get(CredentialResolver), 'resolve');
  });
  afterAll(async () => {
    reads.mockRestore();
    personReads.mockRestore();
    await api.close();
  });

  it('holds back an address that keeps polling with bad device credentials, but for device credentials, each read', async () => {
    expect(await statusesOf('127.0.0.21', POLL_PATH, badCredentials(LIMIT, 'poll'))).toEqual([401, 401, 401]);
    reads.mockClear();
    // A device credential is not held back for its address's count: it is read (and this one refused).
    expect((await get('127.0.0.21', POLL_PATH, badCredentials(1, 'poll-next')[0])).status).toBe(401);
    expect(reads).toHaveBeenCalledTimes(1);
    // Without a credential, or with a person's not yet used here, the address waits (as the guard has it).
    expectRateLimited(await get('127.0.0.21', POLL_PATH));
    const person = await api.userWith('auditor');
    personReads.mockClear();
    expectRateLimited(await get('127.0.0.21', POLL_PATH, person.token));
    expect(personReads).not.toHaveBeenCalled();
    // Another address is not held back by this one.
    expect((await get('127.0.0.22', POLL_PATH, badCredentials(1, 'elsewhere')[0])).status).toBe(401);
  });

  it('counts polls without a credential against the address', async () => {
    expect(await statusesOf('127.0.0.23', POLL_PATH, [undefined, undefined, undefined])).toEqual([401, 401, 401]);
    expectRateLimited(await get('127.0.0.23', POLL_PATH));
  });

  it('holds back an address that keeps opening streams with bad device credentials as the poll does; the poll shares the count', async () => {
    expect(await statusesOf('127.0.0.24', EVENTS_PATH, badCredentials(LIMIT, 'stream'))).toEqual([401, 401, 401]);
    expectRateLimited(await get('127.0.0.24', EVENTS_PATH));
    expectRateLimited(await get('127.0.0.24', POLL_PATH));
    expect((await get('127.0.0.24', EVENTS_PATH, badCredentials(1, 'stream-next')[0])).status).toBe(401);
    // Refused polls hold back streams from the same address, too.
    expect(await statusesOf('127.0.0.25', POLL_PATH, badCredentials(LIMIT, 'poll-then-stream'))).toEqual([401, 401, 401]);
    expectRateLimited(await get('127.0.0.25', EVENTS_PATH));
  });

  it('serves devices from an address held back: one it already answered from memory, one new to it after reading it', async () => {
    expect(await statusesOf('127.0.0.26', POLL_PATH, badCredentials(LIMIT, 'neighbour'))).toEqual([401, 401, 401]);
    const before = answeredFromMemory.ok;
    expect((await get('127.0.0.26', POLL_PATH, known.credential)).status).toBe(200);
    expect(answeredFromMemory.ok).toBe(before + 1);
    const stream = await get('127.0.0.26', EVENTS_PATH, known.credential);
    expect(stream.status).toBe(200);
    expect(stream.event).toMatch(/^event: flags\nid: \d+\ndata: \{"rev":/);

    // A device new to this instance (as every device is after a restart) is not held back for its neighbours.
    const newcomer = await enrollCamera();
    expect((await get('127.0.0.26', EVENTS_PATH, newcomer.credential)).status).toBe(200);
    const other = await enrollCamera();
    expect((await get('127.0.0.26', POLL_PATH, other.credential)).status).toBe(200);
    expectRateLimited(await get('127.0.0.26', POLL_PATH));
  });

  it('holds back a credential over its own limit (a device credential refused on an admin route) though it is in memory', async () => {
    const device = await enrollCamera();
    expect((await get('127.0.0.28', POLL_PATH, device.credential)).status).toBe(200);
    for (let i = 0; i < LIMIT; i++) expect((await api.request('GET', '/v1/kill-switches', { token: device.credential })).status).toBe(403);
    expectRateLimited(await get('127.0.0.28', POLL_PATH, device.credential));
    expectRateLimited(await get('127.0.0.29', EVENTS_PATH, device.credential));
    // Through Fastify's route as well (light-my-request never fires the request event).
    const injected = await api.app.inject({
      method: 'GET',
      url: POLL_PATH,
      remoteAddress: '127.0.0.30',
      headers: { authorization: `Bearer ${device.credential}` },
    });
    expect([injected.statusCode, injected.json().code, Number(injected.headers['retry-after']) > 0]).toEqual([429, 'rate_limited', true]);
    // Other devices are not held back by it.
    expect((await get('127.0.0.28', POLL_PATH, known.credential)).status).toBe(200);
  });

  it("counts a person's credential refused on the poll (403) against that credential", async () => {
    const person = await api.userWith('auditor');
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await get(`127.0.0.${31 + i}`, POLL_PATH, person.token)).status);
    expect(statuses).toEqual([403, 403, 403, 429]);
  });

  it('answers the same through Fastify’s route when injected (no request event)', async () => {
    const inject = (credential?: string) =>
      api.app.inject({ method: 'GET', url: POLL_PATH, remoteAddress: '192.0.2.40', headers: credential ? { authorization: `Bearer ${credential}` } : {} });
    const statuses: number[] = [];
    for (const credential of badCredentials(LIMIT, 'injected')) statuses.push((await inject(credential)).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    expect((await inject(badCredentials(1, 'injected-next')[0])).statusCode).toBe(401);
    const held = await inject();
    expect([held.statusCode, held.json().code, Number(held.headers['retry-after']) > 0]).toEqual([429, 'rate_limited', true]);
    expect((await inject(known.credential)).statusCode).toBe(200);
  });

  /** The OFREP event stream URL (path and query) the device's bulk evaluation names, and the token in it. */
  async function ofrepStream(device: EnrolledDevice): Promise<{ uri: string; token: string }> {
    const answer = await api.request('POST', '/ofrep/v1/evaluate/flags', { token: device.credential, body: { context: { targetingKey: device.id } } });
    expect(answer.status).toBe(200);
    const uri = answer.body.eventStreams[0].endpoint.requestUri as string;
    return { uri, token: new URL(uri, baseUrl).searchParams.get('token')! };
  }
  /** Well-formed stream tokens nobody issued: the device's id and expiry with a made-up MAC, or another device's id. */
  const forgedTokens = (n: number, token: string, tag: string) => {
    const [deviceId, exp] = token.split('.');
    return Array.from({ length: n }, (_, i) =>
      i % 2 === 0 ? `${deviceId}.${exp}.${`${tag}-${i}-`.padEnd(43, 'A')}` : token.replace(deviceId, '01234567-89ab-4cde-8f01-23456789abcd'),
    );
  };
  const ofrepPath = (token?: string) => (token === undefined ? OFREP_EVENTS_PATH : `${OFREP_EVENTS_PATH}?token=${encodeURIComponent(token)}`);
  const ofrepStatusesOf = async (from: string, tokens: string[]) => {
    const statuses: number[] = [];
    for (const token of tokens) statuses.push((await openOfrep(from, ofrepPath(token))).status);
    return statuses;
  };

  it('holds back an address that keeps opening OFREP event streams with forged tokens, but for well-formed tokens, each read; the poll shares the count', async () => {
    const device = await enrollCamera();
    const { uri, token } = await ofrepStream(device);
    expect(await ofrepStatusesOf('127.0.0.40', forgedTokens(LIMIT, token, 'flood'))).toEqual([401, 401, 401]);
    // Without a token or with one that is not a token at all, the address waits; so do its polls without a credential.
    expectRateLimited(await openOfrep('127.0.0.40', ofrepPath()));
    expectRateLimited(await openOfrep('127.0.0.40', ofrepPath('not-a-token')));
    expectRateLimited(await get('127.0.0.40', POLL_PATH));
    // A well-formed token is not held back for its address's count (it may be a device's): it is read, and a forged one refused.
    expect(await ofrepStatusesOf('127.0.0.40', forgedTokens(2, token, 'next'))).toEqual([401, 401]);
    // The device's own stream opens from the address held back, and another address is not held back by this one.
    expect((await openOfrep('127.0.0.40', uri)).status).toBe(200);
    expect((await openOfrep('127.0.0.41', ofrepPath())).status).toBe(401);
  });

  it('holds back OFREP event streams without a token from an address refused on the poll, and serves the device’s own from there', async () => {
    const device = await enrollCamera();
    const { uri } = await ofrepStream(device);
    expect(await statusesOf('127.0.0.42', POLL_PATH, badCredentials(LIMIT, 'poll-then-ofrep'))).toEqual([401, 401, 401]);
    expectRateLimited(await openOfrep('127.0.0.42', ofrepPath()));
    const stream = await openOfrep('127.0.0.42', uri);
    expect(stream.status).toBe(200);
    expect(stream.event).toBe(': connected\n\n');
  });

  it('holds back the OFREP event stream of a credential over its own limit (refused on an admin route)', async () => {
    const device = await enrollCamera();
    const { uri } = await ofrepStream(device);
    for (let i = 0; i < LIMIT; i++) expect((await api.request('GET', '/v1/kill-switches', { token: device.credential })).status).toBe(403);
    expectRateLimited(await openOfrep('127.0.0.43', uri));
    // Other devices' streams are not held back by it.
    expect((await openOfrep('127.0.0.43', (await ofrepStream(known)).uri)).status).toBe(200);
  });
});
