import type { OpenAPIObject } from '@nestjs/swagger';
import { errorResponse } from '@killswitch/http';

const DEVICE_REFUSALS = {
  '401': errorResponse(['unauthenticated', 'the credential is missing, invalid, expired or revoked, or the device is decommissioned']),
  '403': errorResponse(['forbidden', 'this route takes a device credential']),
  '429': errorResponse(['rate_limited', 'too many refused attempts from this credential or address: retry in 30 s']),
};

/** GET /v1/device/flags is a plain Fastify route (see libs/device-api poll.route.ts); its OpenAPI entry is written here. */
export const POLL_OPENAPI: OpenAPIObject['paths'][string] = {
  get: {
    tags: ['device'],
    operationId: 'DeviceFlags_poll',
    summary: "The device poll: the device's integrations and a signed snapshot",
    security: [{ bearer: [] }],
    parameters: [{ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } }],
    responses: {
      '200': {
        description: 'Cache-Control: private, no-cache',
        headers: { ETag: { description: 'changes with the answer, the signing key and the freshness bucket', schema: { type: 'string' } } },
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['rev', 'integrations', 'snapshot'],
              properties: {
                rev: { type: 'integer', description: 'the revision this answer was evaluated at' },
                integrations: {
                  type: 'object',
                  additionalProperties: {
                    type: 'object',
                    required: ['enabled', 'failMode'],
                    properties: {
                      enabled: { type: 'boolean' },
                      reason: { type: 'string', description: "the kill's public deviceMessage, or a neutral default; never the responder's internal reason" },
                      killSwitchIds: { type: 'array', items: { type: 'string' } },
                      incidentId: { type: 'string' },
                      failMode: { type: 'string', enum: ['closed', 'open'] },
                    },
                  },
                },
                snapshot: {
                  type: 'string',
                  description: 'compact JWS (EdDSA, kid) of { iss, sub, rev, iat, exp, integrations }; verify with /.well-known/jwks.json',
                },
              },
            },
          },
        },
      },
      '304': { description: 'the snapshot the device holds is still the answer, and still fresh' },
      ...DEVICE_REFUSALS,
    },
  },
};

/** GET /v1/device/events, also a plain Fastify route (libs/device-api poll.route.ts). */
export const EVENTS_OPENAPI: OpenAPIObject['paths'][string] = {
  get: {
    tags: ['device'],
    operationId: 'DeviceFlags_events',
    summary: 'The device stream: server-sent events `event: flags`, `id: <rev>`, `data:` the GET /v1/device/flags body',
    description:
      "On connect the current answer is sent at once if its rev is newer than Last-Event-ID (always, without the header; a Last-Event-ID above the current revision names no answer this server gave and counts as none). An inventory report that changes the device's answer is sent too, with the same rev and a later iat in its snapshot. Heartbeat comments every 15 s. A second stream for the same device replaces the first. A reader that stops draining is disconnected and resumes with Last-Event-ID.",
    security: [{ bearer: [] }],
    parameters: [{ name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^\\d+$' } }],
    responses: {
      '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
      '400': errorResponse(['invalid_input', 'Last-Event-ID must be a revision number']),
      ...DEVICE_REFUSALS,
    },
  },
};

/** GET /v1/device/ofrep-events, a plain Fastify route (libs/device-api ofrep-events.route.ts); its URL comes from an OFREP bulk answer's eventStreams. */
export const OFREP_EVENTS_OPENAPI: OpenAPIObject['paths'][string] = {
  get: {
    tags: ['ofrep'],
    operationId: 'OfrepEvents_stream',
    summary: 'OFREP event stream (ADR-0008): `data: {"type":"refetchEvaluation","etag","lastModified"}` when the device’s answer changes',
    description:
      'Use the URL an OFREP bulk evaluation names in eventStreams; its token is bound to one device and its current credential, good for connecting for 5 to 10 minutes, refused after a rotation or a decommission (which also end open streams). On connect a refetchEvaluation is sent at once unless flagConfigEtag (or Last-Event-ID) names the current configuration and flagConfigLastModified is not older. Heartbeat comments every 15 s.',
    security: [],
    parameters: [
      { name: 'token', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'flagConfigEtag', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'flagConfigLastModified', in: 'query', required: false, schema: { type: 'string' }, description: 'unix seconds or an ISO 8601 date-time' },
      { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
    ],
    responses: {
      '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
      '400': { description: 'an unknown query parameter, a malformed flagConfigEtag, Last-Event-ID or flagConfigLastModified' },
      '401': { description: 'missing, malformed, expired or forged token, or one whose credential was rotated or whose device was decommissioned' },
      '429': DEVICE_REFUSALS['429'],
    },
  },
};
