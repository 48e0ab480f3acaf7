import type { IncomingMessage } from 'node:http';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, requestIdOf, streamOpened, toErrorBody } from '@killswitch/http';
import {
  CredentialResolver,
  DeviceCredentialCache,
  DevicePrincipal,
  RefusalLimiter,
  SECRET_PREFIX,
  TooManyRefusals,
  addressKey,
  bearerOf,
  credentialKey,
  credentialKeyOfDigest,
  digestOfSecret,
} from '@killswitch/identity';
import { etagMatches } from './etag';
import { pollAnswerHeaders } from './poll-answer-headers';
import { DeviceFactsCache } from './device-facts-cache';
import { DeviceSightings } from './device-sightings';
import { DeviceStreams } from './device-streams';
import { FlagsAnswer, FlagsService } from './flags.service';

export const POLL_PATH = '/v1/device/flags';
export const EVENTS_PATH = '/v1/device/events';

const earlyErrors = new WeakMap<IncomingMessage, unknown>();

/**
 * Hands a poll the early answer on Node's request event (PollFastPath) took and
 * could not answer to the route, with the error it met: the route answers it
 * with that error, through Fastify, as it answers its own (one error mapping,
 * the same status, headers and body), without reading the database again.
 */
export function handOnEarlyError(raw: IncomingMessage, error: unknown): void {
  earlyErrors.set(raw, error);
}

/** No Last-Event-ID: -1, so the current answer is always sent on connect. */
function parseLastEventId(header: string | string[] | undefined): bigint {
  if (header === undefined) return -1n;
  const value = Array.isArray(header) ? header[0] : header;
  if (!/^\d{1,19}$/.test(value)) throw new AppError('invalid_input', 'Last-Event-ID must be a revision number');
  return BigInt(value);
}

/**
 * GET /v1/device/flags, the hot path, as a plain Fastify route: a fleet polls
 * it tens of thousands of times a second, and Nest's per-request machinery
 * (guards, pipes, interceptors, the logger middleware) costs more than the
 * work itself. It keeps the same contract: device credential only (checked in
 * memory), the same error body, and it is listed in the OpenAPI document by
 * hand (create-api-app.ts). createApiApp answers it earlier still
 * (PollFastPath): on Node's request event, before Fastify, when the poll
 * carries a device credential (from memory, or once coldAnswer has read it,
 * its errors handed back here), and otherwise from an onRequest hook
 * installed before Nest's middleware engine, so a poll skips the request
 * logger middleware and its async context too.
 *
 * Both routes answer to the refusal limiter as the guard does, keyed the
 * same way: a caller refused (401 for no, a wrong or a revoked credential,
 * counted per address; 403 for another kind of credential, counted per
 * credential) REFUSAL_LIMIT times in the window is answered 429 with
 * Retry-After before any database work. A device credential this instance
 * holds in memory authenticated here and was not revoked since: that vouches
 * for it (as vouch() does for the guard), so an address held back for someone
 * else's bad credentials does not hold it back, and its poll costs the limiter
 * one comparison (credentialsMayBeHeldBack) unless a credential is over its own
 * limit. A credential read from the database is vouched for as the guard does.
 */
