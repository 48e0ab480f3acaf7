/**
 * The client a fleet device runs: it polls GET /v1/device/flags (ETag, 304)
 * and/or listens on GET /v1/device/events (server-sent events, read with
 * fetch), verifies every snapshot against the keys it trusts, refuses
 * rollback, applies fail modes past `exp`, and acknowledges each revision it
 * applied. Node 20, global fetch and jose; no framework.
 */
import { BackoffOptions, DEFAULT_BACKOFF, backoffDelay, jittered, parseRetryAfter } from './backoff';
import { effectiveFlags, isExpired } from './fail-mode';
import { RevisionMark, compareRevision } from './revision';
import { RefusalReason, SnapshotRefused, VerifiedSnapshot, verifyFlagsBody, verifySnapshotJws, sameJson } from './snapshot-verifier';
import { SseParser, SseEvent } from './sse-parser';
import { DeviceClientState, StateStore } from './state-store';
import { TrustStore } from './trust-store';
import { DeviceJwks } from './types';

export type DeviceMode = 'poll' | 'stream' | 'both';
export type AnswerSource = 'poll' | 'stream' | 'offer';

export interface DeviceClientOptions {
  /** The API, e.g. https://killswitch.example.com */
  baseUrl: string;
  /** The device credential from enrollment (`ksd_…`). */
  credential: string;
  deviceId: string;
  /** The `jwks` enrollment answered with: the keys this device trusts outright. */
  pinnedJwks: DeviceJwks;
  /** The `iss` snapshots must carry (KILLSWITCH_ISSUER); default `killswitch`. */
  issuer?: string;
  /** poll, stream, or both (default). In `stream` mode the client still polls every quarter snapshot lifetime, to keep its snapshot fresh. */
  mode?: DeviceMode;
  /** Between polls (default 30 s), never more than a quarter of the snapshot lifetime. */
  pollIntervalMs?: number;
  /** Each poll interval is scaled by 1 ± jitter (default 0.2). */
  pollJitter?: number;
  backoff?: Partial<BackoffOptions>;
  /** Retry-After beyond this is capped (default 15 min). */
  maxRetryAfterMs?: number;
  /** A stream silent this long is dead (default 45 s: three missed heartbeats). */
  streamIdleTimeoutMs?: number;
  /** Each HTTP request other than the stream gives up after this (default 10 s). */
  requestTimeoutMs?: number;
  /** At most one JWKS fetch per this interval, so unknown kids cannot make the device hammer it (default 60 s). */
  jwksMinIntervalMs?: number;
  /** Clock skew allowed past `exp` (default 5 s). */
  clockToleranceSec?: number;
  /** Persists the highest revision, the held snapshot and the learned keys. */
  store?: StateStore;
  /** Called when the effective on/off of any integration changes. */
  onChange?: (change: FlagsChange) => void;
  /** Everything the client does, for logs and tests. */
  onEvent?: (event: ClientEvent) => void;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch (tests). */
  now?: () => number;
  random?: () => number;
}

export interface FlagsChange {
  flags: Record<string, boolean>;
  previous: Record<string, boolean>;
  rev: number | undefined;
  source: AnswerSource | 'expiry' | 'restore';
}

export type ClientEvent =
  | { type: 'applied'; source: AnswerSource; rev: number; iat: number; verdict: 'newer' | 'refresh' }
  | { type: 'unchanged'; source: AnswerSource | 'not-modified'; rev: number | undefined }
  | { type: 'refused'; source: AnswerSource; reason: RefusalReason; message: string }
  | { type: 'keys-learned'; kids: string[] }
  | { type: 'acked'; rev: number }
  | { type: 'ack-failed'; rev: number; message: string }
  | { type: 'expired'; rev: number }
  | { type: 'stream-open'; lastEventId: string | undefined }
  | { type: 'stream-closed'; message: string | undefined }
  | { type: 'retry'; what: 'poll' | 'stream' | 'ack'; delayMs: number; status: number | undefined; message: string }
  | { type: 'error'; what: 'jwks' | 'state'; message: string };

export type OfferResult =
  | { result: 'applied'; verdict: 'newer' | 'refresh'; rev: number }
  | { result: 'unchanged'; rev: number }
  | { result: 'refused'; reason: RefusalReason; message: string };

export type PollResult = { status: 304 } | { status: 200; offer: OfferResult };

/** A non-success answer; `retryAfterMs` from Retry-After on 429 and 503. */
export class DeviceHttpError extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceHttpError';
  }
}

