import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';
import { httpErrors, httpRequestDuration } from './metrics';

/**
 * Records every response in a Fastify hook: outside Nest's pipeline, and with
 * the labelled child of each (method, route, status) looked up once, so the
 * device poll pays a Map lookup rather than prom-client's label hashing.
 */
export function installHttpMetrics(fastify: FastifyInstance): void {
  const children = new Map<string, Histogram.Internal<'method' | 'route' | 'status'>>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let child = children.get(key);
    if (!child) {
      child = httpRequestDuration.labels({ method: request.method, route, status: String(reply.statusCode) });
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) httpErrors.inc({ route });
    done();
  });
}
