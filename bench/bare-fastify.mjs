// The reference the device poll is compared with: plain Fastify (the same
// package Nest runs on), no Nest, no auth, no hooks, one route answering with
// the bytes of a real device's 200 answer. GET /flags/200 sends them; GET
// /flags/304 answers 304 with the same ETag, so each API path is compared
// with the same status, headers and body size.
//
//   PORT=… BARE_BODY='{"rev":…}' BARE_ETAG='"…"' node bench/bare-fastify.mjs

import { createRequire } from 'node:module';

// fastify is a dependency of @nestjs/platform-fastify, not of this project directly.
const require = createRequire(import.meta.url);
const Fastify = require('fastify');

const body = process.env.BARE_BODY;
const etag = process.env.BARE_ETAG;
if (!body || !etag) throw new Error('set BARE_BODY and BARE_ETAG');

const app = Fastify({ logger: false });

app.get('/flags/200', (request, reply) => {
  void reply.header('etag', etag).header('cache-control', 'private, no-cache').header('content-type', 'application/json; charset=utf-8').send(body);
});

app.get('/flags/304', (request, reply) => {
  void reply.header('etag', etag).header('cache-control', 'private, no-cache').code(304).send();
});

app.get('/ready', (request, reply) => void reply.send('ok'));

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