const STABLE_STREAM_MS = 10_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export class DeviceClient {
  private readonly options: Required<Omit<DeviceClientOptions, 'store' | 'onChange' | 'onEvent' | 'backoff'>> & { backoff: BackoffOptions };
  private trust?: TrustStore;
  private held?: VerifiedSnapshot;
  private mark?: RevisionMark;
  private etag?: string;
  private ackedRev = -1;
  private pendingAck = -1;
  private acking = false;
  private ackFailures = 0;
  private notified: Record<string, boolean> = {};
  private lastJwksFetch = -Infinity;
  private started = false;
  private stopped = false;
  private lifecycle = new AbortController();
  private offers: Promise<unknown> = Promise.resolve();
  private saves: Promise<void> = Promise.resolve();
  private streamLoopDone: Promise<void> = Promise.resolve();
  private streamConnected = false;
  private pollTimer?: NodeJS.Timeout;
  private ackTimer?: NodeJS.Timeout;
  private expiryTimer?: NodeJS.Timeout;
  private pollFailures = 0;

  constructor(private readonly config: DeviceClientOptions) {
    this.options = {
      baseUrl: config.baseUrl.replace(/\/+$/, ''),
      credential: config.credential,
      deviceId: config.deviceId,
      pinnedJwks: config.pinnedJwks,
      issuer: config.issuer ?? 'killswitch',
      mode: config.mode ?? 'both',
      pollIntervalMs: config.pollIntervalMs ?? 30_000,
      pollJitter: config.pollJitter ?? 0.2,
      backoff: { ...DEFAULT_BACKOFF, ...config.backoff },
      maxRetryAfterMs: config.maxRetryAfterMs ?? 15 * 60_000,
      streamIdleTimeoutMs: config.streamIdleTimeoutMs ?? 45_000,
      requestTimeoutMs: config.requestTimeoutMs ?? 10_000,
      jwksMinIntervalMs: config.jwksMinIntervalMs ?? 60_000,
      clockToleranceSec: config.clockToleranceSec ?? 5,
      fetch: config.fetch ?? ((input, init) => fetch(input, init)),
      now: config.now ?? Date.now,
      random: config.random ?? Math.random,
    };
    if (!['poll', 'stream', 'both'].includes(this.options.mode)) throw new Error(`mode must be poll, stream or both, not ${String(this.options.mode)}`);
  }

  /** Restores persisted state, then starts polling and/or streaming. Resolves once restored, not at the first answer. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.lifecycle = new AbortController();
    await this.restore();
    const { mode } = this.options;
    if (mode === 'poll' || mode === 'both') this.schedulePoll(0);
    else this.schedulePoll(this.nextPollDelay());
    if (mode === 'stream' || mode === 'both') this.streamLoopDone = this.streamLoop();
    if (this.mark && this.ackedRev < this.mark.rev) this.acknowledge(this.mark.rev);
  }

  /** Stops every loop and timer and closes the stream; state already applied stays. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopped = true;
    this.started = false;
    this.lifecycle.abort(new Error('device client stopped'));
    for (const timer of [this.pollTimer, this.ackTimer, this.expiryTimer]) clearTimeout(timer);
    await this.streamLoopDone;
    await this.offers.catch(() => undefined);
    await this.saves;
  }

  /** The effective on/off of an integration now; false for one no verified snapshot mentions. */
  isEnabled(key: string): boolean {
    return this.flags()[key] ?? false;
  }

  /** Every integration's effective on/off now (fail modes applied past `exp`). */
  flags(): Record<string, boolean> {
    return effectiveFlags(this.held, this.options.now(), this.options.clockToleranceSec);
  }

  /** What the device holds. */
  status(): { rev?: number; iat?: number; exp?: number; kid?: string; expired: boolean; ackedRev?: number; streamConnected: boolean; trustedKids: string[] } {
    const held = this.held;
    return {
      rev: this.mark?.rev,
      iat: this.mark?.iat,
      exp: held?.exp,
      kid: held?.kid,
      expired: held ? isExpired(held, this.options.now(), this.options.clockToleranceSec) : true,
      ackedRev: this.ackedRev >= 0 ? this.ackedRev : undefined,
      streamConnected: this.streamConnected,
      trustedKids: this.trust?.kids ?? [],
    };
  }

  /** One poll now (the loop calls this too). Throws DeviceHttpError on other statuses, and on network errors. */
  async poll(): Promise<PollResult> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.credential}`, accept: 'application/json' };
    if (this.etag) headers['if-none-match'] = this.etag;
    const response = await this.request('/v1/device/flags', { headers });
    if (response.status === 304) {
      await response.body?.cancel();
      this.emit({ type: 'unchanged', source: 'not-modified', rev: this.mark?.rev });
      return { status: 304 };
    }
    if (response.status !== 200) throw await this.httpError(response, 'GET /v1/device/flags');
    const etag = response.headers.get('etag') ?? undefined;
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    return { status: 200, offer: await this.offer(body, 'poll', etag) };
  }

  /**
   * Verifies an answer and applies it if it is newer: what a poll or a stream
   * event does, exposed for answers that arrive another way. Offers are
   * applied one at a time, in the order given.
   */
  offer(body: unknown, source: AnswerSource = 'offer', etag?: string): Promise<OfferResult> {
    const next = this.offers.then(() => this.apply(body, source, etag));
    this.offers = next.catch(() => undefined);
    return next;
  }

  private async apply(body: unknown, source: AnswerSource, etag: string | undefined): Promise<OfferResult> {
    const trust = await this.trustStore();
    let verified: VerifiedSnapshot;
    try {
      verified = await verifyFlagsBody(body, trust, {
        deviceId: this.options.deviceId,
        issuer: this.options.issuer,
        now: this.options.now(),
        clockToleranceSec: this.options.clockToleranceSec,
        onUnknownKid: () => this.refreshKeys(),
      });
    } catch (error) {
      if (!(error instanceof SnapshotRefused)) throw error;
      return this.refuse(source, error);
    }
    const verdict = compareRevision(this.mark, verified, this.held?.jws === verified.jws);
    if (verdict === 'rollback') {
      const held = this.mark as RevisionMark;
      return this.refuse(
        source,
        new SnapshotRefused('rollback', `rev ${verified.rev} (iat ${verified.iat}) is not newer than rev ${held.rev} (iat ${held.iat})`),
      );
    }
    if (verdict === 'same') {
      if (etag) this.etag = etag;
      this.emit({ type: 'unchanged', source, rev: verified.rev });
      return { result: 'unchanged', rev: verified.rev };
    }
    this.held = verified;
    this.mark = { rev: verified.rev, iat: verified.iat };
    // A stream event carries no ETag: the next poll fetches the answer once more to learn it.
    this.etag = etag;
    this.scheduleExpiry();
    this.persist();
    this.emit({ type: 'applied', source, rev: verified.rev, iat: verified.iat, verdict });
    this.notifyChange(source);
    if (verdict === 'newer') this.acknowledge(verified.rev);
    return { result: 'applied', verdict, rev: verified.rev };
  }

  private refuse(source: AnswerSource, error: SnapshotRefused): OfferResult {
    this.emit({ type: 'refused', source, reason: error.reason, message: error.message });
    return { result: 'refused', reason: error.reason, message: error.message };
  }

  // ---- keys ----

  private async trustStore(): Promise<TrustStore> {
    this.trust ??= await TrustStore.create(this.options.pinnedJwks);
    return this.trust;
  }

  /** Fetches the JWKS (at most once per jwksMinIntervalMs) and trusts the keys endorsed through trusted ones. */
  private async refreshKeys(): Promise<void> {
    const now = this.options.now();
    if (now - this.lastJwksFetch < this.options.jwksMinIntervalMs) return;
    this.lastJwksFetch = now;
    try {
      const response = await this.request('/.well-known/jwks.json', { headers: { accept: 'application/json' } });
      if (response.status !== 200) throw await this.httpError(response, 'GET /.well-known/jwks.json');
      const added = await (await this.trustStore()).learn((await response.json()) as DeviceJwks);
      if (added.length > 0) {
        this.emit({ type: 'keys-learned', kids: added });
        this.persist();
      }
    } catch (error) {
      this.emit({ type: 'error', what: 'jwks', message: messageOf(error) });
    }
  }

  // ---- polling ----

  private schedulePoll(delayMs: number): void {
    clearTimeout(this.pollTimer);
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => void this.pollCycle(), Math.min(delayMs, MAX_TIMER_MS));
  }

  private async pollCycle(): Promise<void> {
    let delay: number;
    try {
      await this.poll();
      this.pollFailures = 0;
      delay = this.nextPollDelay();
    } catch (error) {
      if (this.stopped) return;
      this.pollFailures += 1;
      delay = this.retryDelay(error, this.pollFailures);
      this.emit({ type: 'retry', what: 'poll', delayMs: delay, status: statusOf(error), message: messageOf(error) });
    }
    this.schedulePoll(delay);
  }

  /** The poll interval (stream mode: a quarter lifetime), never more than a quarter of the snapshot lifetime, jittered. */
  private nextPollDelay(): number {
    const quarterLife = this.held ? ((this.held.exp - this.held.iat) * 1000) / 4 : undefined;
    const interval =
      this.options.mode === 'stream' ? (quarterLife ?? this.options.pollIntervalMs) : Math.min(this.options.pollIntervalMs, quarterLife ?? Infinity);
    return jittered(interval, this.options.pollJitter, this.options.random);
  }

  private retryDelay(error: unknown, failures: number): number {
    if (error instanceof DeviceHttpError && error.retryAfterMs !== undefined) return error.retryAfterMs;
    return backoffDelay(failures, this.options.backoff, this.options.random);
  }

  // ---- the stream ----

  private async streamLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let delay: number;
      const openedAt: { at?: number } = {};
      try {
        await this.streamOnce(openedAt);
        failures = openedAt.at !== undefined && this.options.now() - openedAt.at >= STABLE_STREAM_MS ? 1 : failures + 1;
        delay = backoffDelay(failures, this.options.backoff, this.options.random);
        this.emit({ type: 'stream-closed', message: undefined });
      } catch (error) {
        if (this.stopped) break;
        // A connection that held for a while was healthy: start the backoff over.
        failures = openedAt.at !== undefined && this.options.now() - openedAt.at >= STABLE_STREAM_MS ? 1 : failures + 1;
        delay = this.retryDelay(error, failures);
        if (openedAt.at !== undefined) this.emit({ type: 'stream-closed', message: messageOf(error) });
        this.emit({ type: 'retry', what: 'stream', delayMs: delay, status: statusOf(error), message: messageOf(error) });
      }
      await this.sleep(delay);
    }
  }

  /** One connection: returns when the server ends the stream; throws on a refused connection, a network error or silence. */
  private async streamOnce(openedAt: { at?: number }): Promise<void> {
    const connection = new AbortController();
    const abort = () => connection.abort(new Error('device client stopped'));
    this.lifecycle.signal.addEventListener('abort', abort, { once: true });
    let idle: NodeJS.Timeout | undefined;
    const resetIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => connection.abort(new Error(`no data for ${this.options.streamIdleTimeoutMs} ms`)), this.options.streamIdleTimeoutMs);
    };
    try {
      const lastEventId = this.mark ? String(this.mark.rev) : undefined;
      const headers: Record<string, string> = { authorization: `Bearer ${this.options.credential}`, accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      resetIdle();
      const response = await this.options.fetch(`${this.options.baseUrl}/v1/device/events`, { headers, signal: connection.signal });
      if (response.status !== 200 || !response.body) throw await this.httpError(response, 'GET /v1/device/events');
      openedAt.at = this.options.now();
      this.streamConnected = true;
      this.emit({ type: 'stream-open', lastEventId });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parser = new SseParser();
      const events: SseEvent[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        resetIdle();
        parser.feed(decoder.decode(value, { stream: true }), (event) => events.push(event));
        for (const event of events.splice(0)) {
          if (event.event !== 'flags') continue;
          let body: unknown;
          try {
            body = JSON.parse(event.data);
          } catch {
            body = undefined;
          }
          await this.offer(body, 'stream');
        }
      }
    } catch (error) {
      throw connection.signal.aborted && !this.stopped ? (connection.signal.reason ?? error) : error;
    } finally {
      clearTimeout(idle);
      this.streamConnected = false;
      this.lifecycle.signal.removeEventListener('abort', abort);
      connection.abort();
    }
  }

  // ---- acknowledgements ----

  /** Acknowledges `rev` (and everything below it); one request at a time, retried with backoff. */
  private acknowledge(rev: number): void {
    if (rev <= this.ackedRev) return;
    this.pendingAck = Math.max(this.pendingAck, rev);
    if (!this.acking) void this.sendAcks();
  }

  private async sendAcks(): Promise<void> {
    this.acking = true;
    try {
      while (!this.stopped && this.pendingAck > this.ackedRev) {
        const rev = this.pendingAck;
        try {
          const response = await this.request('/v1/device/acks', {
            method: 'POST',
            headers: { authorization: `Bearer ${this.options.credential}`, 'content-type': 'application/json' },
            body: JSON.stringify({ rev }),
          });
          if (response.status === 409) {
            // The server has not reached this rev: nothing we can fix by retrying now.
            this.pendingAck = this.ackedRev;
            this.emit({ type: 'ack-failed', rev, message: (await this.httpError(response, 'POST /v1/device/acks')).message });
            return;
          }
          if (response.status !== 200) throw await this.httpError(response, 'POST /v1/device/acks');
          await response.body?.cancel();
          this.ackedRev = Math.max(this.ackedRev, rev);
          this.ackFailures = 0;
          this.persist();
          this.emit({ type: 'acked', rev });
        } catch (error) {
          if (this.stopped) return;
          this.ackFailures += 1;
          const delay = this.retryDelay(error, this.ackFailures);
          this.emit({ type: 'retry', what: 'ack', delayMs: delay, status: statusOf(error), message: messageOf(error) });
          clearTimeout(this.ackTimer);
          this.ackTimer = setTimeout(() => void this.sendAcks(), delay);
          return;
        }
      }
    } finally {
      this.acking = false;
    }
  }

  // ---- expiry, change notices, persistence ----

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    const held = this.held;
    if (!held || this.stopped) return;
    const delay = (held.exp + this.options.clockToleranceSec) * 1000 - this.options.now();
    if (delay <= 0) return;
    this.expiryTimer = setTimeout(
      () => {
        if (this.held !== held) return;
        if (!isExpired(held, this.options.now(), this.options.clockToleranceSec)) return this.scheduleExpiry();
        this.emit({ type: 'expired', rev: held.rev });
        this.notifyChange('expiry');
      },
      Math.min(delay + 1, MAX_TIMER_MS),
    );
  }

  private notifyChange(source: FlagsChange['source']): void {
    const flags = this.flags();
    if (sameJson(flags, this.notified)) return;
    const previous = this.notified;
    this.notified = flags;
    this.config.onChange?.({ flags, previous, rev: this.mark?.rev, source });
  }

  private async restore(): Promise<void> {
    const trust = await this.trustStore();
    let state: DeviceClientState | undefined;
    try {
      state = (await this.config.store?.load()) ?? undefined;
    } catch (error) {
      this.emit({ type: 'error', what: 'state', message: messageOf(error) });
    }
    if (!state || state.deviceId !== this.options.deviceId) return;
    if (state.learnedKeys?.length) await trust.learn({ keys: state.learnedKeys });
    if (Number.isSafeInteger(state.rev) && typeof state.iat === 'number') this.mark = { rev: state.rev as number, iat: state.iat };
    if (Number.isSafeInteger(state.ackedRev)) this.ackedRev = state.ackedRev as number;
    if (state.snapshot && this.mark) {
      try {
        const held = await verifySnapshotJws(state.snapshot, trust, {
          deviceId: this.options.deviceId,
          issuer: this.options.issuer,
          now: this.options.now(),
          allowExpired: true,
        });
        // The rollback mark is the source of truth; a snapshot that does not match it is not used.
        if (held.rev === this.mark.rev && held.iat === this.mark.iat) this.held = held;
      } catch (error) {
        this.emit({ type: 'error', what: 'state', message: `the persisted snapshot does not verify: ${messageOf(error)}` });
      }
    }
    this.scheduleExpiry();
    this.notifyChange('restore');
  }

  /** Saves the state (serialised: the last save wins). */
  private persist(): void {
    const store = this.config.store;
    if (!store) return;
    const state: DeviceClientState = {
      version: 1,
      deviceId: this.options.deviceId,
      ...(this.mark ? { rev: this.mark.rev, iat: this.mark.iat } : {}),
      ...(this.held ? { snapshot: this.held.jws } : {}),
      ...(this.ackedRev >= 0 ? { ackedRev: this.ackedRev } : {}),
      learnedKeys: this.trust?.learnedKeys() ?? [],
    };
    this.saves = this.saves.then(() => store.save(state)).catch((error: unknown) => this.emit({ type: 'error', what: 'state', message: messageOf(error) }));
  }

  // ---- plumbing ----

  private async request(path: string, init: RequestInit): Promise<Response> {
    const signal = AbortSignal.any([this.lifecycle.signal, AbortSignal.timeout(this.options.requestTimeoutMs)]);
    return this.options.fetch(`${this.options.baseUrl}${path}`, { ...init, signal });
  }

  private async httpError(response: Response, what: string): Promise<DeviceHttpError> {
    let detail = '';
    try {
      const text = await response.text();
      const body = JSON.parse(text) as { message?: string };
      detail = body.message ? `: ${body.message}` : '';
    } catch {
      // not JSON: the status says enough
    }
    const retryAfter =
      response.status === 429 || response.status === 503
        ? parseRetryAfter(response.headers.get('retry-after'), this.options.now(), this.options.maxRetryAfterMs)
        : undefined;
    return new DeviceHttpError(response.status, retryAfter, `${what} answered ${response.status}${detail}`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.lifecycle.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, MAX_TIMER_MS));
      this.lifecycle.signal.addEventListener('abort', done, { once: true });
    });
  }

  private emit(event: ClientEvent): void {
    try {
      this.config.onEvent?.(event);
    } catch {
      // a listener's bug must not stop the device
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof DeviceHttpError ? error.status : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
  return String(error);
}
