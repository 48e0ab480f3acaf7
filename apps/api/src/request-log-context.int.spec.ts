import { Logger } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import { PinoLogger } from 'nestjs-pino';
import { KillSwitchesService } from '@killswitch/kill-switches';
import { TestApi, startTestApi } from '../../../test/support/api-harness';
import { openDeviceStream } from '../../../test/support/device-stream';
import { eventually } from '../../../test/support/eventually';
import { EnrolledDevice, enroll, seedVendor } from '../../../test/support/fleet';
import { REQUEST_LOG_CONTEXT_GRACE_MS } from './request-log-context';

const LEFT_BEHIND = 'probe left behind';

interface LogLine {
  msg: string;
  requestId: unknown;
}

/** A request that can be held open inside the admin API, after its service's database awaits and before it logs. */
interface Held {
  entered: Promise<void>;
  release(): void;
}

/**
 * nestjs-pino's request context (its AsyncLocalStorage) puts each admin request's id on the log lines its services
 * write; installRequestLogContextSwitch disables that storage, and with it Node's async hooks, whenever no request
 * through Fastify is in flight (the device polls answered on the request event pay nothing for it then).
 */
describe('request log context (integration)', () => {
  let api: TestApi;
  let baseUrl: string;
  let device: EnrolledDevice;
  let admin: string;
  const lines: LogLine[] = [];
  const holds: { entered: () => void; released: Promise<void> }[] = [];
  /** An async resource made inside the latest kill switch list request: work that request left behind. */
  let leftBehind: AsyncResource | undefined;

  beforeAll(async () => {
    const call = Reflect.get(PinoLogger.prototype, 'call') as (this: PinoLogger, method: string, ...args: unknown[]) => void;
    jest.spyOn(PinoLogger.prototype as unknown as { call: typeof call }, 'call').mockImplementation(function (this: PinoLogger, method, ...args) {
      const bindings = this.logger.bindings() as { req?: { id?: unknown } };
      const msg = args.find((arg): arg is string => typeof arg === 'string' && arg.startsWith('probe '));
      if (msg) lines.push({ msg, requestId: bindings.req?.id });
      call.call(this, method, ...args);
    });
    // The kill switch list, after its real database reads: waits for the test when it holds the call, then logs.
    const list = KillSwitchesService.prototype.list;
    jest.spyOn(KillSwitchesService.prototype, 'list').mockImplementation(async function (this: KillSwitchesService, query) {
      const page = await list.call(this, query);
      leftBehind = new AsyncResource('left-behind');
      const hold = holds.shift();
      if (hold) {
        hold.entered();
        await hold.released;
      }
      await new Promise((resolve) => setImmediate(resolve));
      new Logger('probe').log(`probe ${page.items.length}`);
      return page;
    });
    api = await startTestApi({}, { logger: true });
    baseUrl = await api.listen();
    const v = await seedVendor(api);
    device = await enroll(api, { model: 'hub', firmware: '1.0', inventory: [{ integration: v.camera, vendorModel: 'mijia-cam-360', vendorFirmware: '1.0' }] });
    admin = await api.adminToken();
  });
  afterAll(async () => {
    await api.close();
    jest.restoreAllMocks();
  });

  function hold(): Held {
    let entered!: () => void;
    let release!: () => void;
    const enteredP = new Promise<void>((resolve) => (entered = resolve));
    holds.push({ entered, released: new Promise<void>((resolve) => (release = resolve)) });
    return { entered: enteredP, release };
  }

  /** GET /v1/kill-switches over HTTP; resolves with the request id the response names. */
  async function listKillSwitches(): Promise<string> {
    const response = await fetch(`${baseUrl}/v1/kill-switches`, { headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    return response.headers.get('x-request-id')!;
  }

  async function poll(etag?: string): Promise<{ status: number; etag: string | null }> {
    const response = await fetch(`${baseUrl}/v1/device/flags`, {
      headers: { authorization: `Bearer ${device.credential}`, ...(etag ? { 'if-none-match': etag } : {}) },
    });
    await response.arrayBuffer();
    return { status: response.status, etag: response.headers.get('etag') };
  }

  /** The lines the kill switch list logged for this request. */
  function loggedBy(requestId: string): LogLine[] {
    return lines.filter((line) => line.requestId === requestId && line.msg !== LEFT_BEHIND);
  }

  /** Logs from work `resource` stands for; the request id that line carries (undefined: none). */
  function logFrom(resource: AsyncResource): unknown {
    resource.runInAsyncScope(() => new Logger('probe').log(LEFT_BEHIND));
    return lines.at(-1)!.requestId;
  }

  it('logs a service line with its own request id after awaits, while another admin request ends and devices poll', async () => {
    const first = await poll();
    expect(first.status).toBe(200);

    const heldA = hold();
    const a = listKillSwitches();
    await heldA.entered;
    const leftByA = leftBehind!;
    const polls = [poll(first.etag!), poll(first.etag!)];
    const b = await listKillSwitches(); // ends while A is still in flight
    const later = [...(await Promise.all(polls)), await poll(first.etag!)];
    expect(later.map((p) => p.status)).toEqual([304, 304, 304]);
    // Longer than the grace: had B's end switched the context off, A would have lost its store by now.
    await new Promise((resolve) => setTimeout(resolve, REQUEST_LOG_CONTEXT_GRACE_MS + 200));
    const stillA = logFrom(leftByA);
    heldA.release();
    const aId = await a;
    expect(stillA).toBe(aId);

    expect(aId).not.toBe(b);
    expect(loggedBy(aId)).toHaveLength(1);
    expect(loggedBy(b)).toHaveLength(1);
  });

  // Jest runs every test in an AsyncLocalStorage of its own, so Node's hooks stay on in this process whatever the API
  // does: what is observed is the request context itself, through what a log line carries.
  it('switches the request context off once no request is in flight, and back on for the next admin request', async () => {
    const heldA = hold();
    const a = listKillSwitches();
    await heldA.entered;
    const left = leftBehind!;
    const aLogged = logFrom(left); // while A is in flight: its store
    heldA.release();
    const aId = await a;
    expect(aLogged).toBe(aId);

    // Once no request is in flight (and the grace has passed) the storage is off: no store, anywhere.
    await eventually(() => logFrom(left) === undefined, 10_000);
    // Device polls answered on the request event leave it off.
    const answer = await poll();
    expect((await poll(answer.etag!)).status).toBe(304);
    expect(logFrom(left)).toBeUndefined();

    // The next admin request switches it on before its own work starts: its log line carries its id.
    const heldB = hold();
    const b = listKillSwitches();
    await heldB.entered;
    heldB.release();
    const bId = await b;
    expect(loggedBy(bId)).toHaveLength(1);
    await eventually(() => logFrom(left) === undefined, 10_000);
  });

  it('switches the request context off while device event streams stay open: a stream counts until it is open', async () => {
    const heldA = hold();
    const a = listKillSwitches();
    await heldA.entered;
    const left = leftBehind!;
    const stream = await openDeviceStream(baseUrl, device.credential);
    try {
      expect(stream.status).toBe(200);
      heldA.release();
      const aId = await a;
      expect(loggedBy(aId)).toHaveLength(1);
      // Only the stream is open now: once the grace has passed, nothing is in flight.
      await eventually(() => logFrom(left) === undefined, 10_000);
      expect(stream.ended()).toBe(false);
    } finally {
      stream.close();
    }
  });
});
