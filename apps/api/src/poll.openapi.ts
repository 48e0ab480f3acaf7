import type { OpenAPIObject } from '@nestjs/swagger';
import { errorResponse } from '@killswitch/http';

const DEVICE_REFUSALS = {
  '401': errorResponse(['unauthenticated', 'the credential is missing, invalid, expired or revoked, or the device is decommissioned']),
  '403': errorResponse(['forbidden', 'this route takes a device credential']),
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
      'On connect the current answer is sent at once if its rev is newer than Last-Event-ID (always, without the header). Heartbeat comments every 15 s. A second stream for the same device replaces the first. A reader that stops draining is disconnected and resumes with Last-Event-ID.',
    security: [{ bearer: [] }],
    parameters: [{ name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^\\d+$' } }],
    responses: {
      '200': { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
      '400': errorResponse(['invalid_input', 'Last-Event-ID must be a revision number']),
      ...DEVICE_REFUSALS,
    },
  },
};
