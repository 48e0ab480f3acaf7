import type { IncomingMessage } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StrictValidationPipe, jsonBodyParser, sendErrorReply } from '@killswitch/http';
import { DeviceCredentialCache, DevicePrincipal, RefusalLimiter, addressKey, credentialKeyOfDigest } from '@killswitch/identity';
import { AckResult, AcksService } from '@killswitch/revocations';
import { Done, promised } from '@killswitch/db';
import { DeviceSightings } from './device-sightings';
import { AckDto } from './dto/inventory.dto';

export const ACKS_PATH = '/v1/device/acks';

/** The content types Fastify's JSON parser takes that the fast paths read themselves; any other goes the usual way. */
export const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

/**
 * What the early answer on Node's request event (AckFastPath) read of an ack it
 * then handed on to Fastify: the device it admitted, the body (the request
 * stream is spent), and the error the ack met, if that is why. take() answers
 * such a request whatever it holds, as the route would have.
 */
export interface EarlyRead {
  principal: DevicePrincipal;
  /** As it arrived: the JSON parser decodes it (and refuses one that is not UTF-8). */
  body: Buffer;
  error?: unknown;
}

const earlyReads = new WeakMap<IncomingMessage, EarlyRead>();

/** Hands an ack the early answer read to take() (see EarlyRead). */
export function handOnEarlyRead(raw: IncomingMessage, read: EarlyRead): void {
  earlyReads.set(raw, read);
}

/**
 * POST /v1/device/acks for the acks a fleet sends after every kill, off Nest's
 * per-request machinery (the logger middleware and its async context, the
 * guard, the validation pipe's class-transformer and class-validator walk),
 * which cost more than the ack itself. It answers from an onRequest hook
 * (installAckFastPath) the requests whose outcome it can decide exactly as the
 * route does: a device credential already in memory, not held back by the
 * refusal limiter, and a JSON body of a stated length within the body limit.
 * Everything else (no or another credential, one not in memory, a limited
 * caller, a chunked, missing, oversized or non-JSON body) goes on to the Nest
 * route (DeviceController.ack), which stays the contract and the OpenAPI entry.
 *
 * Same answers: the body goes through the API's own JSON parser (depth limit,
 * prototype poisoning, lone surrogates and content-encoded bodies refused); a
 * body other than exactly { rev: <safe non-negative integer> } is handed to the
 * global validation pipe, so a wrong one gets the very error the route gives;
 * errors are sent as the exception filter sends them (error body, Retry-After
 * on a 503 "busy, retry").
 */
@Injectable()
export class AckRoute {
  private readonly logger = new Logger('http');
  private readonly pipe = new StrictValidationPipe();
  private readonly bodyLimit: number;
  private readonly parse: ReturnType<typeof jsonBodyParser>;

  constructor(
    adapterHost: HttpAdapterHost,
    private readonly devices: DeviceCredentialCache,
    private readonly limiter: RefusalLimiter,
    private readonly acks: AcksService,
    private readonly sightings: DeviceSightings,
  ) {
    const fastify = adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.bodyLimit = fastify.initialConfig.bodyLimit ?? 1024 * 1024;
    this.parse = jsonBodyParser(fastify);
  }

  /** True when this request was taken (its reply is sent here); false: let it go on to the Nest route. */
  take(request: FastifyRequest, reply: FastifyReply): boolean {
    const early = earlyReads.get(request.raw);
    if (early) {
      void reply.header('x-request-id', request.id);
      if (early.error !== undefined) this.fail(request, reply, early.error);
      else this.answer(request, reply, early.principal, early.body);
      return true;
    }
    const { headers } = request;
    const type = headers['content-type'];
    if (type === undefined || !JSON_TYPES.has(type.toLowerCase())) return false;
    const length = headers['content-length'];
    if (length === undefined || headers['transfer-encoding'] !== undefined || !/^\d{1,9}$/.test(length)) return false;
    if (Number(length) === 0 || Number(length) > this.bodyLimit) return false;
    const principal = this.admit(headers.authorization, request.ip);
    if (!principal) return false;
    void reply.header('x-request-id', request.id);
    this.readBody(request, (error, raw) => {
      if (error) return this.fail(request, reply, error);
      this.answer(request, reply, principal, raw);
    });
    return true;
  }

  /**
   * The device principal of an Authorization header whose credential is in
   * memory and whose caller the refusal limiter (keyed as the guard keys it)
   * does not hold back, vouched for as the guard does. Undefined: the route
   * decides (401, 403, 429, or a credential read from the database).
   */
  admit(authorization: string | undefined, address: string): DevicePrincipal | undefined {
    const digest = this.devices.digestOfHeader(authorization);
    const principal = digest && this.devices.principalOfDigest(digest);
    if (!principal) return undefined;
    // The guard's key of this credential (credentialKey), from the digest the look-up made.
    const credential = credentialKeyOfDigest(digest);
    if (this.limiter.retryAfterFor(credential, addressKey(address)) !== undefined) return undefined;
    this.limiter.vouch(credential);
    return principal;
  }

  /**
   * The device's ack of `rev` written (in the next batch), and the device seen; `done` is called once. The one
   * form, by callback, as the early answer calls it (no promise an ack); this route's own answer takes it as a promise.
   */
  recordWith(principal: DevicePrincipal, rev: number, done: Done<AckResult>): void {
    this.sightings.seen(principal.deviceId);
    this.acks.ackWith(principal.deviceId, rev, done);
  }

  private answer(request: FastifyRequest, reply: FastifyReply, principal: DevicePrincipal, raw: Buffer): void {
    this.parse(request, raw, (parseError, body) => {
      if (parseError) return this.fail(request, reply, parseError);
      this.ack(reply, principal, body).catch((ackError: unknown) => this.fail(request, reply, ackError));
    });
  }

  private async ack(reply: FastifyReply, principal: DevicePrincipal, body: unknown): Promise<void> {
    const rev = isPlainAck(body) ? body.rev : ((await this.pipe.transform(body, { type: 'body', metatype: AckDto })) as AckDto).rev;
    const result = await promised<AckResult>((done) => this.recordWith(principal, rev, done));
    void reply.code(200).send(result);
  }

  private readBody(request: FastifyRequest, done: (error: Error | null, raw: Buffer) => void): void {
    const chunks: Buffer[] = [];
    request.raw
      .on('data', (chunk: Buffer) => chunks.push(chunk))
      .once('end', () => done(null, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)))
      .once('error', (error) => done(error, Buffer.alloc(0)));
  }

  private fail(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
    sendErrorReply(error, request, reply, this.logger);
  }
}

/** Exactly { rev } with a safe non-negative integer: what AckDto's checks accept, decided without them. */
function isPlainAck(body: unknown): body is { rev: number } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  const rev = (body as { rev?: unknown }).rev;
  return keys.length === 1 && keys[0] === 'rev' && typeof rev === 'number' && Number.isSafeInteger(rev) && rev >= 0;
}

/**
 * Answers device acks from an onRequest hook, ahead of every middleware (as
 * installPollFastPath does for polls). Call before Nest registers its
 * middleware; bind the AckRoute once the application exists. Until bound, and
 * for the requests AckRoute does not take, acks go on to the Nest route.
 */
export function installAckFastPath(fastify: FastifyInstance): { bind(route: AckRoute): void } {
  let route: AckRoute | undefined;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (route && request.method === 'POST' && request.routeOptions.url === ACKS_PATH && route.take(request, reply)) return;
    done();
  });
  return { bind: (bound) => (route = bound) };
}
