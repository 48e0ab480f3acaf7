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
      .setDescription('Vendor-integration kill-switch control plane. Errors are { statusCode, error, message, requestId, code } (the ErrorBody schema).')
      .setVersion('1')
      .addBearerAuth()
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
  document.paths[POLL_PATH] = POLL_OPENAPI;
  document.paths[EVENTS_PATH] = EVENTS_OPENAPI;
  document.paths[OFREP_EVENTS_PATH] = OFREP_EVENTS_OPENAPI;
  documentErrorBodies(document);
  return document;
}
