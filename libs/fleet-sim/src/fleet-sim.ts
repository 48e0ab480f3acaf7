/**
 * N simulated devices in one process. Each polls GET /v1/device/flags (ETag,
 * 304), listens on GET /v1/device/events, or both; verifies every snapshot
 * with the device SDK (trust, signature, claims, body = signed), refuses
 * rollback, and acknowledges each revision it applies.
 *
 * Built to stay light at 10,000+ devices: per-device state is a handful of
 * typed-array slots and strings (no per-device objects or timers), one timer
 * heap schedules every poll, reconnect and ack retry, and the only per-device
 * objects are the open stream sockets themselves. Stream connections can be
 * spread over several loopback source addresses (one address gives about
 * 28,000 ephemeral ports).
 */
import http, { ClientRequest, IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import {
  BackoffOptions,
  DeviceJwks,
  RefusalReason,
  SnapshotRefused,
  SseParser,
  TrustStore,
  backoffDelay,
  compareRevision,
  jittered,
  parseRetryAfter,
  verifyFlagsBody,
} from '@killswitch/device-sdk';
import { FleetCounters, FleetReport, RevisionRecorder, RevisionReport, Source, emptyCounters } from './report';
import { TimerHeap } from './timer-heap';

export type FleetMode = 'poll' | 'stream' | 'both';

export interface SimDevice {
  id: string;
  credential: string;
}

export interface FleetOptions {
  url: string;
  devices: SimDevice[];
  /** The keys every device pinned at enrollment (the simulator shares one trust store across its devices). */
  pinnedJwks: DeviceJwks;
  mode: FleetMode;
  intervalMs: number;
  /** Each poll interval is scaled by 1 ± jitter. */
  jitter: number;
  /** First polls and connections are spread over this long (default: the interval, at most 10 s). */
  rampMs?: number;
  issuer?: string;
  /** Source addresses, taken in turn per device, for streams and polls. */
  localAddresses?: string[];
  /** Polls and acks in flight at once (default 256). */
  maxInFlight?: number;
  backoff?: BackoffOptions;
  requestTimeoutMs?: number;
  streamIdleTimeoutMs?: number;
  clockToleranceSec?: number;
  random?: () => number;
}

/** Delay references: one time for every revision, or per revision (e.g. each kill switch's createdAt). */
export interface ReferenceTimes {
  given?: number;
  byRev?: Map<number, number>;
}

export interface FleetSnapshot {
  devices: number;
  withSnapshot: number;
  streamsOpen: number;
  counters: FleetCounters;
  refused: Partial<Record<RefusalReason, number>>;
  /** Devices holding `rev` or later. */
  reached(rev: number): number;
  /** Devices that acknowledged `rev` or later. */
  acked(rev: number): number;
}

const POLL = 0;
const CONNECT = 1;
const ACK = 2;
const STABLE_STREAM_MS = 10_000;

export class FleetSim {
  private readonly n: number;
  private readonly ids: string[];
  private readonly auth: string[];
  private readonly rev: Float64Array;
  private readonly iat: Float64Array;
  private readonly exp: Float64Array;
  private readonly sigs: string[];
  private readonly etags: (string | undefined)[];
  private readonly ackedRev: Float64Array;
  private readonly ackWanted: Float64Array;
  private readonly ackBusy: Uint8Array;
  private readonly ackFailures: Uint8Array;
  private readonly pollFailures: Uint8Array;
  private readonly streamFailures: Uint8Array;
  private readonly streamOpenedAt: Float64Array;
  private readonly streams: (ClientRequest | undefined)[];
  private readonly heap: TimerHeap;
  private readonly recorder: RevisionRecorder;
  private readonly counters = emptyCounters();
  private readonly refused: Partial<Record<RefusalReason, number>> = {};
  private readonly errors: Record<string, number> = {};
  private readonly byLocalAddress: Record<string, number> = {};
  private readonly base: URL;
  private readonly transport: typeof http | typeof https;
  private readonly agent: http.Agent;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private trust?: TrustStore;
  private inFlight = 0;
  private verifying = 0;
  private jwksFetch?: Promise<void>;
  private lastJwksFetch = -Infinity;
  private stopped = false;
  private startedAt = 0;

  constructor(private readonly options: FleetOptions) {
    const n = options.devices.length;
    this.n = n;
    this.ids = options.devices.map((d) => d.id);
    this.auth = options.devices.map((d) => `Bearer ${d.credential}`);
    this.rev = new Float64Array(n).fill(-1);
    this.iat = new Float64Array(n);
    this.exp = new Float64Array(n).fill(NaN);
    this.sigs = new Array<string>(n).fill('');
    this.etags = new Array<string | undefined>(n).fill(undefined);
    this.ackedRev = new Float64Array(n).fill(-1);
    this.ackWanted = new Float64Array(n).fill(-1);
    this.ackBusy = new Uint8Array(n);
    this.ackFailures = new Uint8Array(n);
    this.pollFailures = new Uint8Array(n);
    this.streamFailures = new Uint8Array(n);
    this.streamOpenedAt = new Float64Array(n).fill(NaN);
    this.streams = new Array<ClientRequest | undefined>(n).fill(undefined);
    this.heap = new TimerHeap(n, 3, (device, kind) => this.fire(device, kind));
    this.recorder = new RevisionRecorder(n);
    this.base = new URL(options.url);
    this.transport = this.base.protocol === 'https:' ? https : http;
    const maxInFlight = options.maxInFlight ?? 256;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: maxInFlight, maxFreeSockets: maxInFlight });
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? { baseMs: 1_000, maxMs: 30_000 };
    if (!['poll', 'stream', 'both'].includes(options.mode)) throw new Error(`mode must be poll, stream or both, not ${options.mode}`);
  }

  async start(): Promise<void> {
    this.trust = await TrustStore.create(this.options.pinnedJwks);
    this.startedAt = Date.now();
    const ramp = this.options.rampMs ?? Math.min(this.options.intervalMs, 10_000);
    const { mode } = this.options;
    for (let i = 0; i < this.n; i++) {
      const offset = this.startedAt + this.random() * ramp;
      // Stream mode polls only to keep a snapshot fresh: its first poll is scheduled when the stream brings one.
      if (mode !== 'stream') this.heap.schedule(i, POLL, offset);
      if (mode !== 'poll') this.heap.schedule(i, CONNECT, offset);
    }
  }

  /** Live numbers (for a watching test or a progress line). */
  snapshot(): FleetSnapshot {
    let withSnapshot = 0;
    let streamsOpen = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.rev[i] >= 0) withSnapshot += 1;
      if (this.streams[i] && !Number.isNaN(this.streamOpenedAt[i])) streamsOpen += 1;
    }
    const count = (values: Float64Array, rev: number) => values.reduce((sum, value) => (value >= rev ? sum + 1 : sum), 0);
    return {
      devices: this.n,
      withSnapshot,
      streamsOpen,
      counters: { ...this.counters },
      refused: { ...this.refused },
      reached: (rev) => count(this.rev, rev),
      acked: (rev) => count(this.ackedRev, rev),
    };
  }

  /** Stops every device and returns what the fleet saw. */
  async stop(references: ReferenceTimes = {}): Promise<FleetReport> {
    const live = this.snapshot();
    this.stopped = true;
    this.heap.stop();
    for (const stream of this.streams) stream?.destroy();
    this.agent.destroy();
    for (let waited = 0; this.verifying > 0 && waited < 2_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    const endedAt = Date.now();
    const finalRevs: Record<string, number> = {};
    let expired = 0;
    for (let i = 0; i < this.n; i++) {
      const key = this.rev[i] >= 0 ? String(this.rev[i]) : 'none';
      finalRevs[key] = (finalRevs[key] ?? 0) + 1;
      if (this.exp[i] * 1000 <= endedAt) expired += 1;
    }
    const referenceOf = (rev: number, firstSeen: number): { at: number; source: RevisionReport['referenceSource'] } => {
      if (references.given !== undefined) return { at: references.given, source: 'given' };
      const kill = references.byRev?.get(rev);
      if (kill !== undefined) return { at: kill, source: 'kill-switch' };
      return { at: firstSeen, source: 'first-seen' };
    };
    return {
      startedAt: new Date(this.startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      durationSec: Math.round((endedAt - this.startedAt) / 100) / 10,
      config: {
        url: this.options.url,
        devices: this.n,
        mode: this.options.mode,
        intervalSec: this.options.intervalMs / 1000,
        jitter: this.options.jitter,
        localAddresses: this.options.localAddresses ?? [],
      },
      devices: { total: this.n, withSnapshot: live.withSnapshot, streamsOpen: live.streamsOpen, expired },
      requests: { ...this.counters },
      streamsByLocalAddress: { ...this.byLocalAddress },
      refused: { ...this.refused },
      errors: { ...this.errors },
      revisions: this.recorder.report(referenceOf, this.startedAt),
      finalRevs,
    };
  }

  private fire(device: number, kind: number): void {
    if (this.stopped) return;
    if (kind === POLL) this.poll(device);
    else if (kind === CONNECT) this.connect(device);
    else this.sendAck(device);
  }

  // ---- polling ----

  private poll(i: number): void {
    if (this.inFlight >= (this.options.maxInFlight ?? 256)) {
      this.heap.schedule(i, POLL, Date.now() + 10 + this.random() * 40);
      return;
    }
    this.counters.polls += 1;
    const headers: Record<string, string> = { authorization: this.auth[i], accept: 'application/json' };
    const etag = this.etags[i];
    if (etag) headers['if-none-match'] = etag;
    this.request(i, 'GET', '/v1/device/flags', headers, undefined, (error, status, responseHeaders, text) => {
      if (this.stopped) return;
      if (error || status === 0) return this.pollFailed(i, undefined, causeOf(error, status));
      if (status === 304) {
        this.counters.notModified += 1;
        this.pollFailures[i] = 0;
        return this.heap.schedule(i, POLL, Date.now() + this.nextPollDelay(i));
      }
      if (status === 200) {
        this.pollFailures[i] = 0;
        const answerEtag = typeof responseHeaders.etag === 'string' ? responseHeaders.etag : undefined;
        void this.handle(i, text, 'poll', answerEtag).finally(() => this.heap.schedule(i, POLL, Date.now() + this.nextPollDelay(i)));
        return;
      }
      this.pollFailed(i, this.retryAfterOf(status, responseHeaders), causeOf(undefined, status));
    });
  }

  private pollFailed(i: number, retryAfterMs: number | undefined, cause: string): void {
    this.counters.pollErrors += 1;
    this.failed('poll', cause);
    this.pollFailures[i] = Math.min(this.pollFailures[i] + 1, 30);
    this.heap.schedule(i, POLL, Date.now() + (retryAfterMs ?? backoffDelay(this.pollFailures[i], this.backoff, this.random)));
  }

  /** The interval (stream mode: a quarter snapshot lifetime), never beyond a quarter lifetime, jittered. */
  private nextPollDelay(i: number): number {
    const quarterLife = this.rev[i] >= 0 ? ((this.exp[i] - this.iat[i]) * 1000) / 4 : undefined;
    const interval = this.options.mode === 'stream' ? (quarterLife ?? this.options.intervalMs) : Math.min(this.options.intervalMs, quarterLife ?? Infinity);
    return jittered(interval, this.options.jitter, this.random);
  }

  // ---- streams ----

  private connect(i: number): void {
    const headers: Record<string, string> = { authorization: this.auth[i], accept: 'text/event-stream' };
    if (this.rev[i] >= 0) headers['last-event-id'] = String(this.rev[i]);
    const localAddress = this.localAddressOf(i);
    const request = this.transport.request({
      protocol: this.base.protocol,
      hostname: this.base.hostname,
      port: this.base.port,
      path: `${this.base.pathname.replace(/\/$/, '')}/v1/device/events`,
      method: 'GET',
      headers,
      agent: false,
      ...(localAddress ? { localAddress } : {}),
    });
    this.streams[i] = request;
    this.streamOpenedAt[i] = NaN;
    let finished = false;
    const finish = (cause: string | undefined, retryAfterMs?: number) => {
      if (finished) return;
      finished = true;
      const openedAt = this.streamOpenedAt[i];
      if (this.streams[i] === request) {
        this.streams[i] = undefined;
        this.streamOpenedAt[i] = NaN;
      }
      request.destroy();
      if (this.stopped) return;
      if (cause !== undefined) {
        this.counters.streamErrors += 1;
        this.failed('stream', cause);
      }
      // A connection that held for a while was healthy: start the backoff over.
      const stable = !Number.isNaN(openedAt) && Date.now() - openedAt >= STABLE_STREAM_MS;
      this.streamFailures[i] = stable ? 1 : Math.min(this.streamFailures[i] + 1, 30);
      this.heap.schedule(i, CONNECT, Date.now() + (retryAfterMs ?? backoffDelay(this.streamFailures[i], this.backoff, this.random)));
    };
    request.setTimeout(this.options.streamIdleTimeoutMs ?? 45_000, () => finish('idle timeout'));
    request.on('error', (error) => finish(causeOf(error, 0)));
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        const retryAfter = this.retryAfterOf(response.statusCode ?? 0, response.headers);
        response.resume();
        return finish(causeOf(undefined, response.statusCode ?? 0), retryAfter);
      }
      this.streamOpenedAt[i] = Date.now();
      this.counters.streamConnects += 1;
      const address = request.socket?.localAddress ?? 'unknown';
      this.byLocalAddress[address] = (this.byLocalAddress[address] ?? 0) + 1;
      const parser = new SseParser();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) =>
        parser.feed(chunk, (event) => {
          if (event.event === 'flags') void this.handle(i, event.data, 'stream', undefined);
        }),
      );
      response.on('end', () => finish(undefined));
      response.on('close', () => finish(undefined));
      response.on('error', (error) => finish(causeOf(error, 0)));
    });
    request.end();
  }

  // ---- answers ----

  /** Verifies an answer and applies it if newer; a newer revision is recorded and acknowledged. */
  private async handle(i: number, text: string, source: Source, etag: string | undefined): Promise<void> {
    this.verifying += 1;
    try {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return this.refuse('malformed');
      }
      let verified;
      try {
        verified = await verifyFlagsBody(body, this.trust as TrustStore, {
          deviceId: this.ids[i],
          issuer: this.options.issuer ?? 'killswitch',
          now: Date.now(),
          clockToleranceSec: this.options.clockToleranceSec ?? 5,
          onUnknownKid: () => this.refreshKeys(),
        });
      } catch (error) {
        if (error instanceof SnapshotRefused) return this.refuse(error.reason);
        // Not a refusal: a bug or a crypto failure. Counted, never an unhandled rejection that ends the run.
        return this.failed('verify', error instanceof Error ? error.message : String(error));
      }
      if (this.stopped) return;
      const sig = verified.jws.slice(-16);
      const held = this.rev[i] >= 0 ? { rev: this.rev[i], iat: this.iat[i] } : undefined;
      const verdict = compareRevision(held, verified, sig === this.sigs[i]);
      if (verdict === 'rollback') return this.refuse('rollback');
      if (verdict === 'same') {
        if (etag) this.etags[i] = etag;
        return;
      }
      this.rev[i] = verified.rev;
      this.iat[i] = verified.iat;
      this.exp[i] = verified.exp;
      this.sigs[i] = sig;
      this.etags[i] = etag;
      if (this.options.mode === 'stream' && !this.heap.isScheduled(i, POLL)) this.heap.schedule(i, POLL, Date.now() + this.nextPollDelay(i));
      if (verdict === 'newer') {
        this.recorder.applied(verified.rev, i, Date.now(), source);
        this.ackWanted[i] = Math.max(this.ackWanted[i], verified.rev);
        if (!this.ackBusy[i]) this.sendAck(i);
      }
    } finally {
      this.verifying -= 1;
    }
  }

  private failed(what: 'poll' | 'stream' | 'ack' | 'verify' | 'jwks', cause: string): void {
    const key = `${what}: ${cause}`;
    this.errors[key] = (this.errors[key] ?? 0) + 1;
  }

  private refuse(reason: RefusalReason): void {
    this.refused[reason] = (this.refused[reason] ?? 0) + 1;
  }

  /** One shared JWKS fetch (at most every 5 s) when any device meets an unknown kid. */
  private refreshKeys(): Promise<void> {
    if (this.jwksFetch) return this.jwksFetch;
    if (Date.now() - this.lastJwksFetch < 5_000) return Promise.resolve();
    this.lastJwksFetch = Date.now();
    this.counters.jwksFetches += 1;
    this.jwksFetch = new Promise<void>((resolve) => {
      this.request(-1, 'GET', '/.well-known/jwks.json', { accept: 'application/json' }, undefined, (error, status, _headers, text) => {
        if (error || status !== 200) {
          this.failed('jwks', causeOf(error, status));
          return resolve();
        }
        Promise.resolve()
          .then(() => (this.trust as TrustStore).learn(JSON.parse(text) as DeviceJwks))
          .then((added) => void (this.counters.keysLearned += added.length))
          .catch((failure: unknown) => this.failed('jwks', failure instanceof Error ? failure.message : String(failure)))
          .finally(resolve);
      });
    }).finally(() => (this.jwksFetch = undefined));
    return this.jwksFetch;
  }

  // ---- acknowledgements ----

  private sendAck(i: number): void {
    const rev = this.ackWanted[i];
    if (rev <= this.ackedRev[i] || this.ackBusy[i] || this.stopped) return;
    if (this.inFlight >= (this.options.maxInFlight ?? 256)) {
      this.heap.schedule(i, ACK, Date.now() + 10 + this.random() * 40);
      return;
    }
    this.ackBusy[i] = 1;
    const headers = { authorization: this.auth[i], 'content-type': 'application/json' };
    this.request(i, 'POST', '/v1/device/acks', headers, JSON.stringify({ rev }), (error, status, responseHeaders) => {
      this.ackBusy[i] = 0;
      if (this.stopped) return;
      if (!error && status === 200) {
        this.ackedRev[i] = Math.max(this.ackedRev[i], rev);
        this.ackFailures[i] = 0;
        this.counters.acks += 1;
        this.recorder.acked(rev, i, Date.now());
        if (this.ackWanted[i] > this.ackedRev[i]) this.sendAck(i);
        return;
      }
      this.counters.ackErrors += 1;
      this.failed('ack', causeOf(error, status));
      if (status === 409) {
        this.ackWanted[i] = this.ackedRev[i]; // ahead of the server: retrying cannot help
        return;
      }
      this.ackFailures[i] = Math.min(this.ackFailures[i] + 1, 30);
      const retryAfter = error ? undefined : this.retryAfterOf(status, responseHeaders);
      this.heap.schedule(i, ACK, Date.now() + (retryAfter ?? backoffDelay(this.ackFailures[i], this.backoff, this.random)));
    });
  }

  // ---- plumbing ----

  private localAddressOf(i: number): string | undefined {
    const addresses = this.options.localAddresses;
    return addresses && addresses.length > 0 && i >= 0 ? addresses[i % addresses.length] : undefined;
  }

  private retryAfterOf(status: number, headers: IncomingHttpHeaders): number | undefined {
    if (status !== 429 && status !== 503) return undefined;
    const value = headers['retry-after'];
    const delay = parseRetryAfter(Array.isArray(value) ? value[0] : value, Date.now());
    if (delay !== undefined) this.counters.retryAfter += 1;
    return delay;
  }

  /** A pooled request; `done` is called exactly once. */
  private request(
    i: number,
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    done: (error: Error | undefined, status: number, headers: IncomingHttpHeaders, text: string) => void,
  ): void {
    this.inFlight += 1;
    let settled = false;
    const settle = (error: Error | undefined, status: number, responseHeaders: IncomingHttpHeaders, text: string) => {
      if (settled) return;
      settled = true;
      this.inFlight -= 1;
      done(error, status, responseHeaders, text);
    };
    const localAddress = this.localAddressOf(i);
    const request = this.transport.request(
      {
        protocol: this.base.protocol,
        hostname: this.base.hostname,
        port: this.base.port,
        path: `${this.base.pathname.replace(/\/$/, '')}${path}`,
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: this.agent,
        ...(localAddress ? { localAddress } : {}),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => settle(undefined, response.statusCode ?? 0, response.headers, text));
        response.on('error', (error) => settle(error, 0, {}, ''));
      },
    );
    request.setTimeout(this.options.requestTimeoutMs ?? 10_000, () => request.destroy(new Error('request timed out')));
    request.on('error', (error) => settle(error, 0, {}, ''));
    request.end(body);
  }
}

/** A short name for what went wrong: an HTTP status, an error code, or the message. */
function causeOf(error: Error | undefined, status: number): string {
  if (!error) return `HTTP ${status}`;
  return (error as NodeJS.ErrnoException).code ?? error.message;
}
