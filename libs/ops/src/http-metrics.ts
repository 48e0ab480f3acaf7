import type { FastifyInstance } from 'fastify';
import { httpErrors, httpRequestDuration } from './metrics';

/** Records every response in a Fastify hook: cheap, and outside Nest's pipeline. */
export function installHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) httpErrors.inc({ route });
    done();
  });
}