@Injectable()
export class PollRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly devices: DeviceCredentialCache,
    private readonly resolver: CredentialResolver,
    private readonly flags: FlagsService,
    private readonly streams: DeviceStreams,
    private readonly sightings: DeviceSightings,
    private readonly facts: DeviceFactsCache,
    private readonly limiter: RefusalLimiter,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get(POLL_PATH, (request, reply) => this.handle(request, reply));
    fastify.get(EVENTS_PATH, (request, reply) => this.openStream(request, reply));
  }

  /** GET /v1/device/events: server-sent events, each the same body as a poll, resumable with Last-Event-ID. */
  private async openStream(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let device: DevicePrincipal;
    let lastEventId: bigint;
    try {
      device = await this.authenticate(request.headers.authorization, request.ip);
      lastEventId = parseLastEventId(request.headers['last-event-id']);
    } catch (error) {
      return this.fail(request, reply, error);
    }
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'private, no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    reply.raw.write(': connected\n\n');
    // No await since the credential check: a revocation notice cannot slip in before the stream is registered.
    this.sightings.seen(device.deviceId);
    await this.streams.attach(device.deviceId, device.credentialId, reply.raw, lastEventId);
    streamOpened(reply.raw);
  }

  /**
   * Synchronous when the device's credential and answer are in memory (the
   * usual case): no promise, no async context, on the path a fleet hammers.
   */
  handle(request: FastifyRequest, reply: FastifyReply): void | Promise<void> {
    if (earlyErrors.has(request.raw)) return this.fail(request, reply, earlyErrors.get(request.raw));
    try {
      const found = this.fromMemory(request.headers.authorization);
      if (found === undefined || Buffer.isBuffer(found)) return this.slowPath(request, reply, found);
      this.send(request, reply, found);
    } catch (error) {
      this.fail(request, reply, error);
    }
  }

  /**
   * The device's answer when its credential and answer are both in memory, and
   * the sighting recorded. Otherwise the slow path (coldAnswer) decides: given
   * the SHA-256 digest of a device credential (a cold device, a wrong or revoked
   * credential), so its token is not hashed again; undefined for no credential
   * or another kind. Throws TooManyRefusals for a credential over its own refusal limit.
   */
  fromMemory(authorization: string | undefined): FlagsAnswer | Buffer | undefined {
    const found = this.devices.deviceIdOrDigestFromHeader(authorization);
    if (typeof found !== 'string') return found;
    // The facts are looked up once, for both the answer and the sighting.
    const facts = this.facts.peek(found);
    // The credential is in memory, the facts not (out of date, or evicted): rare enough to hash the token again.
    if (!facts) return this.devices.digestOfHeader(authorization);
    const now = Date.now();
    // Vouched for by being in memory: only its own limit can hold it back, and while no credential is over one, that is one comparison.
    if (this.limiter.credentialsMayBeHeldBack(now)) this.holdBackKnown(authorization);
    const answer = this.flags.answerFromFacts(facts, now);
    this.sightings.seenWithFacts(facts, now);
    return answer;
  }

  /**
   * The answer of a poll fromMemory() could not give: the refusal limiter asked (before any database work), the
   * credential checked (a cold device's credential and facts read in one statement), the answer computed and the
   * sighting recorded. Rejects with the error the route answers (401, 403, 429, 503...). `digest`: the SHA-256 of
   * the header's device credential, when fromMemory made it; `address`: the caller's, as the limiter keys it.
   */
  coldAnswer(authorization: string | undefined, digest: Buffer | undefined, address: string): Promise<FlagsAnswer> {
    if (digest === undefined) return this.deviceCredentialDigest(authorization, address).then((made) => this.coldAnswer(authorization, made, address));
    // Chained on the credential's read, with no async function of its own around it: then the answer.
    return this.admit(digest, address).then((principal) => this.answerOf(principal));
  }

  /**
   * The principal of a device credential's digest, from memory or the database, unless the refusal limiter holds this
   * credential back (a rejection with TooManyRefusals); vouched for when it is live, as the guard does. A device
   * credential is never held back for its address's count, on the poll and the event stream: that count would hold
   * back from the kill path every device sharing the address (a carrier NAT, a load balancer without TRUST_PROXY)
   * because of someone else's bad credentials, after a restart every one of them. A flood of bad device credentials
   * costs one indexed, batched read each; everything else from that address (no credential, other credentials) waits.
   */
  private admit(digest: Buffer, address: string): Promise<DevicePrincipal | undefined> {
    const credential = credentialKeyOfDigest(digest);
    try {
      this.limiter.holdBack(credential, addressKey(address), true);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.devices.resolveDigest(digest).then((principal) => {
      if (principal) this.limiter.vouch(credential);
      return principal;
    });
  }

  /** A poll by a credential in memory while some credential is over its limit: throws TooManyRefusals if it is this one (its token hashed again: rare). */
  private holdBackKnown(authorization: string | undefined): void {
    const digest = this.devices.digestOfHeader(authorization);
    const retryAfter = digest && this.limiter.retryAfterSec([credentialKeyOfDigest(digest)]);
    if (retryAfter !== undefined) throw new TooManyRefusals(retryAfter);
  }

  /** coldAnswer() once the credential is read: its device's answer, its sighting recorded; throws for no principal. */
  private answerOf(principal: DevicePrincipal | undefined): FlagsAnswer | Promise<FlagsAnswer> {
    if (!principal) throw invalidCredential();
    const deviceId = principal.deviceId;
    // A first poll's facts came with its credential (DeviceFactsCache.remember): its answer needs no read of its own.
    const cached = this.flags.cachedAnswer(deviceId);
    if (cached) {
      this.sightings.seen(deviceId);
      return cached;
    }
    return this.flags.answer(deviceId).then((answer) => {
      if (!answer) throw new AppError('unauthenticated', 'this device is decommissioned');
      this.sightings.seen(deviceId);
      return answer;
    });
  }

  private async slowPath(request: FastifyRequest, reply: FastifyReply, digest: Buffer | undefined): Promise<void> {
    try {
      this.send(request, reply, await this.coldAnswer(request.headers.authorization, digest, request.ip));
    } catch (error) {
      this.fail(request, reply, error);
    }
  }

  private send(request: FastifyRequest, reply: FastifyReply, answer: FlagsAnswer): void {
    const requestId = requestIdOf(request.raw);
    if (etagMatches(request.headers['if-none-match'], answer.etag)) {
      void reply.code(304).headers(pollAnswerHeaders(answer.etag, requestId)).send();
      return;
    }
    const body = answer.body;
    void reply.headers(pollAnswerHeaders(answer.etag, requestId, body)).send(body);
  }

  /** Answers the error (with Retry-After for a 429), and counts a refusal against its caller as the guard does. */
  private fail(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
    const header = request.headers.authorization;
    this.limiter.countRefusal(error, addressKey(request.ip), () => (header === undefined ? undefined : credentialKey(header)));
    const body = toErrorBody(error, requestIdOf(request.raw));
    if (error instanceof TooManyRefusals) void reply.header('retry-after', String(error.retryAfterSec));
    // As every other route's error (the API's onRequest hook, which a poll answered from its own hook never reaches).
    void reply.header('x-request-id', body.requestId);
    void reply.code(body.statusCode).send(body);
  }

  private async authenticate(header: string | undefined, address: string): Promise<DevicePrincipal> {
    const principal = await this.admit(await this.deviceCredentialDigest(header, address), address);
    if (principal) return principal;
    throw invalidCredential();
  }

  /**
   * The digest of the header's device credential; 401 without a credential, 403 for a valid one of another kind,
   * 429 (before that one is read) for a caller the refusal limiter holds back.
   */
  private async deviceCredentialDigest(header: string | undefined, address: string): Promise<Buffer> {
    const token = bearerOf(header);
    if (!token) {
      this.limiter.holdBack(undefined, addressKey(address));
      throw new AppError('unauthenticated', 'send a credential: Authorization: Bearer <token>');
    }
    if (token.startsWith(SECRET_PREFIX.device)) return digestOfSecret(token);
    this.limiter.holdBack(credentialKey(token), addressKey(address));
    if (await this.resolver.resolve(token)) throw new AppError('forbidden', 'this route takes a device credential');
    throw invalidCredential();
  }
}

function invalidCredential(): AppError {
  return new AppError('unauthenticated', 'the credential is invalid, expired or revoked');
}
