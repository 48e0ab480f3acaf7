import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@killswitch/config';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './openapi-document';

/**
 * Prints the API's OpenAPI document on stdout, for `npm run api:types`. The
 * app is created but never initialised, so nothing connects: the database
 * and Redis URLs below only satisfy the configuration's checks.
 */
async function main(): Promise<void> {
  const config = loadConfig({ DATABASE_URL: 'postgresql://openapi@127.0.0.1:9/none', REDIS_URL: 'redis://127.0.0.1:9' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter(), { logger: false, abortOnError: false });
  process.stdout.write(`${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(`openapi: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
