import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { AppError, OfrepErrorBody } from '@killswitch/http';
import { AuthenticatedRequest, DeviceContext, DeviceCtx, DeviceOnly, bearerOf, hashSecret } from '@killswitch/identity';
import { DeviceSightings } from './device-sightings';
import { etagMatches } from './etag';
import { OfrepBulkDocs, OfrepSingleDocs } from './ofrep.openapi';
import { AnsweredIntegrations, FlagsAnswer, FlagsService } from './flags.service';
import { OFREP_EVENTS_PATH, parseLastModified } from './ofrep-events.route';
import { issueStreamToken } from './ofrep-stream-token';
import { RulesCache } from './rules-cache';

/** How long an event stream URL may be used to connect (a connected stream lives as long as its credential). */
export const STREAM_TOKEN_LIFETIME_SEC = 600;
/** A refetch naming a configuration this instance does not hold reloads the rules at most this often. */
const FORCED_RELOAD_MS = 500;
const BULK_QUERY_KEYS = new Set(['flagConfigEtag', 'flagConfigLastModified']);

type Evaluation = {
  key: string;
  value: boolean;
  reason: 'DISABLED' | 'DEFAULT';
  variant: 'enabled' | 'disabled';
  metadata: Record<string, string | number | boolean>;
};
type Failure = OfrepErrorBody;
/** A refusal of the route's own, in OFREP's shape, and its status. */
type Refusal = Failure & { status: number };

/**
 * OpenFeature Remote Evaluation Protocol (open-feature/protocol service/openapi.yaml).
 * Flag key = integration key; value = whether the integration may run.
 * Only attributes the server holds are evaluated: the context is checked for
 * the targetingKey (it must be the calling device's id) and otherwise ignored.
 */
@ApiTags('ofrep')
@Controller('ofrep/v1/evaluate/flags')
export class OfrepController {
  private lastForcedReload = 0;

  constructor(
    private readonly flags: FlagsService,
    private readonly sightings: DeviceSightings,
    private readonly rules: RulesCache,
  ) {}

  @Post()
  @HttpCode(200)
  @OfrepBulkDocs() // its refusals too, in OFREP's shape
  @DeviceOnly({ documentRefusals: false })
  @ApiOperation({
    summary: 'OFREP bulk evaluation of every integration the device has linked, with ETag and an event stream (eventStreams)',
    description:
      'The answer names one `sse` event stream (OFREP ADR-0008) for this device alone: GET ' +
      OFREP_EVENTS_PATH +
      ' with a token bound to the device and its current credential. Query flagConfigEtag / flagConfigLastModified: what a refetchEvaluation event announced; an instance that does not hold it yet reloads its rules first.',
  })
  async bulk(
    @DeviceCtx() { principal }: DeviceContext,
    @Req() request: AuthenticatedRequest,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const announced = readAnnounced(request.query);
    if ('errorCode' in announced) return void reply.code(400).send(announced);
    const refusal = checkMediaType(request, body) ?? checkAnyRepresentation(request) ?? checkContext(body, principal.deviceId);
    if (refusal) return void reply.code(refusal.status).send({ errorCode: refusal.errorCode, errorDetails: refusal.errorDetails } satisfies Failure);
    this.sightings.seen(principal.deviceId);
    const answer = await this.currentAnswer(principal.deviceId, announced);
    if (!answer) throw new AppError('unauthenticated', 'this device is decommissioned');
    const flags = Object.entries(answer.integrations).map(([key]) => toEvaluation(key, answer.integrations, Number(answer.rev)));
    const credentialHash = hashSecret(bearerOf(request.headers.authorization) ?? '');
    const token = issueStreamToken(principal.deviceId, credentialHash, STREAM_TOKEN_LIFETIME_SEC);
    const requestUri = `${OFREP_EVENTS_PATH}?token=${token}&flagConfigEtag=${encodeURIComponent(answer.configTag)}`;
    const payload = JSON.stringify({ flags, eventStreams: [{ type: 'sse', endpoint: { requestUri } }] });
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
    void reply.header('etag', etag).header('cache-control', 'private, no-cache');
    // OFREP: a listed ETag that matches is a 304 (as for a GET; RFC 9110 would have 412 for a POST, but OFREP's providers expect 304).
    if (etagMatches(request.headers['if-none-match'], etag)) return void reply.code(304).send();
    void reply.header('content-type', 'application/json; charset=utf-8').send(payload);
  }

  /** The device's answer; when a refetch names a configuration other than this instance's, after a rules reload (it may lag). */
  private async currentAnswer(deviceId: string, announced: Announced): Promise<FlagsAnswer | undefined> {
    const answer = await this.flags.answer(deviceId);
    const behind =
      answer &&
      ((announced.etag !== undefined && announced.etag !== answer.configTag) ||
        (announced.lastModified !== undefined && announced.lastModified > answer.changedAt));
    if (!behind || Date.now() - this.lastForcedReload < FORCED_RELOAD_MS) return answer;
    this.lastForcedReload = Date.now();
    await this.rules.reload();
    return this.flags.answer(deviceId);
  }

