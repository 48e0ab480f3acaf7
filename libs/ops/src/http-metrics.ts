import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';
import { httpErrors, httpRequestDuration } from './metrics';

/**
 * Records every response in a Fastify hook: outside Nest's pipeline, and with
 * the labelled child of each (method, route, status) looked up once, so the
 * device poll pays a Map lookup rather than prom-client's label hashing.
 */
export function installHttpMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    childOf(request.method, route, reply.statusCode).observe(reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) httpErrors.inc({ route });
    done();
  });
}

/**
 * The recorder of one (method, route, status), for an answer sent before
 * Fastify (the device acks' early answer, AckFastPath): it lands in the same
 * histogram as the route's own answers.
 */
export function httpDurationRecorder(method: string, route: string, status: number): (seconds: number) => void {
  const child = childOf(method, route, status);
  return (seconds) => child.observe(seconds);
}

const children = new Map<string, Histogram.Internal<'method' | 'route' | 'status'>>();

function childOf(method: string, route: string, status: number): Histogram.Internal<'method' | 'route' | 'status'> {
  const key = `${method} ${route} ${status}`;
  let child = children.get(key);
  if (!child) {
    child = httpRequestDuration.labels({ method, route, status: String(status) });
    children.set(key, child);
  }
  return child;
}
