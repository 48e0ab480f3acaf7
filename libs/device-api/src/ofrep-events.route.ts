import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PrismaService } from '@killswitch/db';
import { AppError, requestIdOf, streamOpened, toErrorBody } from '@killswitch/http';
import { RefusalLimiter, TooManyRefusals, addressKey, credentialKeyOfDigest } from '@killswitch/identity';
import { HeldConfig, OfrepStreams } from './ofrep-streams';
import { parseStreamToken, verifyStreamToken } from './ofrep-stream-token';

export const OFREP_EVENTS_PATH = '/v1/device/ofrep-events';
const QUERY_KEYS = new Set(['token', 'flagConfigEtag', 'flagConfigLastModified']);
const ETAG = /^(W\/)?"?([\w-]{1,64})"?$/;

/**
 * GET /v1/device/ofrep-events?token=…: the OFREP event stream that a device's
 * bulk evaluation names in `eventStreams`. A plain Fastify route like the
 * device stream (it is held open and answers outside Nest's lifecycle). The
 * token in the URL, not a header, authenticates it: browsers' EventSource
 * sends none. The URL also carries the flagConfigEtag of the answer it came
 * with, so a change between that answer and the connection is caught up.
 *
 * It answers to the refusal limiter as the device poll and event stream do
 * (poll.route.ts), keyed the same way: every refusal here is a 401 (no token,
 * a malformed, forged or expired one, or one whose credential was rotated),
 * counted against the caller's address, and an address over the limit is
 * answered 429 with Retry-After before any database or crypto work. But for a
 * well-formed token: it may be a device's, and as a device credential on the
 * poll it is never held back for its address's count (every device behind a
 * NAT or a load balancer would wait for someone else's bad tokens), only for
 * its credential's own, once read. A flood of forged well-formed tokens costs
 * one indexed read each; everything else from that address waits.
 */
@Injectable()
export class OfrepEventsRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly prisma: PrismaService,
    private readonly streams: OfrepStreams,
    private readonly limiter: RefusalLimiter,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get(OFREP_EVENTS_PATH, (request, reply) => this.open(request, reply));
  }

  private async open(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let opened: { deviceId: string; credentialId: string; held: HeldConfig };
    try {
      const query = readQuery(request.query, request.headers['last-event-id']);
      opened = { ...(await this.authenticate(query.token, request.ip)), held: query.held };
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
    await this.streams.attach(opened.deviceId, opened.credentialId, reply.raw, opened.held);
    // A rotation whose notice arrived while the credential was being read: its stream is caught here.
    const live = await this.prisma.deviceCredential.count({ where: { id: opened.credentialId, revokedAt: null } });
    if (live === 0) this.streams.endRevoked(opened.deviceId, null);
    streamOpened(reply.raw);
  }

  /**
   * The device and the live credential the token was made with, unless the refusal limiter holds the caller back
   * (429); 401 for anything else. Vouched for once read, as the poll vouches for a device credential.
   */
  private async authenticate(token: string | undefined, address: string): Promise<{ deviceId: string; credentialId: string }> {
    const claims = token === undefined ? undefined : parseStreamToken(token);
    if (!claims) {
      this.limiter.holdBack(undefined, addressKey(address));
      if (token === undefined) throw new AppError('unauthenticated', 'the stream URL needs its token: use the URL of a bulk evaluation’s eventStreams');
      throw new AppError('unauthenticated', 'the stream token is malformed');
    }
    const credentials = await this.prisma.deviceCredential.findMany({
      where: { deviceId: claims.deviceId, revokedAt: null, device: { decommissionedAt: null } },
      select: { id: true, hash: true },
    });
    const credential = credentials.find((candidate) => verifyStreamToken(claims, candidate.hash));
    if (!credential)
      throw new AppError('unauthenticated', 'the stream token is invalid, expired, or its credential was rotated: evaluate the flags again for a new URL');
    // Keyed as the poll and the guard key the credential itself (the stored hash is its SHA-256).
    const key = credentialKeyOfDigest(Buffer.from(credential.hash, 'hex'));
    this.limiter.holdBack(key, addressKey(address), true);
    this.limiter.vouch(key);
    return { deviceId: claims.deviceId, credentialId: credential.id };
  }

  /** Answers the error (with Retry-After for a 429); a 401 counts against the caller's address, as on the poll. */
  private fail(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
    this.limiter.countRefusal(error, addressKey(request.ip));
    const body = toErrorBody(error, requestIdOf(request.raw));
    if (error instanceof TooManyRefusals) void reply.header('retry-after', String(error.retryAfterSec));
    void reply.code(body.statusCode).send(body);
  }
}

function readQuery(query: unknown, lastEventId: string | string[] | undefined): { token?: string; held: HeldConfig } {
  const params = (query ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(params)) {
    if (!QUERY_KEYS.has(key)) throw new AppError('invalid_input', `unknown query parameter ${key}: only token, flagConfigEtag and flagConfigLastModified`);
    if (typeof params[key] !== 'string') throw new AppError('invalid_input', `${key} must be given once`);
  }
  const held: HeldConfig = {};
  // A reconnecting EventSource's Last-Event-ID names a later configuration than the URL's etag.
  const etag = lastEventId ?? (params.flagConfigEtag as string | undefined);
  if (etag !== undefined) {
    const match = typeof etag === 'string' ? ETAG.exec(etag) : null;
    if (!match) throw new AppError('invalid_input', 'flagConfigEtag (or Last-Event-ID) must be an ETag this server handed out');
    held.etag = `"${match[2]}"`;
  }
  if (params.flagConfigLastModified !== undefined) held.lastModified = parseLastModified(params.flagConfigLastModified as string);
  return { token: params.token as string | undefined, held };
}

/** Unix seconds, or an ISO 8601 date-time (ADR-0008 allows both). */
export function parseLastModified(value: string): number {
  if (/^\d{1,12}$/.test(value)) return Number(value);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) {
    return Math.floor(Date.parse(value) / 1000);
  }
  throw new AppError('invalid_input', 'flagConfigLastModified must be unix seconds or an ISO 8601 date-time');
}
