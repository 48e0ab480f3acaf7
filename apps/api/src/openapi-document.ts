import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { EVENTS_PATH, OFREP_EVENTS_PATH, POLL_PATH } from '@killswitch/device-api';
import { documentErrorBodies } from '@killswitch/http';
import { SESSION_COOKIE } from '@killswitch/identity';
import { EVENTS_OPENAPI, OFREP_EVENTS_OPENAPI, POLL_OPENAPI } from './poll.openapi';

/**
 * The API's OpenAPI document: served at /docs-json, and written to
 * docs/openapi.json by `npm run api:types` (from which the admin UI's types
 * are generated). Needs only a created app, not an initialised one: no
 * database or Redis connection.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Killswitch')
      .setDescription(
        'Vendor-integration kill-switch control plane. Errors are { statusCode, error, message, requestId, code } (the ErrorBody schema), ' +
          'but under /ofrep/, where every error is in the OpenFeature Remote Evaluation Protocol’s shape: { key?, errorCode, errorDetails }.',
      )
      .setVersion('1')
      .addServer('/', 'this server: the document is served by the API it describes (/docs-json)')
      // Tokens are opaque (API tokens, sessions, device credentials), so no bearerFormat.
      .addSecurity('bearer', {
        type: 'http',
        scheme: 'bearer',
        description: 'an API token, a session token from POST /v1/auth/login, or a device credential on the device routes',
      })
      .addCookieAuth(SESSION_COOKIE, {
        type: 'apiKey',
        in: 'cookie',
        description: 'the admin UI session (POST /v1/auth/session); writes also need X-CSRF-Token',
      })
      .build(),
  );
  document.paths[POLL_PATH] = POLL_OPENAPI;
  document.paths[EVENTS_PATH] = EVENTS_OPENAPI;
  document.paths[OFREP_EVENTS_PATH] = OFREP_EVENTS_OPENAPI;
  documentErrorBodies(document);
  return document;
}