  @Post(':key')
  @HttpCode(200)
  @OfrepSingleDocs()
  @DeviceOnly({ documentRefusals: false })
  @ApiOperation({ summary: 'OFREP single flag evaluation: a killed integration is value false, reason DISABLED' })
  async single(
    @DeviceCtx() { principal }: DeviceContext,
    @Param('key') key: string,
    @Req() request: AuthenticatedRequest,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const refusal = checkMediaType(request, body) ?? checkAnyRepresentation(request) ?? checkContext(body, principal.deviceId);
    if (refusal) return void reply.code(refusal.status).send({ key, errorCode: refusal.errorCode, errorDetails: refusal.errorDetails } satisfies Failure);
    const device = await this.flags.device(principal.deviceId);
    if (!device) throw new AppError('unauthenticated', 'this device is decommissioned');
    const answer = await this.flags.answer(principal.deviceId);
    const linked = answer?.integrations[key] !== undefined;
    if (!linked && !this.flags.knownIntegration(key)) {
      return void reply.code(404).send({ key, errorCode: 'FLAG_NOT_FOUND', errorDetails: `no integration ${key}` } satisfies Failure);
    }
    const integrations = linked ? answer!.integrations : this.flags.evaluateExtra(device, [key]);
    void reply
      .header('cache-control', 'private, no-cache')
      .header('content-type', 'application/json; charset=utf-8')
      .send({ ...toEvaluation(key, integrations, Number(answer?.rev ?? 0)), cacheable: false });
  }
}

type Announced = { etag?: string; lastModified?: number };

/** flagConfigEtag / flagConfigLastModified (ADR-0008); any other query parameter is refused. */
function readAnnounced(query: unknown): Announced | Failure {
  const params = (query ?? {}) as Record<string, unknown>;
  const announced: Announced = {};
  for (const [key, value] of Object.entries(params)) {
    if (!BULK_QUERY_KEYS.has(key))
      return { errorCode: 'GENERAL', errorDetails: `unknown query parameter ${key}: only flagConfigEtag and flagConfigLastModified` };
    if (typeof value !== 'string' || value.length > 128) return { errorCode: 'GENERAL', errorDetails: `${key} must be given once, at most 128 characters` };
  }
  if (typeof params.flagConfigEtag === 'string') announced.etag = params.flagConfigEtag.replace(/^W\//, '');
  if (typeof params.flagConfigLastModified === 'string') {
    try {
      announced.lastModified = parseLastModified(params.flagConfigLastModified);
    } catch (error) {
      return { errorCode: 'GENERAL', errorDetails: (error as Error).message };
    }
  }
  return announced;
}

function toEvaluation(key: string, integrations: AnsweredIntegrations, rev: number): Evaluation {
  const flag = integrations[key];
  const metadata: Evaluation['metadata'] = { rev, failMode: flag.failMode };
  if (!flag.enabled) {
    if (flag.killSwitchIds) metadata.killSwitchIds = flag.killSwitchIds.join(',');
    if (flag.incidentId) metadata.incidentId = flag.incidentId;
    if (flag.reason) metadata.killReason = flag.reason; // the kill's device message, never its internal reason
  }
  return { key, value: flag.enabled, reason: flag.enabled ? 'DEFAULT' : 'DISABLED', variant: flag.enabled ? 'enabled' : 'disabled', metadata };
}

/**
 * OFREP bodies are JSON. Fastify reads a text/plain body as a string (it has a
 * parser for it) and refuses types it has no parser for with a 415 itself; a
 * text/plain one is refused here alike, rather than as a context that is not
 * an object. No body at all is left to checkContext.
 */
function checkMediaType(request: AuthenticatedRequest, body: unknown): Refusal | undefined {
  if (body === undefined) return undefined;
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return undefined;
  return { status: 415, errorCode: 'GENERAL', errorDetails: 'send JSON with Content-Type: application/json' };
}

/**
 * `If-None-Match: *` asks to act only if the resource has no current
 * representation; an evaluation always has one, so the condition is false,
 * and for a method other than GET or HEAD that is a 412 (RFC 9110 §13.1.2),
 * answered before the body is read (§13.2.1). A list of ETags is compared
 * with the bulk answer's own once it is made.
 */
function checkAnyRepresentation(request: AuthenticatedRequest): Refusal | undefined {
  const header = request.headers['if-none-match'];
  if (header === undefined || (Array.isArray(header) ? header.join(',') : header).trim() !== '*') return undefined;
  return {
    status: 412,
    errorCode: 'GENERAL',
    errorDetails: 'If-None-Match: * never holds here (an evaluation always exists): send the ETag of the last bulk answer, or no If-None-Match',
  };
}

/** OFREP's own error codes for a missing context or targetingKey; another device's id is a 403. */
function checkContext(body: unknown, deviceId: string): Refusal | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { status: 400, errorCode: 'INVALID_CONTEXT', errorDetails: 'the body must be a JSON object { context: { targetingKey } }' };
  }
  const context = (body as { context?: unknown }).context;
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    return { status: 400, errorCode: 'INVALID_CONTEXT', errorDetails: 'context is required: { "context": { "targetingKey": "<device id>" } }' };
  }
  const targetingKey = (context as { targetingKey?: unknown }).targetingKey;
  if (typeof targetingKey !== 'string' || targetingKey === '') {
    return { status: 400, errorCode: 'TARGETING_KEY_MISSING', errorDetails: 'context.targetingKey is required: the device id' };
  }
  if (targetingKey !== deviceId) {
    return { status: 403, errorCode: 'GENERAL', errorDetails: 'targetingKey must be the id of the device whose credential is used' };
  }
  return undefined;
}
