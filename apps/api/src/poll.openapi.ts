import type { OpenAPIObject } from '@nestjs/swagger';

/** GET /v1/device/flags is a plain Fastify route (see libs/device-api poll.route.ts); its OpenAPI entry is written here. */
export const POLL_OPENAPI: OpenAPIObject['paths'][string] = {
  get: {
    tags: ['device'],
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
                      reason: { type: 'string' },
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
      '401': { description: 'missing, invalid, rotated or decommissioned credential' },
      '403': { description: 'a credential that is not a device credential' },
    },
  },
};
